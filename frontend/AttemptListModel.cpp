#include "frontend/AttemptListModel.h"

#include "backend/domain/Events.h"
#include "frontend/RowMap.h"
#include "frontend/TaskSpecFields.h"

#include <algorithm>

namespace frontend {

void AttemptListModel::setWorkflowId(const QString &workflowId)
{
    if (m_workflowId == workflowId)
        return;
    m_workflowId = workflowId;
    resetRows();
    Q_EMIT keyChanged();
}

void AttemptListModel::setTaskId(const QString &taskId)
{
    if (m_taskId == taskId)
        return;
    m_taskId = taskId;
    resetRows();
    Q_EMIT keyChanged();
}

QString AttemptListModel::aggregateId() const
{
    return backend::taskAggregateId(backend::WorkflowId(m_workflowId), backend::TaskId(m_taskId));
}

int AttemptListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_history.attempts().size());
}

const AttemptRecord &AttemptListModel::recordAt(int row) const
{
    // Newest first: the history keeps ascending numbers.
    const QList<AttemptRecord> &all = m_history.attempts();
    return all.at(all.size() - 1 - row);
}

QVariant AttemptListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const AttemptRecord &a = recordAt(index.row());
    const QDateTime from = a.startedAt.isValid() ? a.startedAt : a.leasedAt;
    switch (role) {
    case AttemptRole:
        return a.attempt;
    case Qt::DisplayRole:
    case OutcomeRole:
        return a.outcome;
    case ExitCodeRole:
        return a.exitCode.value_or(-1);
    case ErrorRole:
        return a.error;
    case StartedAtRole:
        return from;
    case DurationMsRole:
        return from.isValid() && a.endedAt.isValid() ? QVariant(from.msecsTo(a.endedAt))
                                                     : QVariant(-1);
    case DurationRole:
        return from.isValid() && a.endedAt.isValid() ? durationText(from.msecsTo(a.endedAt))
                                                     : QString();
    case ThreadIdRole:
        return a.threadId;
    case TurnIdRole:
        return a.turnId;
    case HasTurnRole: {
        if (!client() || a.turnId.isEmpty())
            return false;
        const backend::ThreadView *thread = client()->model().thread(backend::ThreadId(a.threadId));
        return thread && !thread->deleted && thread->turns.contains(backend::TurnId(a.turnId));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> AttemptListModel::roleNames() const
{
    return {{AttemptRole, "attempt"},     {OutcomeRole, "outcome"},
            {ExitCodeRole, "exitCode"},   {ErrorRole, "error"},
            {StartedAtRole, "startedAt"}, {DurationMsRole, "durationMs"},
            {DurationRole, "duration"},   {ThreadIdRole, "threadId"},
            {TurnIdRole, "turnId"},       {HasTurnRole, "hasTurn"}};
}

QVariantMap AttemptListModel::get(int row) const
{
    return rowAsMap(*this, row);
}

void AttemptListModel::reload()
{
    m_history = AttemptHistory();
    m_held.clear();
    m_asOf = 0;
    const bool wasLoading = isLoading();
    m_pendingRequest = 0;
    disconnect(m_readConnection);
    if (client() && client()->isReady() && !m_workflowId.isEmpty() && !m_taskId.isEmpty()) {
        m_readConnection = connect(client()->history(), &HistoryReader::aggregateEventsReady, this,
                                   [this](const AggregateEvents &answer) { onEvents(answer); });
        m_pendingRequest = client()->history()->requestAggregateEvents(
            QStringLiteral("task"), aggregateId(), AttemptHistory::eventTypes());
        Q_EMIT loadingChanged();
    } else if (wasLoading) {
        Q_EMIT loadingChanged();
    }
}

void AttemptListModel::onEvents(const AggregateEvents &answer)
{
    if (answer.requestId != m_pendingRequest)
        return; // an answer for an earlier task or an earlier reset
    m_pendingRequest = 0;
    if (!answer.error.isEmpty()) {
        Q_EMIT loadingChanged();
        Q_EMIT client()->notify(QStringLiteral("error"), tr("Cannot read the task's attempts"),
                                answer.error);
        return;
    }
    m_asOf = answer.asOf;
    beginResetModel();
    for (const backend::StoredEvent &event : answer.events)
        m_history.apply(event);
    endResetModel();
    // Held events up to asOf are in the answer already; later ones follow it.
    const QList<backend::StoredEvent> held = std::exchange(m_held, {});
    for (const backend::StoredEvent &event : held)
        if (event.sequence > m_asOf)
            fold(event);
    Q_EMIT loadingChanged();
    Q_EMIT countChanged();
}

void AttemptListModel::apply(const backend::StoredEvent &event)
{
    if (m_workflowId.isEmpty() || m_taskId.isEmpty())
        return;
    if (event.aggregateKind == QLatin1String("thread")) {
        // The task's thread gaining a turn or going away changes which rows can open theirs.
        const QList<AttemptRecord> &all = m_history.attempts();
        if (!all.isEmpty() && event.aggregateId == all.last().threadId
            && (event.type == QLatin1String(backend::ThreadCreated::kType)
                || event.type == QLatin1String(backend::ThreadTurnStarted::kType)
                || event.type == QLatin1String(backend::ThreadDeleted::kType)))
            Q_EMIT dataChanged(index(0), index(rowCount() - 1), {HasTurnRole});
        return;
    }
    if (event.aggregateKind != QLatin1String("task") || event.aggregateId != aggregateId())
        return;
    if (isLoading()) {
        m_held.append(event);
        return;
    }
    if (event.sequence > m_asOf)
        fold(event);
}

void AttemptListModel::fold(const backend::StoredEvent &event)
{
    AttemptHistory next = m_history;
    const int changed = next.apply(event);
    if (changed == 0)
        return;
    const QList<AttemptRecord> &all = next.attempts();
    const auto at = std::find_if(all.cbegin(), all.cend(), [changed](const AttemptRecord &a) {
        return a.attempt == changed;
    });
    const int row = int(all.cend() - at) - 1; // newest first
    if (all.size() > m_history.attempts().size()) {
        beginInsertRows({}, row, row);
        m_history = std::move(next);
        endInsertRows();
        return;
    }
    m_history = std::move(next);
    Q_EMIT dataChanged(index(row), index(row));
}

} // namespace frontend

#include "frontend/TurnListModel.h"

#include "frontend/Words.h"

namespace frontend {

void TurnListModel::setThreadId(const QString &threadId)
{
    if (m_threadId == threadId)
        return;
    m_threadId = threadId;
    resetRows();
    Q_EMIT threadIdChanged();
}

int TurnListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant TurnListModel::data(const QModelIndex &index, int role) const
{
    if (!client() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const backend::ThreadView *thread = client()->model().thread(backend::ThreadId(m_threadId));
    if (!thread)
        return {};
    const auto it = thread->turns.constFind(backend::TurnId(m_ids.at(index.row())));
    if (it == thread->turns.cend())
        return {};
    const backend::TurnView &turn = *it;
    switch (role) {
    case IdRole:
        return turn.id.value;
    case NumberRole:
        return index.row() + 1;
    case Qt::DisplayRole:
    case StateRole:
        return turnStateWord(turn.state);
    case StartedAtRole:
        return turn.startedAt;
    case DurationMsRole:
        return turn.completedAt.isValid() && turn.startedAt.isValid()
            ? QVariant(turn.startedAt.msecsTo(turn.completedAt))
            : QVariant(-1);
    case ExitCodeRole:
        return turn.exitCode.value_or(-1);
    case ErrorRole:
        return turn.error.value_or(QString());
    default:
        return {};
    }
}

QHash<int, QByteArray> TurnListModel::roleNames() const
{
    return {
        {IdRole, "turnId"},           {NumberRole, "number"},         {StateRole, "turnState"},
        {StartedAtRole, "startedAt"}, {DurationMsRole, "durationMs"}, {ExitCodeRole, "exitCode"},
        {ErrorRole, "error"}};
}

void TurnListModel::reload()
{
    m_ids.clear();
    if (!client() || m_threadId.isEmpty())
        return;
    if (const auto *thread = client()->model().thread(backend::ThreadId(m_threadId)))
        for (const backend::TurnId &id : thread->turnOrder)
            m_ids.append(id.value);
}

void TurnListModel::apply(const backend::StoredEvent &event)
{
    if (event.aggregateKind != QLatin1String("thread") || event.aggregateId != m_threadId)
        return;
    if (event.type == QLatin1String("thread.turn-started")) {
        const auto *thread = client()->model().thread(backend::ThreadId(m_threadId));
        if (!thread)
            return;
        // The new turn is the last one started; insert what the list lacks (one row).
        for (qsizetype i = m_ids.size(); i < thread->turnOrder.size(); ++i) {
            beginInsertRows({}, int(i), int(i));
            m_ids.append(thread->turnOrder.at(i).value);
            endInsertRows();
        }
    } else if (event.type == QLatin1String("thread.turn-completed")
               || event.type == QLatin1String("thread.turn-interrupt-requested")) {
        const int row = int(m_ids.indexOf(event.payload.value(QLatin1String("turnId")).toString()));
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row));
    } else if (event.type == QLatin1String("thread.deleted")) {
        resetRows();
    }
}

} // namespace frontend

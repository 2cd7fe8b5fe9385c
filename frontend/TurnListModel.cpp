#include "frontend/TurnListModel.h"

#include "frontend/RowMap.h"
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
    const auto totalOf = [this, &turn](QLatin1StringView key) {
        int total = 0;
        for (const QJsonValue &file : m_files.value(turn.id.value))
            total += file.toObject().value(key).toInt();
        return total;
    };
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
    case FilesRole:
        return m_files.value(turn.id.value).toVariantList();
    case FileCountRole:
        return int(m_files.value(turn.id.value).size());
    case AdditionsRole:
        return totalOf(QLatin1StringView("additions"));
    case DeletionsRole:
        return totalOf(QLatin1StringView("deletions"));
    default:
        return {};
    }
}

QHash<int, QByteArray> TurnListModel::roleNames() const
{
    return {
        {IdRole, "turnId"},           {NumberRole, "number"},         {StateRole, "turnState"},
        {StartedAtRole, "startedAt"}, {DurationMsRole, "durationMs"}, {ExitCodeRole, "exitCode"},
        {ErrorRole, "error"},         {FilesRole, "files"},           {FileCountRole, "fileCount"},
        {AdditionsRole, "additions"}, {DeletionsRole, "deletions"}};
}

QVariantMap TurnListModel::get(int row) const
{
    return rowAsMap(*this, row);
}

void TurnListModel::reload()
{
    m_ids.clear();
    m_files.clear();
    m_diffRequest = 0;
    disconnect(m_diffConnection);
    if (!client() || m_threadId.isEmpty())
        return;
    if (client()->isReady()) {
        m_diffConnection = connect(client()->history(), &HistoryReader::turnDiffsReady, this,
                                   [this](const TurnDiffs &diffs) { onTurnDiffs(diffs); });
        m_diffRequest = client()->history()->requestTurnDiffs(m_threadId);
    }
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
    } else if (event.type == QLatin1String("thread.turn.diff-completed")) {
        const QJsonObject payload = event.payload.object();
        setFiles(payload.value(QLatin1String("turnId")).toString(),
                 payload.value(QLatin1String("files")).toArray());
    } else if (event.type == QLatin1String("thread.deleted")
               || event.type == QLatin1String("thread.reverted")) {
        resetRows();
    }
}

void TurnListModel::onTurnDiffs(const TurnDiffs &diffs)
{
    if (diffs.requestId != m_diffRequest)
        return; // an answer for an earlier thread or an earlier reset
    m_diffRequest = 0;
    if (!diffs.error.isEmpty()) {
        Q_EMIT client()->notify(QStringLiteral("error"), tr("Cannot read the turns' changes"),
                                diffs.error);
        return;
    }
    // A live event may have arrived since the read began; it is newer, so it stays.
    for (auto it = diffs.filesByTurn.cbegin(); it != diffs.filesByTurn.cend(); ++it)
        if (!m_files.contains(it.key()))
            setFiles(it.key(), it.value());
}

void TurnListModel::setFiles(const QString &turnId, const QJsonArray &files)
{
    m_files.insert(turnId, files);
    const int row = int(m_ids.indexOf(turnId));
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row));
}

} // namespace frontend

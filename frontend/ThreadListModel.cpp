#include "frontend/ThreadListModel.h"

#include "frontend/Words.h"

#include <algorithm>

namespace frontend {

void ThreadListModel::setProjectId(const QString &projectId)
{
    if (m_projectId == projectId)
        return;
    m_projectId = projectId;
    resetRows();
    Q_EMIT projectIdChanged();
    Q_EMIT archivedCountChanged();
}

int ThreadListModel::archivedCount() const
{
    if (!client())
        return 0;
    return int(std::count_if(m_ids.cbegin(), m_ids.cend(), [this](const QString &id) {
        const auto *thread = client()->model().thread(backend::ThreadId(id));
        return thread && thread->archived;
    }));
}

int ThreadListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant ThreadListModel::data(const QModelIndex &index, int role) const
{
    if (!client() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const backend::ThreadView *thread
        = client()->model().thread(backend::ThreadId(m_ids.at(index.row())));
    if (!thread)
        return {};
    switch (role) {
    case IdRole:
        return thread->id.value;
    case Qt::DisplayRole:
    case TitleRole:
        return thread->title;
    case StatusRole:
        return statusWord(thread->status);
    case ArchivedRole:
        return thread->archived;
    case RunningRole:
        return thread->runningTurnId.has_value();
    case ErrorRole:
        return thread->status == backend::ThreadStatus::Error;
    case ProviderRole: {
        const std::optional<backend::ProviderSpec> provider = client()->model().providerOf(*thread);
        return provider ? provider->kind : QString();
    }
    case TurnCountRole:
        return int(thread->turnOrder.size());
    default:
        return {};
    }
}

QHash<int, QByteArray> ThreadListModel::roleNames() const
{
    return {{IdRole, "threadId"},       {TitleRole, "title"},        {StatusRole, "status"},
            {ArchivedRole, "archived"}, {RunningRole, "running"},    {ErrorRole, "hasError"},
            {ProviderRole, "provider"}, {TurnCountRole, "turnCount"}};
}

int ThreadListModel::indexOf(const QString &threadId) const
{
    return int(m_ids.indexOf(threadId));
}

void ThreadListModel::reload()
{
    m_ids.clear();
    if (!client() || m_projectId.isEmpty())
        return;
    QList<const backend::ThreadView *> threads;
    for (const backend::ThreadId &id :
         client()->model().liveThreadsOf(backend::ProjectId(m_projectId)))
        if (const auto *thread = client()->model().thread(id);
            thread && !backend::isTaskProvider(thread->provider))
            threads.append(thread);
    std::sort(threads.begin(), threads.end(), [](const auto *a, const auto *b) {
        return a->createdAt != b->createdAt ? a->createdAt < b->createdAt : a->id < b->id;
    });
    for (const auto *thread : threads)
        m_ids.append(thread->id.value);
}

void ThreadListModel::apply(const backend::StoredEvent &event)
{
    if (event.aggregateKind != QLatin1String("thread") || m_projectId.isEmpty())
        return;
    // Bodies of messages and activities do not show in this list.
    if (event.type == QLatin1String("thread.message-sent")
        || event.type == QLatin1String("thread.activity-appended"))
        return;
    const backend::ThreadView *thread
        = client()->model().thread(backend::ThreadId(event.aggregateId));
    // A task's attempts are reached from the workflow view's inspector, not listed here: a
    // workflow of a thousand tasks would bury the project's own threads.
    if (!thread || thread->projectId.value != m_projectId
        || backend::isTaskProvider(thread->provider))
        return;
    const int row = indexOf(event.aggregateId);
    if (!thread->deleted && row < 0) {
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size()));
        m_ids.append(event.aggregateId);
        endInsertRows();
    } else if (thread->deleted && row >= 0) {
        beginRemoveRows({}, row, row);
        m_ids.removeAt(row);
        endRemoveRows();
    } else if (row >= 0) {
        Q_EMIT dataChanged(index(row), index(row));
    }
    if (event.type == QLatin1String("thread.archived")
        || event.type == QLatin1String("thread.unarchived")
        || event.type == QLatin1String("thread.deleted"))
        Q_EMIT archivedCountChanged();
}

} // namespace frontend

#include "frontend/ProjectListModel.h"

#include <algorithm>

namespace frontend {

int ProjectListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant ProjectListModel::data(const QModelIndex &index, int role) const
{
    if (!client() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const backend::ProjectView *project
        = client()->model().project(backend::ProjectId(m_ids.at(index.row())));
    if (!project)
        return {};
    switch (role) {
    case IdRole:
        return project->id.value;
    case Qt::DisplayRole:
    case TitleRole:
        return project->title;
    case WorkspaceRootRole:
        return project->workspaceRoot;
    case ThreadCountRole:
        return int(client()->model().liveThreadsOf(project->id).size());
    default:
        return {};
    }
}

QHash<int, QByteArray> ProjectListModel::roleNames() const
{
    return {{IdRole, "projectId"},
            {TitleRole, "title"},
            {WorkspaceRootRole, "workspaceRoot"},
            {ThreadCountRole, "threadCount"}};
}

int ProjectListModel::indexOf(const QString &projectId) const
{
    return int(m_ids.indexOf(projectId));
}

void ProjectListModel::reload()
{
    m_ids.clear();
    if (!client())
        return;
    QList<const backend::ProjectView *> live;
    for (const backend::ProjectView &project : client()->model().projects)
        if (!project.deleted)
            live.append(&project);
    std::sort(live.begin(), live.end(), [](const auto *a, const auto *b) {
        return a->createdAt != b->createdAt ? a->createdAt < b->createdAt : a->id < b->id;
    });
    for (const auto *project : live)
        m_ids.append(project->id.value);
}

void ProjectListModel::apply(const backend::StoredEvent &event)
{
    if (event.aggregateKind == QLatin1String("thread")
        && (event.type == QLatin1String("thread.created")
            || event.type == QLatin1String("thread.deleted"))) {
        const auto *thread = client()->model().thread(backend::ThreadId(event.aggregateId));
        const int row = thread ? indexOf(thread->projectId.value) : -1;
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {ThreadCountRole});
        return;
    }
    if (event.aggregateKind != QLatin1String("project"))
        return;
    const backend::ProjectView *project
        = client()->model().project(backend::ProjectId(event.aggregateId));
    const int row = indexOf(event.aggregateId);
    const bool live = project && !project->deleted;
    if (live && row < 0) {
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size()));
        m_ids.append(event.aggregateId);
        endInsertRows();
    } else if (!live && row >= 0) {
        beginRemoveRows({}, row, row);
        m_ids.removeAt(row);
        endRemoveRows();
    } else if (row >= 0) {
        Q_EMIT dataChanged(index(row), index(row));
    }
}

} // namespace frontend

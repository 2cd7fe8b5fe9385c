#include "backend/domain/ReadModel.h"

namespace backend {

const ProjectView *ReadModel::project(const ProjectId &id) const
{
    const auto it = projects.constFind(id);
    return it == projects.cend() ? nullptr : &*it;
}

const ThreadView *ReadModel::thread(const ThreadId &id) const
{
    const auto it = threads.constFind(id);
    return it == threads.cend() ? nullptr : &*it;
}

std::optional<ProviderSpec> ReadModel::providerOf(const ThreadView &thread) const
{
    if (thread.provider)
        return thread.provider;
    const ProjectView *p = project(thread.projectId);
    return p ? p->defaultProvider : std::nullopt;
}

const ProjectView *ReadModel::liveProjectAt(const QString &workspaceRoot) const
{
    // Projects are few (a developer's workspaces), so a scan beats keeping a second index
    // consistent through every fold.
    for (const auto &p : projects) {
        if (!p.deleted && p.workspaceRoot == workspaceRoot)
            return &p;
    }
    return nullptr;
}

const WorkflowView *ReadModel::workflow(const WorkflowId &id) const
{
    const auto it = workflows.constFind(id);
    return it == workflows.cend() ? nullptr : &*it;
}

const TaskView *ReadModel::task(const WorkflowId &workflowId, const TaskId &id) const
{
    const WorkflowView *w = workflow(workflowId);
    return w ? w->task(id) : nullptr;
}

QList<ThreadId> ReadModel::liveThreadsOf(const ProjectId &projectId) const
{
    QList<ThreadId> ids;
    for (const auto &t : threads) {
        if (!t.deleted && t.projectId == projectId)
            ids.append(t.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

qint64 ReadModel::versionOf(const QString &aggregateKind, const QString &aggregateId) const
{
    if (aggregateKind == QLatin1String("thread")) {
        const ThreadView *t = thread(ThreadId(aggregateId));
        return t ? t->version : 0;
    }
    if (aggregateKind == QLatin1String("project")) {
        const ProjectView *p = project(ProjectId(aggregateId));
        return p ? p->version : 0;
    }
    if (aggregateKind == QLatin1String("task")) {
        const auto [workflowId, taskId] = splitTaskAggregateId(aggregateId);
        const TaskView *t = task(workflowId, taskId);
        return t ? t->version : 0;
    }
    if (aggregateKind == QLatin1String("workflow")) {
        const WorkflowView *w = workflow(WorkflowId(aggregateId));
        return w ? w->version : 0;
    }
    return 0;
}

void ReadModel::setVersion(const QString &aggregateKind, const QString &aggregateId, qint64 version)
{
    if (aggregateKind == QLatin1String("thread")) {
        if (auto it = threads.find(ThreadId(aggregateId)); it != threads.end())
            it->version = version;
    } else if (aggregateKind == QLatin1String("project")) {
        if (auto it = projects.find(ProjectId(aggregateId)); it != projects.end())
            it->version = version;
    } else if (aggregateKind == QLatin1String("task")) {
        const auto [workflowId, taskId] = splitTaskAggregateId(aggregateId);
        if (auto w = workflows.find(workflowId); w != workflows.end()) {
            if (auto t = w->tasks.find(taskId); t != w->tasks.end())
                t->version = version;
        }
    } else if (aggregateKind == QLatin1String("workflow")) {
        if (auto it = workflows.find(WorkflowId(aggregateId)); it != workflows.end())
            it->version = version;
    }
}

} // namespace backend

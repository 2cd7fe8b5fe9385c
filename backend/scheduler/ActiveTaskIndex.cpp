#include "backend/scheduler/ActiveTaskIndex.h"

#include "backend/domain/Events.h"

namespace backend {

bool ActiveTaskIndex::isActive(const WorkflowView &workflow, const TaskView &task)
{
    switch (task.state) {
    case TaskRunState::Scheduled:
    case TaskRunState::RetryWait:
    case TaskRunState::Ready:
    case TaskRunState::Leased:
    case TaskRunState::Running:
        return true;
    case TaskRunState::Blocked:
        // Only when it can never run: the tick marks it upstream_failed.
        return workflow.failedPrerequisite(task) != nullptr;
    case TaskRunState::Succeeded:
    case TaskRunState::Failed:
    case TaskRunState::Canceled:
    case TaskRunState::UpstreamFailed:
        return false;
    }
    return false;
}

void ActiveTaskIndex::noteEvent(const StoredEvent &event)
{
    if (event.aggregateKind == QLatin1String("task")) {
        auto [workflowId, taskId] = splitTaskAggregateId(event.aggregateId);
        m_dirtyTasks[workflowId].insert(std::move(taskId));
    } else if (event.aggregateKind == QLatin1String("workflow")) {
        // Rare (created, imported, started, paused, canceled, …) and may touch every task.
        m_dirtyWorkflows.insert(WorkflowId(event.aggregateId));
    }
}

void ActiveTaskIndex::learnPositions(const WorkflowView &workflow, Entry &entry)
{
    // taskOrder only grows, so positions once learnt stay true.
    for (; entry.known < workflow.taskOrder.size(); ++entry.known)
        entry.position.insert(workflow.taskOrder.at(entry.known), entry.known);
}

void ActiveTaskIndex::place(const WorkflowView &workflow, Entry &entry, const TaskView &task,
                            qsizetype position)
{
    entry.ready.erase(position);
    entry.other.erase(position);
    if (isActive(workflow, task))
        (task.state == TaskRunState::Ready ? entry.ready : entry.other).insert(position);
}

void ActiveTaskIndex::rebuild(const WorkflowView &workflow, Entry &entry)
{
    entry = Entry {};
    entry.stale = false;
    learnPositions(workflow, entry);
    for (qsizetype i = 0; i < workflow.taskOrder.size(); ++i) {
        const TaskView *t = workflow.task(workflow.taskOrder.at(i));
        if (!t || !isActive(workflow, *t))
            continue;
        std::set<qsizetype> &set = t->state == TaskRunState::Ready ? entry.ready : entry.other;
        set.insert(set.end(), i); // ascending: each insert lands at the end
    }
}

void ActiveTaskIndex::update(const WorkflowView &workflow, Entry &entry, const TaskId &taskId)
{
    learnPositions(workflow, entry);
    const auto pos = entry.position.constFind(taskId);
    const TaskView *t = workflow.task(taskId);
    if (pos == entry.position.cend() || !t)
        return;
    place(workflow, entry, *t, *pos);
    if (!isTerminalFailure(t->state))
        return;
    // A prerequisite that ended dooms its blocked dependents. The decider marks them
    // upstream_failed in the same command, so each has its own event; this keeps the index
    // right should one ever be left blocked (the tick then marks it).
    for (const TaskId &d : t->dependents) {
        const auto dpos = entry.position.constFind(d);
        const TaskView *dependent = workflow.task(d);
        if (dpos != entry.position.cend() && dependent)
            place(workflow, entry, *dependent, *dpos);
    }
}

void ActiveTaskIndex::refresh(const ReadModel &model)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (!model.workflows.contains(it.key()))
            it = m_entries.erase(it);
        else
            ++it;
    }
    for (const WorkflowId &id : std::as_const(m_dirtyWorkflows)) {
        if (auto it = m_entries.find(id); it != m_entries.end())
            it->stale = true;
    }
    m_dirtyWorkflows.clear();
    for (const WorkflowView &w : model.workflows) {
        Entry &entry = m_entries[w.id];
        if (entry.stale)
            rebuild(w, entry);
    }
    for (auto it = m_dirtyTasks.cbegin(); it != m_dirtyTasks.cend(); ++it) {
        const WorkflowView *w = model.workflow(it.key());
        auto entry = m_entries.find(it.key());
        if (!w || entry == m_entries.end())
            continue;
        for (const TaskId &taskId : it.value())
            update(*w, *entry, taskId);
    }
    m_dirtyTasks.clear();
}

QList<const TaskView *> ActiveTaskIndex::active(const WorkflowView &workflow, bool withReady) const
{
    QList<const TaskView *> tasks;
    const auto entry = m_entries.constFind(workflow.id);
    if (entry == m_entries.cend())
        return tasks;
    const auto add = [&](qsizetype pos) {
        if (pos >= workflow.taskOrder.size())
            return;
        if (const TaskView *t = workflow.task(workflow.taskOrder.at(pos)))
            tasks.append(t);
    };
    if (!withReady) {
        tasks.reserve(static_cast<qsizetype>(entry->other.size()));
        for (qsizetype pos : entry->other)
            add(pos);
        return tasks;
    }
    tasks.reserve(static_cast<qsizetype>(entry->ready.size() + entry->other.size()));
    // Both sets ascend: merged, the tasks come in the workflow's order.
    auto r = entry->ready.cbegin();
    auto o = entry->other.cbegin();
    while (r != entry->ready.cend() || o != entry->other.cend()) {
        if (o == entry->other.cend() || (r != entry->ready.cend() && *r < *o))
            add(*r++);
        else
            add(*o++);
    }
    return tasks;
}

bool ActiveTaskIndex::matches(const ReadModel &model) const
{
    for (const WorkflowView &w : model.workflows) {
        Entry fresh;
        rebuild(w, fresh);
        const auto entry = m_entries.constFind(w.id);
        if (entry == m_entries.cend() || entry->ready != fresh.ready || entry->other != fresh.other)
            return false;
    }
    return true;
}

} // namespace backend

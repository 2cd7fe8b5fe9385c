#include "backend/domain/WorkflowDecider.h"

#include "backend/domain/Projector.h"
#include "backend/domain/TaskSpecRules.h"
#include "backend/domain/WorkflowWords.h"

#include <QHash>
#include <QSet>

#include <deque>
#include <type_traits>
#include <variant>

namespace backend::workflow {

using Code = DeciderError::Code;

namespace {

bool blank(const QString &s)
{
    return s.trimmed().isEmpty();
}

std::optional<DeciderError> liveProject(const ReadModel &model, const ProjectId &id)
{
    const ProjectView *p = model.project(id);
    if (!p)
        return DeciderError {Code::ProjectNotFound,
                             QStringLiteral("Project %1 does not exist.").arg(id.value)};
    if (p->deleted)
        return DeciderError {Code::ProjectDeleted,
                             QStringLiteral("Project %1 was deleted.").arg(id.value)};
    return std::nullopt;
}

std::unexpected<DeciderError> workflowTransition(const WorkflowView &w, WorkflowState to)
{
    return refuse(Code::InvalidTransition,
                  QStringLiteral("Workflow %1 cannot go from %2 to %3.")
                      .arg(w.id.value, toWord(w.state), toWord(to)));
}

} // namespace

std::unexpected<DeciderError> refuse(DeciderError::Code code, QString message)
{
    return std::unexpected(DeciderError {code, std::move(message)});
}

std::expected<const WorkflowView *, DeciderError> openWorkflow(const ReadModel &model,
                                                               const WorkflowId &id)
{
    const WorkflowView *w = model.workflow(id);
    if (!w)
        return refuse(Code::WorkflowNotFound,
                      QStringLiteral("Workflow %1 does not exist.").arg(id.value));
    if (!w->isOpen())
        return refuse(Code::WorkflowClosed,
                      QStringLiteral("Workflow %1 is %2; it accepts no more commands.")
                          .arg(id.value, toWord(w->state)));
    return w;
}

std::expected<const TaskView *, DeciderError>
taskOf(const ReadModel &model, const WorkflowId &workflowId, const TaskId &taskId)
{
    auto w = openWorkflow(model, workflowId);
    if (!w)
        return std::unexpected(w.error());
    const TaskView *t = (*w)->task(taskId);
    if (!t)
        return refuse(Code::TaskNotFound,
                      QStringLiteral("Task %1 does not exist in workflow %2.")
                          .arg(taskId.value, workflowId.value));
    return t;
}

std::unexpected<DeciderError> invalidTransition(const TaskView &task, TaskRunState to,
                                                const QString &why)
{
    QString message = QStringLiteral("Task %1 cannot go from %2 to %3")
                          .arg(task.id.value, toWord(task.state), toWord(to));
    message += why.isEmpty() ? QStringLiteral(".") : QStringLiteral(": %1.").arg(why);
    return refuse(Code::InvalidTransition, message);
}

QList<Event> cancelCascade(const WorkflowView &w, const TaskId &root)
{
    QList<Event> events;
    QSet<TaskId> seen {root};
    std::deque<TaskId> queue {root};
    while (!queue.empty()) {
        const TaskId id = queue.front();
        queue.pop_front();
        const TaskView *t = w.task(id);
        if (!t)
            continue;
        events.append(TaskCanceled {w.id, id, id == root ? std::nullopt : std::optional(root)});
        QList<TaskId> next = t->children;
        for (const TaskId &d : t->dependents) {
            const TaskView *dependent = w.task(d);
            if (!dependent)
                continue;
            for (const TaskDependency &edge : dependent->prerequisites) {
                if (edge.prerequisite == id && edge.type == DependencyType::Blocking) {
                    next.append(d);
                    break;
                }
            }
        }
        for (const TaskId &n : std::as_const(next)) {
            const TaskView *nt = w.task(n);
            if (nt && !isTerminal(nt->state) && !seen.contains(n)) {
                seen.insert(n);
                queue.push_back(n);
            }
        }
    }
    return events;
}

QList<Event> upstreamFailCascade(const WorkflowView &w, const TaskId &from, const TaskId &failed)
{
    QList<Event> events;
    QSet<TaskId> seen {from};
    std::deque<TaskId> queue {from};
    while (!queue.empty()) {
        const TaskId id = queue.front();
        queue.pop_front();
        const TaskView *t = w.task(id);
        if (!t)
            continue;
        if (id != from)
            events.append(TaskUpstreamFailed {w.id, id, failed});
        for (const TaskId &d : t->dependents) {
            const TaskView *dependent = w.task(d);
            if (!dependent || isTerminal(dependent->state) || seen.contains(d))
                continue;
            for (const TaskDependency &edge : dependent->prerequisites) {
                if (edge.prerequisite == id && edge.type == DependencyType::Blocking) {
                    seen.insert(d);
                    queue.push_back(d);
                    break;
                }
            }
        }
    }
    return events;
}

QList<Event> withCompletion(const ReadModel &model, const WorkflowId &id, QList<Event> events)
{
    // Looks at the states the events leave behind without folding them into a copy of the
    // model: a copy would detach the workflow's task hash, which costs O(tasks) per command
    // and made a large workflow quadratic. The scan stops at the first open task, so it is
    // short while many tasks are open and only long near the end.
    const WorkflowView *w = model.workflow(id);
    if (!w)
        return events;
    WorkflowState state = w->state;
    QHash<TaskId, TaskRunState> changed;
    for (const Event &e : std::as_const(events)) {
        std::visit(
            [&](const auto &ev) {
                using E = std::decay_t<decltype(ev)>;
                if constexpr (requires { ev.workflowId; }) {
                    if (ev.workflowId != id)
                        return;
                }
                if constexpr (std::is_same_v<E,
                                             WorkflowStarted> || std::is_same_v<E, WorkflowResumed>)
                    state = WorkflowState::Running;
                else if constexpr (std::is_same_v<E, WorkflowPaused>)
                    state = WorkflowState::Paused;
                else if constexpr (std::is_same_v<E, WorkflowCanceled>)
                    state = WorkflowState::Canceled;
                else if constexpr (std::is_same_v<E, WorkflowCompleted>)
                    state = WorkflowState::Completed;
                else if constexpr (std::is_same_v<E, TaskAdded>)
                    changed.insert(ev.taskId, ev.state);
                else if constexpr (std::is_same_v<E, TaskStateChanged>)
                    changed.insert(ev.taskId, ev.to);
                else if constexpr (std::is_same_v<E, TaskPromoted>)
                    changed.insert(ev.taskId, TaskRunState::Ready);
                else if constexpr (std::is_same_v<E, TaskLeased>)
                    changed.insert(ev.taskId, TaskRunState::Leased);
                else if constexpr (std::is_same_v<E, TaskAttemptStarted>)
                    changed.insert(ev.taskId, TaskRunState::Running);
                else if constexpr (std::is_same_v<E, TaskRetryScheduled>)
                    changed.insert(ev.taskId, TaskRunState::RetryWait);
                else if constexpr (std::is_same_v<E, TaskSucceeded>)
                    changed.insert(ev.taskId, TaskRunState::Succeeded);
                else if constexpr (std::is_same_v<E, TaskFailed>)
                    changed.insert(ev.taskId, TaskRunState::Failed);
                else if constexpr (std::is_same_v<E, TaskCanceled>)
                    changed.insert(ev.taskId, TaskRunState::Canceled);
                else if constexpr (std::is_same_v<E, TaskUpstreamFailed>)
                    changed.insert(ev.taskId, TaskRunState::UpstreamFailed);
            },
            e);
    }
    if (state != WorkflowState::Running && state != WorkflowState::Paused)
        return events;
    bool any = false;
    bool allSucceeded = true;
    auto look = [&](TaskRunState s) {
        any = true;
        allSucceeded = allSucceeded && s == TaskRunState::Succeeded;
        return isTerminal(s);
    };
    for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
        if (!look(it.value()))
            return events;
    }
    for (const TaskView &t : w->tasks) {
        if (changed.contains(t.id))
            continue;
        if (!look(t.state))
            return events;
    }
    if (!any)
        return events;
    events.append(WorkflowCompleted {id, allSucceeded});
    return events;
}

Decision decideOne(const WorkflowCreate &c, const ReadModel &model)
{
    if (model.workflow(c.workflowId))
        return refuse(
            Code::WorkflowAlreadyExists,
            QStringLiteral("A workflow with id %1 already exists.").arg(c.workflowId.value));
    if (c.workflowId.value.contains(QLatin1Char('/')))
        return refuse(Code::InvalidCommand, QStringLiteral("A workflow id cannot contain '/'."));
    if (auto e = liveProject(model, c.projectId))
        return std::unexpected(*e);
    if (blank(c.title))
        return refuse(Code::InvalidCommand, QStringLiteral("A workflow needs a title."));
    return QList<Event> {WorkflowCreated {c.workflowId, c.projectId, c.title, c.strategy}};
}

Decision decideOne(const WorkflowStart &c, const ReadModel &model)
{
    auto w = openWorkflow(model, c.workflowId);
    if (!w)
        return std::unexpected(w.error());
    if ((*w)->state != WorkflowState::Created)
        return workflowTransition(**w, WorkflowState::Running);
    return withCompletion(model, c.workflowId, {WorkflowStarted {c.workflowId}});
}

Decision decideOne(const WorkflowPause &c, const ReadModel &model)
{
    auto w = openWorkflow(model, c.workflowId);
    if (!w)
        return std::unexpected(w.error());
    if ((*w)->state != WorkflowState::Running)
        return workflowTransition(**w, WorkflowState::Paused);
    return QList<Event> {WorkflowPaused {c.workflowId}};
}

Decision decideOne(const WorkflowResume &c, const ReadModel &model)
{
    auto w = openWorkflow(model, c.workflowId);
    if (!w)
        return std::unexpected(w.error());
    if ((*w)->state != WorkflowState::Paused)
        return workflowTransition(**w, WorkflowState::Running);
    return QList<Event> {WorkflowResumed {c.workflowId}};
}

Decision decideOne(const WorkflowCancel &c, const ReadModel &model)
{
    auto w = openWorkflow(model, c.workflowId);
    if (!w)
        return std::unexpected(w.error());
    QList<Event> events;
    for (const TaskId &id : (*w)->taskOrder) {
        const TaskView *t = (*w)->task(id);
        if (t && !isTerminal(t->state))
            events.append(TaskCanceled {c.workflowId, id, std::nullopt});
    }
    events.append(WorkflowCanceled {c.workflowId});
    return events;
}

Decision decideOne(const TaskAdd &c, const ReadModel &model)
{
    auto w = openWorkflow(model, c.workflowId);
    if (!w)
        return std::unexpected(w.error());
    if ((*w)->task(c.taskId))
        return refuse(Code::TaskAlreadyExists,
                      QStringLiteral("Workflow %1 already has a task %2.")
                          .arg(c.workflowId.value, c.taskId.value));
    if (auto problem = validateTaskSpec(c.spec))
        return refuse(Code::InvalidTaskSpec,
                      QStringLiteral("spec.%1 %2.").arg(problem->field, problem->what));
    if (c.spec.parentTaskId && !(*w)->task(*c.spec.parentTaskId))
        return refuse(Code::TaskNotFound,
                      QStringLiteral("spec.parentTaskId: task %1 does not exist in workflow %2.")
                          .arg(c.spec.parentTaskId->value, c.workflowId.value));
    return QList<Event> {
        TaskAdded {c.workflowId, c.taskId, normalizedTaskSpec(c.spec), TaskRunState::Scheduled}};
}

Decision decideOne(const TaskDependencyDeclare &c, const ReadModel &model)
{
    auto t = taskOf(model, c.workflowId, c.taskId);
    if (!t)
        return std::unexpected(t.error());
    const WorkflowView &w = *model.workflow(c.workflowId);
    const TaskView &task = **t;
    if (task.state != TaskRunState::Blocked && task.state != TaskRunState::Scheduled)
        return refuse(Code::InvalidTransition,
                      QStringLiteral("Task %1 is %2; dependencies can only be declared while it "
                                     "is blocked or scheduled.")
                          .arg(task.id.value, toWord(task.state)));
    if (c.prerequisites.isEmpty())
        return refuse(Code::InvalidCommand, QStringLiteral("A declaration needs prerequisites."));
    // The workflow's graph with the new edges added one by one: WorkflowDag refuses unknown
    // ends, duplicates and (for blocking edges) the edge that would close a cycle, naming it.
    WorkflowDag dag = w.dag();
    for (const TaskId &p : c.prerequisites) {
        if (!w.task(p))
            return refuse(Code::TaskNotFound,
                          QStringLiteral("Prerequisite %1 does not exist in workflow %2.")
                              .arg(p.value, c.workflowId.value));
        auto added = dag.addEdge(p.value, c.taskId.value, c.type);
        if (added)
            continue;
        const DagError &e = added.error();
        switch (e.code) {
        case DagErrorCode::CycleDetected:
        case DagErrorCode::SelfLoop: {
            QStringList cycle = e.nodes.isEmpty() ? QStringList {c.taskId.value} : e.nodes;
            cycle.append(cycle.constFirst());
            return refuse(Code::CycleDetected,
                          QStringLiteral("The edge %1 → %2 would close the cycle %3.")
                              .arg(p.value, c.taskId.value, cycle.join(QStringLiteral(" → "))));
        }
        case DagErrorCode::EdgeAlreadyExists:
            return refuse(
                Code::DependencyAlreadyExists,
                QStringLiteral("Task %1 already depends on %2.").arg(c.taskId.value, p.value));
        default:
            return refuse(Code::InvalidCommand, e.message());
        }
    }
    QList<Event> events {TaskDependencyDeclared {c.workflowId, c.taskId, c.prerequisites, c.type}};
    if (c.type == DependencyType::Blocking && task.state == TaskRunState::Scheduled) {
        bool pending = false;
        for (const TaskId &p : c.prerequisites)
            pending = pending || w.task(p)->state != TaskRunState::Succeeded;
        if (pending)
            events.append(TaskStateChanged {c.workflowId, c.taskId, TaskRunState::Scheduled,
                                            TaskRunState::Blocked});
    }
    return events;
}

Decision decideOne(const TaskCancel &c, const ReadModel &model)
{
    auto t = taskOf(model, c.workflowId, c.taskId);
    if (!t)
        return std::unexpected(t.error());
    if (isTerminal((*t)->state))
        return invalidTransition(**t, TaskRunState::Canceled, QStringLiteral("it is terminal"));
    return withCompletion(model, c.workflowId,
                          cancelCascade(*model.workflow(c.workflowId), c.taskId));
}

} // namespace backend::workflow

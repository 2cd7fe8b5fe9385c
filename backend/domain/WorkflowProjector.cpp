#include "backend/domain/WorkflowProjector.h"

namespace backend::workflow {

namespace {

template<typename Fn>
void withWorkflow(ReadModel &model, const WorkflowId &id, const QDateTime &at, Fn &&fn)
{
    auto it = model.workflows.find(id);
    if (it == model.workflows.end())
        return;
    fn(*it);
    it->updatedAt = at;
}

template<typename Fn>
void withTask(ReadModel &model, const WorkflowId &workflowId, const TaskId &taskId,
              const QDateTime &at, Fn &&fn)
{
    auto w = model.workflows.find(workflowId);
    if (w == model.workflows.end())
        return;
    auto t = w->tasks.find(taskId);
    if (t == w->tasks.end())
        return;
    fn(*t);
    t->updatedAt = at;
}

void endLease(TaskView &t)
{
    t.currentAttempt.reset();
    t.leaseWorker.reset();
    t.leaseDeadline = QDateTime();
}

void setWorkflowState(ReadModel &model, const WorkflowId &id, const QDateTime &at,
                      WorkflowState state)
{
    withWorkflow(model, id, at, [state](WorkflowView &w) { w.state = state; });
}

} // namespace

void fold(ReadModel &model, const WorkflowCreated &e, const QDateTime &at)
{
    WorkflowView w;
    w.id = e.workflowId;
    w.projectId = e.projectId;
    w.title = e.title;
    w.strategy = e.strategy;
    w.createdAt = at;
    w.updatedAt = at;
    model.workflows.insert(w.id, std::move(w));
}

void fold(ReadModel &model, const WorkflowImported &e, const QDateTime &at)
{
    withWorkflow(model, e.workflowId, at, [](WorkflowView &) {});
}

void fold(ReadModel &model, const WorkflowStarted &e, const QDateTime &at)
{
    setWorkflowState(model, e.workflowId, at, WorkflowState::Running);
}

void fold(ReadModel &model, const WorkflowPaused &e, const QDateTime &at)
{
    setWorkflowState(model, e.workflowId, at, WorkflowState::Paused);
}

void fold(ReadModel &model, const WorkflowResumed &e, const QDateTime &at)
{
    setWorkflowState(model, e.workflowId, at, WorkflowState::Running);
}

void fold(ReadModel &model, const WorkflowCanceled &e, const QDateTime &at)
{
    setWorkflowState(model, e.workflowId, at, WorkflowState::Canceled);
}

void fold(ReadModel &model, const WorkflowCompleted &e, const QDateTime &at)
{
    withWorkflow(model, e.workflowId, at, [&e](WorkflowView &w) {
        w.state = WorkflowState::Completed;
        w.succeeded = e.succeeded;
    });
}

void fold(ReadModel &model, const TaskAdded &e, const QDateTime &at)
{
    withWorkflow(model, e.workflowId, at, [&](WorkflowView &w) {
        TaskView t;
        t.id = e.taskId;
        t.workflowId = e.workflowId;
        t.spec = e.spec;
        t.state = e.state;
        t.createdAt = at;
        t.updatedAt = at;
        if (e.spec.parentTaskId) {
            if (auto parent = w.tasks.find(*e.spec.parentTaskId); parent != w.tasks.end())
                parent->children.append(e.taskId);
        }
        w.tasks.insert(t.id, std::move(t));
        w.taskOrder.append(e.taskId);
    });
}

void fold(ReadModel &model, const TaskDependencyDeclared &e, const QDateTime &at)
{
    withWorkflow(model, e.workflowId, at, [&](WorkflowView &w) {
        auto t = w.tasks.find(e.taskId);
        if (t == w.tasks.end())
            return;
        for (const TaskId &prerequisite : e.prerequisites) {
            t->prerequisites.append(TaskDependency {prerequisite, e.type});
            if (auto p = w.tasks.find(prerequisite); p != w.tasks.end())
                p->dependents.append(e.taskId);
        }
        t->updatedAt = at;
    });
}

void fold(ReadModel &model, const TaskStateChanged &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [&e](TaskView &t) { t.state = e.to; });
}

void fold(ReadModel &model, const TaskPromoted &e, const QDateTime &at)
{
    const qint64 serial = ++model.readySerial;
    withTask(model, e.workflowId, e.taskId, at, [serial](TaskView &t) {
        t.state = TaskRunState::Ready;
        t.readySerial = serial;
        t.retryAt = QDateTime();
    });
}

void fold(ReadModel &model, const TaskLeased &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [&e](TaskView &t) {
        t.state = TaskRunState::Leased;
        t.attemptCount = e.attempt;
        t.currentAttempt = e.attempt;
        t.leaseWorker = e.workerId;
        t.leaseDeadline = e.leaseDeadline;
        t.lastOutcome.reset();
    });
}

void fold(ReadModel &model, const TaskLeaseRenewed &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at,
             [&e](TaskView &t) { t.leaseDeadline = e.leaseDeadline; });
}

void fold(ReadModel &model, const TaskAttemptStarted &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [&e](TaskView &t) {
        t.state = TaskRunState::Running;
        t.threadId = e.threadId;
        t.turnId = e.turnId;
    });
}

void fold(ReadModel &model, const TaskAttemptFinished &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [&e](TaskView &t) {
        t.lastOutcome = e.outcome;
        t.lastExitCode = e.exitCode;
        t.lastError = e.error;
        if (e.outcome == AttemptOutcome::Canceled)
            ++t.canceledAttempts;
    });
}

void fold(ReadModel &model, const TaskRetryScheduled &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [&e](TaskView &t) {
        t.state = TaskRunState::RetryWait;
        t.retryAt = e.retryAt;
        endLease(t);
    });
}

void fold(ReadModel &model, const TaskSucceeded &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [](TaskView &t) {
        t.state = TaskRunState::Succeeded;
        endLease(t);
    });
}

void fold(ReadModel &model, const TaskFailed &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [&e](TaskView &t) {
        t.state = TaskRunState::Failed;
        if (e.error)
            t.lastError = e.error;
        endLease(t);
    });
}

void fold(ReadModel &model, const TaskCanceled &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [](TaskView &t) {
        t.state = TaskRunState::Canceled;
        endLease(t);
    });
}

void fold(ReadModel &model, const TaskUpstreamFailed &e, const QDateTime &at)
{
    withTask(model, e.workflowId, e.taskId, at, [](TaskView &t) {
        t.state = TaskRunState::UpstreamFailed;
        endLease(t);
    });
}

} // namespace backend::workflow

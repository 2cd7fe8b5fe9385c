#include "backend/domain/WorkflowDecider.h"

#include "backend/domain/WorkflowWords.h"

// The scheduler's transitions of a task's run state (the table is in docs/WORKFLOWS.md).
// Terminal states never change: every command below refuses a terminal task.

namespace backend::workflow {

using Code = DeciderError::Code;

namespace {

using State = TaskRunState;

/// The task, refused with invalid_transition unless its state is one of `from`.
std::expected<const TaskView *, DeciderError> taskIn(const ReadModel &model, const WorkflowId &w,
                                                     const TaskId &id,
                                                     std::initializer_list<State> from, State to)
{
    auto t = taskOf(model, w, id);
    if (!t)
        return t;
    for (State s : from) {
        if ((*t)->state == s)
            return t;
    }
    return invalidTransition(**t, to);
}

std::optional<DeciderError> sameAttempt(const TaskView &t, int attempt)
{
    if (t.currentAttempt == attempt)
        return std::nullopt;
    return DeciderError {
        Code::AttemptMismatch,
        QStringLiteral("Attempt %1 is not the current attempt of task %2 (%3).")
            .arg(attempt)
            .arg(t.id.value,
                 t.currentAttempt ? QString::number(*t.currentAttempt) : QStringLiteral("none"))};
}

std::optional<DeciderError> workflowRunning(const ReadModel &model, const WorkflowId &id)
{
    const WorkflowView *w = model.workflow(id);
    if (w && w->state == WorkflowState::Running)
        return std::nullopt;
    return DeciderError {Code::WorkflowNotRunning,
                         QStringLiteral("Workflow %1 is %2; start or resume it first.")
                             .arg(id.value, w ? toWord(w->state) : QStringLiteral("missing"))};
}

std::optional<DeciderError> requireTime(const QDateTime &at, const char *field)
{
    if (at.isValid())
        return std::nullopt;
    return DeciderError {Code::InvalidCommand,
                         QStringLiteral("%1 must be a valid time.").arg(QLatin1String(field))};
}

/// The first blocking prerequisite that has not succeeded, if any.
const TaskView *pendingPrerequisite(const WorkflowView &w, const TaskView &t)
{
    for (const TaskDependency &d : t.prerequisites) {
        if (d.type != DependencyType::Blocking)
            continue;
        const TaskView *p = w.task(d.prerequisite);
        if (p && p->state != State::Succeeded)
            return p;
    }
    return nullptr;
}

} // namespace

Decision decideOne(const TaskPromote &c, const ReadModel &model)
{
    auto t
        = taskIn(model, c.workflowId, c.taskId, {State::Scheduled, State::RetryWait}, State::Ready);
    if (!t)
        return std::unexpected(t.error());
    const TaskView &task = **t;
    if (auto e = workflowRunning(model, c.workflowId))
        return std::unexpected(*e);
    if (auto e = requireTime(c.at, "at"))
        return std::unexpected(*e);
    if (const TaskView *p = pendingPrerequisite(*model.workflow(c.workflowId), task))
        return refuse(Code::PrerequisitesPending,
                      QStringLiteral("Task %1 waits for %2, which is %3.")
                          .arg(task.id.value, p->id.value, toWord(p->state)));
    if (task.spec.notBefore && c.at < *task.spec.notBefore)
        return refuse(Code::NotDue,
                      QStringLiteral("Task %1 may not run before %2.")
                          .arg(task.id.value, task.spec.notBefore->toString(Qt::ISODateWithMs)));
    if (task.state == State::RetryWait && c.at < task.retryAt)
        return refuse(Code::NotDue,
                      QStringLiteral("Task %1 retries at %2.")
                          .arg(task.id.value, task.retryAt.toString(Qt::ISODateWithMs)));
    return QList<Event> {TaskPromoted {c.workflowId, c.taskId}};
}

Decision decideOne(const TaskLease &c, const ReadModel &model)
{
    auto t = taskIn(model, c.workflowId, c.taskId, {State::Ready}, State::Leased);
    if (!t)
        return std::unexpected(t.error());
    const TaskView &task = **t;
    if (auto e = workflowRunning(model, c.workflowId))
        return std::unexpected(*e);
    if (auto e = requireTime(c.leaseDeadline, "leaseDeadline"))
        return std::unexpected(*e);
    // Canceled attempts (stopped by Weft, not failed) do not count against the policy.
    if (c.attempt - task.canceledAttempts > task.spec.maxAttempts())
        return refuse(Code::RetriesExhausted,
                      QStringLiteral("Task %1 allows %2 attempt(s); %3 was asked for.")
                          .arg(task.id.value)
                          .arg(task.spec.maxAttempts())
                          .arg(c.attempt - task.canceledAttempts));
    if (c.attempt != task.attemptCount + 1)
        return refuse(Code::AttemptMismatch,
                      QStringLiteral("The next attempt of task %1 is %2, not %3.")
                          .arg(task.id.value)
                          .arg(task.attemptCount + 1)
                          .arg(c.attempt));
    return QList<Event> {
        TaskLeased {c.workflowId, c.taskId, c.workerId, c.attempt, c.leaseDeadline}};
}

Decision decideOne(const TaskLeaseHeartbeat &c, const ReadModel &model)
{
    auto t = taskIn(model, c.workflowId, c.taskId, {State::Leased, State::Running}, State::Leased);
    if (!t)
        return std::unexpected(t.error());
    if (auto e = sameAttempt(**t, c.attempt))
        return std::unexpected(*e);
    if ((*t)->leaseWorker != c.workerId)
        return refuse(Code::LeaseMismatch,
                      QStringLiteral("Task %1 is leased to %2, not %3.")
                          .arg(c.taskId.value, (*t)->leaseWorker.value_or(WorkerId()).value,
                               c.workerId.value));
    if (auto e = requireTime(c.leaseDeadline, "leaseDeadline"))
        return std::unexpected(*e);
    return QList<Event> {
        TaskLeaseRenewed {c.workflowId, c.taskId, c.workerId, c.attempt, c.leaseDeadline}};
}

Decision decideOne(const TaskAttemptStart &c, const ReadModel &model)
{
    auto t = taskIn(model, c.workflowId, c.taskId, {State::Leased}, State::Running);
    if (!t)
        return std::unexpected(t.error());
    if (auto e = sameAttempt(**t, c.attempt))
        return std::unexpected(*e);
    return QList<Event> {
        TaskAttemptStarted {c.workflowId, c.taskId, c.attempt, c.threadId, c.turnId}};
}

Decision decideOne(const TaskAttemptFinish &c, const ReadModel &model)
{
    auto t = taskOf(model, c.workflowId, c.taskId);
    if (!t)
        return std::unexpected(t.error());
    if ((*t)->state != State::Running)
        return refuse(Code::InvalidTransition,
                      QStringLiteral("Task %1 is %2; only a running attempt can finish.")
                          .arg(c.taskId.value, toWord((*t)->state)));
    if (auto e = sameAttempt(**t, c.attempt))
        return std::unexpected(*e);
    if ((*t)->lastOutcome)
        return refuse(Code::AttemptMismatch,
                      QStringLiteral("Attempt %1 of task %2 already finished.")
                          .arg(c.attempt)
                          .arg(c.taskId.value));
    return QList<Event> {
        TaskAttemptFinished {c.workflowId, c.taskId, c.attempt, c.outcome, c.exitCode, c.error}};
}

Decision decideOne(const TaskRetrySchedule &c, const ReadModel &model)
{
    auto t
        = taskIn(model, c.workflowId, c.taskId, {State::Leased, State::Running}, State::RetryWait);
    if (!t)
        return std::unexpected(t.error());
    const TaskView &task = **t;
    if (auto e = sameAttempt(task, c.attempt))
        return std::unexpected(*e);
    if (task.lastOutcome == AttemptOutcome::Succeeded)
        return invalidTransition(task, State::RetryWait, QStringLiteral("the attempt succeeded"));
    if (task.attemptsUsed() >= task.spec.maxAttempts())
        return refuse(Code::RetriesExhausted,
                      QStringLiteral("Task %1 has used all of its %2 attempt(s).")
                          .arg(task.id.value)
                          .arg(task.spec.maxAttempts()));
    if (auto e = requireTime(c.retryAt, "retryAt"))
        return std::unexpected(*e);
    return QList<Event> {TaskRetryScheduled {c.workflowId, c.taskId, c.attempt, c.retryAt}};
}

Decision decideOne(const TaskSucceed &c, const ReadModel &model)
{
    auto t = taskIn(model, c.workflowId, c.taskId, {State::Running}, State::Succeeded);
    if (!t)
        return std::unexpected(t.error());
    const TaskView &task = **t;
    if (task.lastOutcome && *task.lastOutcome != AttemptOutcome::Succeeded)
        return invalidTransition(
            task, State::Succeeded,
            QStringLiteral("its attempt ended %1").arg(toWord(*task.lastOutcome)));
    const WorkflowView &w = *model.workflow(c.workflowId);
    QList<Event> events {TaskSucceeded {c.workflowId, c.taskId}};
    // Blocked dependents whose last pending blocking prerequisite this was become scheduled.
    for (const TaskId &d : task.dependents) {
        const TaskView *dependent = w.task(d);
        if (!dependent || dependent->state != State::Blocked)
            continue;
        bool ready = true;
        for (const TaskDependency &edge : dependent->prerequisites) {
            if (edge.type != DependencyType::Blocking || edge.prerequisite == c.taskId)
                continue;
            const TaskView *p = w.task(edge.prerequisite);
            ready = ready && p && p->state == State::Succeeded;
        }
        if (ready)
            events.append(TaskStateChanged {c.workflowId, d, State::Blocked, State::Scheduled});
    }
    return withCompletion(model, c.workflowId, std::move(events));
}

Decision decideOne(const TaskFail &c, const ReadModel &model)
{
    auto t = taskIn(model, c.workflowId, c.taskId,
                    {State::Leased, State::Running, State::RetryWait}, State::Failed);
    if (!t)
        return std::unexpected(t.error());
    QList<Event> events {TaskFailed {c.workflowId, c.taskId, c.error}};
    events += upstreamFailCascade(*model.workflow(c.workflowId), c.taskId, c.taskId);
    return withCompletion(model, c.workflowId, std::move(events));
}

Decision decideOne(const TaskUpstreamFail &c, const ReadModel &model)
{
    auto t = taskIn(model, c.workflowId, c.taskId,
                    {State::Blocked, State::Scheduled, State::Ready, State::RetryWait},
                    State::UpstreamFailed);
    if (!t)
        return std::unexpected(t.error());
    const WorkflowView &w = *model.workflow(c.workflowId);
    const TaskView *failed = w.failedPrerequisite(**t);
    if (!failed)
        return invalidTransition(**t, State::UpstreamFailed,
                                 QStringLiteral("none of its blocking prerequisites failed"));
    QList<Event> events {TaskUpstreamFailed {c.workflowId, c.taskId, failed->id}};
    events += upstreamFailCascade(w, c.taskId, failed->id);
    return withCompletion(model, c.workflowId, std::move(events));
}

} // namespace backend::workflow

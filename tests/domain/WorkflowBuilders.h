#pragma once

// Builders for the workflow and task tests: well-known ids, specs, "given" histories as typed
// events and commands with their defaults filled in.

#include "DomainFixtures.h"

namespace fixtures {

inline const WorkflowId kWorkflow {u"wf-1"_s};
inline const WorkflowId kOtherWorkflow {u"wf-2"_s};
inline const WorkerId kWorker {u"worker-1"_s};
inline const QDateTime kNow {QDate(2026, 1, 5), QTime(10, 0), QTimeZone::utc()};

inline TaskId task(const char *id)
{
    return TaskId(QString::fromLatin1(id));
}

/// A valid spec: `echo <title>` as an argument vector.
inline TaskSpec spec(const QString &title = u"Build"_s)
{
    TaskSpec s;
    s.title = title;
    s.command = {u"echo"_s, title};
    return s;
}

inline TaskSpec withRetry(TaskSpec s, int maxAttempts)
{
    s.retry = RetryPolicy {maxAttempts, Backoff {Backoff::Kind::Fixed, 1000, 0, 0, 0.0}};
    return s;
}

inline TaskSpec withParent(TaskSpec s, const TaskId &parent)
{
    s.parentTaskId = parent;
    return s;
}

// --- Given: histories -----------------------------------------------------------------------

inline QList<Event> workflowCreated(const WorkflowId &id = kWorkflow)
{
    return {WorkflowCreated {id, kProject, u"Release"_s}};
}

inline QList<Event> workflowStarted(const WorkflowId &id = kWorkflow)
{
    return {WorkflowStarted {id}};
}

inline QList<Event> taskAdded(const TaskId &id, TaskSpec s = spec(),
                              TaskRunState state = TaskRunState::Scheduled,
                              const WorkflowId &w = kWorkflow)
{
    return {TaskAdded {w, id, std::move(s), state}};
}

/// `prerequisites → id` blocking (or preferred) edges; a blocked dependent goes blocked.
inline QList<Event> dependsOn(const TaskId &id, QList<TaskId> prerequisites,
                              DependencyType type = DependencyType::Blocking,
                              bool becomesBlocked = true)
{
    QList<Event> events {TaskDependencyDeclared {kWorkflow, id, std::move(prerequisites), type}};
    if (type == DependencyType::Blocking && becomesBlocked)
        events.append(
            TaskStateChanged {kWorkflow, id, TaskRunState::Scheduled, TaskRunState::Blocked});
    return events;
}

inline QList<Event> promoted(const TaskId &id)
{
    return {TaskPromoted {kWorkflow, id}};
}
inline QList<Event> leased(const TaskId &id, int attempt = 1)
{
    return {TaskLeased {kWorkflow, id, kWorker, attempt, kNow.addSecs(60)}};
}
inline QList<Event> attemptStarted(const TaskId &id, int attempt = 1)
{
    return {TaskAttemptStarted {kWorkflow, id, attempt, kThread, kTurn1}};
}
inline QList<Event> attemptFinished(const TaskId &id, AttemptOutcome outcome, int attempt = 1)
{
    return {TaskAttemptFinished {kWorkflow, id, attempt, outcome,
                                 outcome == AttemptOutcome::Succeeded ? 0 : 1, std::nullopt}};
}
inline QList<Event> succeeded(const TaskId &id)
{
    return {TaskSucceeded {kWorkflow, id}};
}
inline QList<Event> failed(const TaskId &id)
{
    return {TaskFailed {kWorkflow, id, u"exit 1"_s}};
}
inline QList<Event> retryScheduled(const TaskId &id, int attempt = 1)
{
    return {TaskRetryScheduled {kWorkflow, id, attempt, kNow.addSecs(30)}};
}

/// Ready → leased → running (attempt 1) of a task already promoted.
inline QList<Event> running(const TaskId &id, int attempt = 1)
{
    return leased(id, attempt) + attemptStarted(id, attempt);
}

/// A project and a started workflow.
inline ReadModel givenStartedWorkflow(std::initializer_list<QList<Event>> more = {})
{
    ReadModel model = given({projectCreated(), workflowCreated(), workflowStarted()});
    for (const QList<Event> &events : more) {
        for (const Event &e : events)
            apply(model, e, kAt);
    }
    return model;
}

/// A model in which task `id` of the started workflow is in `state` (reached legally).
inline ReadModel givenTaskIn(const TaskId &id, TaskRunState state,
                             TaskSpec s = withRetry(spec(), 3))
{
    const TaskId other = task("other");
    switch (state) {
    case TaskRunState::Blocked:
        return givenStartedWorkflow({taskAdded(other), taskAdded(id, s), dependsOn(id, {other})});
    case TaskRunState::Scheduled:
        return givenStartedWorkflow({taskAdded(id, s)});
    case TaskRunState::Ready:
        return givenStartedWorkflow({taskAdded(id, s), promoted(id)});
    case TaskRunState::Leased:
        return givenStartedWorkflow({taskAdded(id, s), promoted(id), leased(id)});
    case TaskRunState::Running:
        return givenStartedWorkflow({taskAdded(id, s), promoted(id), running(id)});
    case TaskRunState::RetryWait:
        return givenStartedWorkflow({taskAdded(id, s), promoted(id), running(id),
                                     attemptFinished(id, AttemptOutcome::Failed),
                                     retryScheduled(id)});
    case TaskRunState::Succeeded:
        // A second, unfinished task keeps the workflow open.
        return givenStartedWorkflow(
            {taskAdded(other), taskAdded(id, s), promoted(id), running(id), succeeded(id)});
    case TaskRunState::Failed:
        return givenStartedWorkflow(
            {taskAdded(other), taskAdded(id, s), promoted(id), running(id), failed(id)});
    case TaskRunState::Canceled:
        return givenStartedWorkflow(
            {taskAdded(other), taskAdded(id, s), {TaskCanceled {kWorkflow, id, std::nullopt}}});
    case TaskRunState::UpstreamFailed:
        return givenStartedWorkflow({taskAdded(other),
                                     taskAdded(id, s),
                                     dependsOn(id, {other}),
                                     promoted(other),
                                     running(other),
                                     failed(other),
                                     {TaskUpstreamFailed {kWorkflow, id, other}}});
    }
    return {};
}

// --- When: commands --------------------------------------------------------------------------

inline TaskAdd addTask(const TaskId &id, TaskSpec s = spec(), const WorkflowId &w = kWorkflow)
{
    return TaskAdd {kCommand, w, id, std::move(s)};
}
inline TaskDependencyDeclare declare(const TaskId &id, QList<TaskId> prerequisites,
                                     DependencyType type = DependencyType::Blocking)
{
    return TaskDependencyDeclare {kCommand, kWorkflow, id, std::move(prerequisites), type};
}
inline TaskCancel cancelTask(const TaskId &id)
{
    return TaskCancel {kCommand, kWorkflow, id};
}
inline TaskPromote promote(const TaskId &id, const QDateTime &at = kNow)
{
    return TaskPromote {kCommand, kWorkflow, id, at};
}
inline TaskLease lease(const TaskId &id, int attempt = 1)
{
    return TaskLease {kCommand, kWorkflow, id, kWorker, attempt, kNow.addSecs(60)};
}
inline TaskLeaseHeartbeat heartbeat(const TaskId &id, int attempt = 1, const WorkerId &w = kWorker)
{
    return TaskLeaseHeartbeat {kCommand, kWorkflow, id, w, attempt, kNow.addSecs(120)};
}
inline TaskAttemptStart startAttempt(const TaskId &id, int attempt = 1)
{
    return TaskAttemptStart {kCommand, kWorkflow, id, attempt, kThread, kTurn1};
}
inline TaskAttemptFinish finishAttempt(const TaskId &id, AttemptOutcome outcome, int attempt = 1)
{
    return TaskAttemptFinish {kCommand,    kWorkflow, id,
                              attempt,     outcome,   outcome == AttemptOutcome::Succeeded ? 0 : 1,
                              std::nullopt};
}
inline TaskRetrySchedule scheduleRetry(const TaskId &id, int attempt = 1)
{
    return TaskRetrySchedule {kCommand, kWorkflow, id, attempt, kNow.addSecs(30)};
}
inline TaskSucceed succeed(const TaskId &id)
{
    return TaskSucceed {kCommand, kWorkflow, id};
}
inline TaskFail fail(const TaskId &id)
{
    return TaskFail {kCommand, kWorkflow, id, u"exit 1"_s};
}
inline TaskUpstreamFail upstreamFail(const TaskId &id)
{
    return TaskUpstreamFail {kCommand, kWorkflow, id};
}

} // namespace fixtures

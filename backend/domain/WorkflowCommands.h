#pragma once

#include "backend/dag/WorkflowDag.h"
#include "backend/domain/Ids.h"
#include "backend/domain/TaskSpec.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace backend {

// The workflow and task commands (docs/WORKFLOWS.md). Task ids are scoped by their workflow,
// so every task command names both. Times (a lease deadline, a retry time, "now" for a
// promotion) come in the command: the scheduler reads its clock, the decider never does.

struct WorkflowCreate
{
    static constexpr auto kType = "workflow.create";
    CommandId commandId;
    WorkflowId workflowId;
    ProjectId projectId;
    QString title;
    SchedulingStrategy strategy = SchedulingStrategy::Priority;
};

/// Adds a whole workflow file (the format of docs/DAG.md with task spec fields) atomically:
/// every task and edge, or one refusal naming the bad entry. Creates the workflow when absent.
struct WorkflowImport
{
    static constexpr auto kType = "workflow.import";
    CommandId commandId;
    WorkflowId workflowId;
    ProjectId projectId;
    QJsonObject document;
};

struct WorkflowStart
{
    static constexpr auto kType = "workflow.start";
    CommandId commandId;
    WorkflowId workflowId;
};

struct WorkflowPause
{
    static constexpr auto kType = "workflow.pause";
    CommandId commandId;
    WorkflowId workflowId;
};

struct WorkflowResume
{
    static constexpr auto kType = "workflow.resume";
    CommandId commandId;
    WorkflowId workflowId;
};

struct WorkflowCancel
{
    static constexpr auto kType = "workflow.cancel";
    CommandId commandId;
    WorkflowId workflowId;
};

struct TaskAdd
{
    static constexpr auto kType = "task.add";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    TaskSpec spec;
};

/// Declares `prerequisites → taskId` edges of one type.
struct TaskDependencyDeclare
{
    static constexpr auto kType = "task.dependency.declare";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    QList<TaskId> prerequisites;
    DependencyType type = DependencyType::Blocking;
};

struct TaskCancel
{
    static constexpr auto kType = "task.cancel";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
};

/// scheduled | retry_wait → ready, once `at` has reached notBefore / the retry time.
struct TaskPromote
{
    static constexpr auto kType = "task.promote";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    QDateTime at;
};

/// ready → leased: `workerId` holds attempt number `attempt` until `leaseDeadline`.
struct TaskLease
{
    static constexpr auto kType = "task.lease";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    WorkerId workerId;
    int attempt = 1;
    QDateTime leaseDeadline;
};

/// Extends the lease of the current attempt.
struct TaskLeaseHeartbeat
{
    static constexpr auto kType = "task.lease.heartbeat";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    WorkerId workerId;
    int attempt = 1;
    QDateTime leaseDeadline;
};

/// leased → running: the attempt runs as `turnId` on `threadId`.
struct TaskAttemptStart
{
    static constexpr auto kType = "task.attempt.start";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    ThreadId threadId;
    TurnId turnId;
};

/// Records how the running attempt ended; the task stays running until succeed/fail/retry.
struct TaskAttemptFinish
{
    static constexpr auto kType = "task.attempt.finish";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    AttemptOutcome outcome = AttemptOutcome::Succeeded;
    std::optional<int> exitCode;
    std::optional<QString> error;
};

/// leased | running → retry_wait until `retryAt`; only while attempts remain.
struct TaskRetrySchedule
{
    static constexpr auto kType = "task.retry.schedule";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    QDateTime retryAt;
};

struct TaskSucceed
{
    static constexpr auto kType = "task.succeed";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
};

/// leased | running | retry_wait → failed; blocking dependents become upstream_failed.
struct TaskFail
{
    static constexpr auto kType = "task.fail";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
    std::optional<QString> error;
};

/// A task that can no longer run because a blocking prerequisite failed → upstream_failed.
struct TaskUpstreamFail
{
    static constexpr auto kType = "task.upstream-fail";
    CommandId commandId;
    WorkflowId workflowId;
    TaskId taskId;
};

} // namespace backend

#pragma once

#include "backend/dag/WorkflowDag.h"
#include "backend/domain/Ids.h"
#include "backend/domain/TaskSpec.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace backend {

// The workflow and task events. Workflow events extend the stream of aggregate "workflow"
// (id: workflowId), task events that of aggregate "task" (id: "<workflowId>/<taskId>").

struct WorkflowCreated
{
    static constexpr auto kType = "workflow.created";
    static constexpr auto kAggregate = "workflow";
    WorkflowId workflowId;
    ProjectId projectId;
    QString title;
    /// Absent in events stored before strategies existed: priority.
    SchedulingStrategy strategy = SchedulingStrategy::Priority;
};

/// Closes the events of one workflow.import (its tasks and edges precede it).
struct WorkflowImported
{
    static constexpr auto kType = "workflow.imported";
    static constexpr auto kAggregate = "workflow";
    WorkflowId workflowId;
    int taskCount = 0;
    int dependencyCount = 0;
};

struct WorkflowStarted
{
    static constexpr auto kType = "workflow.started";
    static constexpr auto kAggregate = "workflow";
    WorkflowId workflowId;
};

struct WorkflowPaused
{
    static constexpr auto kType = "workflow.paused";
    static constexpr auto kAggregate = "workflow";
    WorkflowId workflowId;
};

struct WorkflowResumed
{
    static constexpr auto kType = "workflow.resumed";
    static constexpr auto kAggregate = "workflow";
    WorkflowId workflowId;
};

struct WorkflowCanceled
{
    static constexpr auto kType = "workflow.canceled";
    static constexpr auto kAggregate = "workflow";
    WorkflowId workflowId;
};

/// Every task of a started workflow reached a terminal state; `succeeded` when all succeeded.
struct WorkflowCompleted
{
    static constexpr auto kType = "workflow.completed";
    static constexpr auto kAggregate = "workflow";
    WorkflowId workflowId;
    bool succeeded = true;
};

struct TaskAdded
{
    static constexpr auto kType = "task.added";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    TaskSpec spec;
    /// scheduled; blocked when workflow.import adds it with blocking prerequisites (declared by
    /// the task.dependency-declared events that follow in the same command)
    TaskRunState state = TaskRunState::Scheduled;
};

struct TaskDependencyDeclared
{
    static constexpr auto kType = "task.dependency-declared";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    QList<TaskId> prerequisites;
    DependencyType type = DependencyType::Blocking;
};

/// A transition without data of its own: blocked ⇄ scheduled as blocking prerequisites are
/// declared or succeed.
struct TaskStateChanged
{
    static constexpr auto kType = "task.state-changed";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    TaskRunState from = TaskRunState::Blocked;
    TaskRunState to = TaskRunState::Scheduled;
};

struct TaskPromoted
{
    static constexpr auto kType = "task.promoted";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
};

struct TaskLeased
{
    static constexpr auto kType = "task.leased";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    WorkerId workerId;
    int attempt = 1;
    QDateTime leaseDeadline;
};

struct TaskLeaseRenewed
{
    static constexpr auto kType = "task.lease-renewed";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    WorkerId workerId;
    int attempt = 1;
    QDateTime leaseDeadline;
};

struct TaskAttemptStarted
{
    static constexpr auto kType = "task.attempt-started";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    ThreadId threadId;
    TurnId turnId;
};

struct TaskAttemptFinished
{
    static constexpr auto kType = "task.attempt-finished";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    AttemptOutcome outcome = AttemptOutcome::Succeeded;
    std::optional<int> exitCode;
    std::optional<QString> error;
};

struct TaskRetryScheduled
{
    static constexpr auto kType = "task.retry-scheduled";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1; ///< the attempt that failed
    QDateTime retryAt;
};

struct TaskSucceeded
{
    static constexpr auto kType = "task.succeeded";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
};

struct TaskFailed
{
    static constexpr auto kType = "task.failed";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    std::optional<QString> error;
};

/// Canceled by request (`causeTaskId` empty or itself), as a descendant or blocking dependent
/// of a canceled task (`causeTaskId` names it), or with its workflow.
struct TaskCanceled
{
    static constexpr auto kType = "task.canceled";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    std::optional<TaskId> causeTaskId;
};

struct TaskUpstreamFailed
{
    static constexpr auto kType = "task.upstream-failed";
    static constexpr auto kAggregate = "task";
    WorkflowId workflowId;
    TaskId taskId;
    TaskId failedTaskId; ///< the failed prerequisite (direct or transitive)
};

} // namespace backend

#pragma once

#include "backend/dag/WorkflowDag.h"
#include "backend/domain/Ids.h"
#include "backend/domain/TaskSpec.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace backend {

/// One edge into a task: its prerequisite and the edge's type.
struct TaskDependency
{
    TaskId prerequisite;
    DependencyType type = DependencyType::Blocking;

    friend bool operator==(const TaskDependency &, const TaskDependency &) = default;
};

/// A task of a workflow: its spec, run state and the bookkeeping of its attempts.
struct TaskView
{
    TaskId id;
    WorkflowId workflowId;
    TaskSpec spec;
    TaskRunState state = TaskRunState::Scheduled;
    int attemptCount = 0; ///< attempts leased so far
    /// Attempts that ended `canceled`: stopped by Weft (a drain, Ctrl-C), not failed by the
    /// task, so they do not count against its retry policy.
    int canceledAttempts = 0;
    std::optional<int> currentAttempt; ///< the leased or running attempt
    std::optional<WorkerId> leaseWorker;
    QDateTime leaseDeadline;
    QDateTime retryAt;
    std::optional<AttemptOutcome> lastOutcome; ///< of the current attempt once it finished
    std::optional<int> lastExitCode;
    std::optional<QString> lastError;
    std::optional<ThreadId> threadId; ///< the thread the latest attempt ran on
    std::optional<TurnId> turnId; ///< the turn of the latest attempt
    QList<TaskId> children; ///< tasks whose parentTaskId is this one, in add order
    QList<TaskDependency> prerequisites; ///< edges into this task, in declaration order
    QList<TaskId> dependents; ///< tasks with an edge from this one (any type)
    qint64 readySerial = 0; ///< order of the latest promotion (FIFO among ready tasks)
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 0;

    /// The attempts that count against `spec.maxAttempts()`.
    [[nodiscard]] int attemptsUsed() const { return attemptCount - canceledAttempts; }

    friend bool operator==(const TaskView &, const TaskView &) = default;
};

/// A workflow: a DAG of tasks inside a project. Its tasks live here (by id, and in the order
/// they were added), so a copy of the model shares them until one changes.
struct WorkflowView
{
    WorkflowId id;
    ProjectId projectId;
    QString title;
    WorkflowState state = WorkflowState::Created;
    SchedulingStrategy strategy = SchedulingStrategy::Priority;
    bool succeeded = false; ///< when completed: every task succeeded
    QHash<TaskId, TaskView> tasks;
    QList<TaskId> taskOrder;
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 0;

    [[nodiscard]] const TaskView *task(const TaskId &id) const
    {
        const auto it = tasks.constFind(id);
        return it == tasks.cend() ? nullptr : &*it;
    }
    /// The first blocking prerequisite of `t` that ended without success (so `t` can never
    /// run), or nullptr.
    [[nodiscard]] const TaskView *failedPrerequisite(const TaskView &t) const;
    /// Every edge `prerequisite → dependent`, grouped by dependent in task order.
    [[nodiscard]] QList<DagEdge> edges() const;
    /// The graph of the tasks and their edges (weights from the specs); built on demand, O(V+E).
    [[nodiscard]] WorkflowDag dag() const;
    /// Whether new tasks may still be added and commands act (not completed nor canceled).
    [[nodiscard]] bool isOpen() const
    {
        return state != WorkflowState::Completed && state != WorkflowState::Canceled;
    }

    friend bool operator==(const WorkflowView &, const WorkflowView &) = default;
};

} // namespace backend

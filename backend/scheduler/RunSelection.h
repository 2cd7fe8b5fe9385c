#pragma once

#include "backend/domain/ReadModel.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace backend {

/// A ready task as the selection rule sees it.
struct RunCandidate
{
    WorkflowId workflowId;
    TaskId taskId;
    int priority = 0;
    qint64 readySerial = 0; ///< FIFO: the order in which tasks became ready
    std::optional<QString> concurrencyKey;
    /// Preferred-order prerequisites (same workflow): among candidates of equal priority this
    /// one goes after them. They never block: a prerequisite that is not a candidate is ignored.
    QList<TaskId> preferredAfter;
    SchedulingStrategy strategy = SchedulingStrategy::Priority; ///< its workflow's
    int labelMatches = 0; ///< how many of the task's labels the workers offer (affinity)

    friend bool operator==(const RunCandidate &, const RunCandidate &) = default;
};

/// The scheduler's choice of what to lease next, pure: at most `freeSlots` candidates, by
/// priority (higher first), then FIFO (lower readySerial first), then workflow id and task id.
/// Preferred-order edges between candidates of equal priority reorder those ties (a prerequisite
/// first); they never hold a candidate back when its prerequisite is not a candidate.
/// The concurrency gate allows one running attempt per key: a candidate whose key has a running
/// attempt (`runningByConcurrencyKey` > 0) or was already chosen in this selection is skipped,
/// and the next candidate is considered in its place.
///
/// Strategies: each workflow's candidates form a queue in that order — for an `Affinity`
/// workflow, tasks matching more of the workers' labels first, the rule above among equals.
/// Each `Fair` workflow is a lane of its own; all other workflows share one lane, whose next
/// candidate is the best of their queues' heads by the rule above. Slots go to the lanes in
/// turn (round-robin, lanes in workflow id order after the shared one), starting after the
/// lane `*cursor` names, which is updated to the lane served last (an empty id: the shared
/// lane). With no fair workflow there is one lane, and the rule above alone decides.
using LaneCursor = std::optional<WorkflowId>;
[[nodiscard]] QList<RunCandidate> selectRunnable(QList<RunCandidate> candidates, int freeSlots,
                                                 const QHash<QString, int> &runningByConcurrencyKey,
                                                 LaneCursor *cursor = nullptr);

/// The preferred-order prerequisites of a task.
[[nodiscard]] QList<TaskId> preferredPrerequisites(const TaskView &task);

/// The ready tasks of running workflows (paused ones wait), as candidates.
[[nodiscard]] QList<RunCandidate> readyCandidates(const ReadModel &model);

/// Leased and running attempts per concurrency key.
[[nodiscard]] QHash<QString, int> runningByConcurrencyKey(const ReadModel &model);

/// selectRunnable over the model's ready tasks and its own running attempts.
[[nodiscard]] QList<RunCandidate> selectRunnable(const ReadModel &model, int freeSlots);

} // namespace backend

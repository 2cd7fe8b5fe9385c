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

    friend bool operator==(const RunCandidate &, const RunCandidate &) = default;
};

/// The scheduler's choice of what to lease next, pure: at most `freeSlots` candidates, by
/// priority (higher first), then FIFO (lower readySerial first), then workflow id and task id.
/// The concurrency gate allows one running attempt per key: a candidate whose key has a running
/// attempt (`runningByConcurrencyKey` > 0) or was already chosen in this selection is skipped,
/// and the next candidate is considered in its place.
[[nodiscard]] QList<RunCandidate>
selectRunnable(QList<RunCandidate> candidates, int freeSlots,
               const QHash<QString, int> &runningByConcurrencyKey);

/// The ready tasks of running workflows (paused ones wait), as candidates.
[[nodiscard]] QList<RunCandidate> readyCandidates(const ReadModel &model);

/// Leased and running attempts per concurrency key.
[[nodiscard]] QHash<QString, int> runningByConcurrencyKey(const ReadModel &model);

/// selectRunnable over the model's ready tasks and its own running attempts.
[[nodiscard]] QList<RunCandidate> selectRunnable(const ReadModel &model, int freeSlots);

} // namespace backend

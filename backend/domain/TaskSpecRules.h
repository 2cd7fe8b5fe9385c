#pragma once

#include "backend/domain/TaskSpec.h"

#include <QString>

#include <optional>

namespace backend {

/// Why a task spec makes no sense: the field (relative to the spec, e.g.
/// "retry.backoff.baseMs") and what is wrong with it ("must not exceed maxMs (500)").
struct TaskSpecProblem
{
    QString field;
    QString what;
};

/// The semantic rules of a spec, checked when a task is added (never at run time): a
/// non-blank title; exactly one of a non-empty `command` and a non-blank `shell`; maxAttempts
/// ≥ 1; delays ≥ 0; baseMs ≤ maxMs; jitter in [0, 1]; timeoutMs > 0; a cron expression of
/// five or six fields; a finite weight ≥ 0; non-blank concurrency key, labels and env names.
[[nodiscard]] std::optional<TaskSpecProblem> validateTaskSpec(const TaskSpec &spec);

/// The spec as the wire carries it: the backoff fields of the other kind zeroed, so an event
/// folded live equals the same event decoded from the store.
[[nodiscard]] TaskSpec normalizedTaskSpec(TaskSpec spec);

} // namespace backend

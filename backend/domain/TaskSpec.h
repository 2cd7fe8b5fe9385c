#pragma once

#include "backend/domain/Ids.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace backend {

/// How long to wait before the next attempt of a task. `Fixed` waits `delayMs` every time;
/// `Exponential` waits min(maxMs, baseMs · 2^(attempt−1)), shortened by up to `jitter` of itself
/// (see backend/scheduler/Backoff.h). Only the fields of the kind are meaningful.
struct Backoff
{
    enum class Kind : std::uint8_t { Fixed, Exponential };

    Kind kind = Kind::Fixed;
    qint64 delayMs = 0;
    qint64 baseMs = 0;
    qint64 maxMs = 0;
    double jitter = 0.0; ///< fraction in [0, 1]

    friend bool operator==(const Backoff &, const Backoff &) = default;
};

/// How often a task may run and how long to wait between attempts.
struct RetryPolicy
{
    int maxAttempts = 1; ///< attempts in total, the first one included; at least 1
    Backoff backoff;

    friend bool operator==(const RetryPolicy &, const RetryPolicy &) = default;
};

/// What a task is: its title, what to run and the scheduler's knobs. Exactly one of `command`
/// (an argument vector) and `shell` (one string for `/bin/sh -c`) is set on a valid spec; the
/// decider checks that (validateTaskSpec), the codec only checks shapes.
struct TaskSpec
{
    QString title;
    QStringList command;
    std::optional<QString> shell;
    std::optional<QString> cwd;
    QMap<QString, QString> env;
    int priority = 0; ///< higher runs first
    std::optional<QString> concurrencyKey; ///< at most one running attempt per key
    std::optional<RetryPolicy> retry; ///< absent: one attempt
    std::optional<qint64> timeoutMs;
    std::optional<QDateTime> notBefore; ///< not promoted to ready before this time
    std::optional<QString> cron; ///< stored for the scheduler; five or six fields
    std::optional<TaskId> parentTaskId; ///< the task hierarchy (cancel cascades down it)
    QStringList labels; ///< worker labels the task needs
    double weight = 1.0; ///< expected duration for critical-path analysis (workflow files)

    [[nodiscard]] int maxAttempts() const { return retry ? retry->maxAttempts : 1; }

    friend bool operator==(const TaskSpec &, const TaskSpec &) = default;
};

/// Run state of a task: `blocked → scheduled → ready → leased → running → succeeded |
/// retry_wait → ready | failed | canceled`, plus `upstream_failed` for a task that cannot run
/// because a blocking prerequisite failed. The last four are terminal.
enum class TaskRunState : std::uint8_t {
    Blocked,
    Scheduled,
    Ready,
    Leased,
    Running,
    RetryWait,
    Succeeded,
    Failed,
    Canceled,
    UpstreamFailed,
};

[[nodiscard]] constexpr bool isTerminal(TaskRunState state)
{
    return state == TaskRunState::Succeeded || state == TaskRunState::Failed
        || state == TaskRunState::Canceled || state == TaskRunState::UpstreamFailed;
}

/// Terminal without success: a blocking dependent of such a task can never run.
[[nodiscard]] constexpr bool isTerminalFailure(TaskRunState state)
{
    return isTerminal(state) && state != TaskRunState::Succeeded;
}

/// How one attempt of a task ended, as the worker reports it.
enum class AttemptOutcome : std::uint8_t { Succeeded, Failed, TimedOut, Canceled, Lost };

/// Lifecycle of a workflow: `created → running ⇄ paused → completed | canceled`.
enum class WorkflowState : std::uint8_t { Created, Running, Paused, Completed, Canceled };

/// How a workflow's ready tasks compete for free worker slots (docs/WORKFLOWS.md, "Selection"):
/// `Priority` — priority, then FIFO, then id, against every other such workflow's tasks;
/// `Fair` — the workflow gets slots in turn with the other workflows (round-robin);
/// `Affinity` — its tasks that ask for more of the workers' labels go first, then as `Priority`.
enum class SchedulingStrategy : std::uint8_t { Priority, Fair, Affinity };

} // namespace backend

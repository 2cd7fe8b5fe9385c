#pragma once

#include "backend/domain/Ids.h"
#include "backend/domain/TaskSpec.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace backend {

/// One attempt of a task as the scheduler hands it to an executor.
struct AttemptRequest
{
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    WorkerId workerId;
    TaskSpec spec;
    QString workingDirectory; ///< the spec's cwd resolved against the project's root
};

/// How an attempt ended, as its executor reports it.
struct AttemptResult
{
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    AttemptOutcome outcome = AttemptOutcome::Succeeded;
    std::optional<int> exitCode;
    std::optional<QString> error;
};

/// Output an attempt produced since the executor last handed output over (stdout and stderr
/// interleaved as they came).
struct AttemptOutput
{
    WorkflowId workflowId;
    TaskId taskId;
    int attempt = 1;
    QString text;
};

/// Why the scheduler stops an attempt; the executor reports the matching outcome
/// (canceled, timed_out, lost).
enum class StopReason : std::uint8_t { Canceled, TimedOut, LeaseExpired, Drained };

/// Runs attempts for the scheduler. Executors never touch the store: the scheduler takes
/// their output and results on its own thread and turns them into commands. Tests use a fake
/// that finishes attempts when told to; `weft run` uses ProcessExecutor.
class AttemptExecutor
{
public:
    virtual ~AttemptExecutor() = default;

    virtual void start(const AttemptRequest &request) = 0;
    /// Stops a live attempt; its result (with the reason's outcome) still arrives through
    /// takeFinished(). Unknown attempts are ignored.
    virtual void stop(const WorkflowId &workflowId, const TaskId &taskId, int attempt,
                      StopReason reason)
        = 0;
    /// Whether a live attempt still answers: the scheduler renews the lease of those that do
    /// and lets the lease of the others expire.
    [[nodiscard]] virtual bool isResponsive(const WorkflowId &workflowId, const TaskId &taskId,
                                            int attempt) const = 0;
    /// Output since the last call, at most one piece per attempt.
    [[nodiscard]] virtual QList<AttemptOutput> takeOutput() = 0;
    /// Attempts that ended since the last call, in the order they ended.
    [[nodiscard]] virtual QList<AttemptResult> takeFinished() = 0;

    /// Called on the scheduler's thread whenever output or a result is waiting.
    void setWakeHandler(std::function<void()> handler) { m_wake = std::move(handler); }

protected:
    void wake() const
    {
        if (m_wake)
            m_wake();
    }

private:
    std::function<void()> m_wake;
};

} // namespace backend

#pragma once

#include "backend/domain/Commands.h"

#include <QObject>
#include <QProcessEnvironment>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

namespace backend {

/// One turn for a provider: the user's message and where to run.
struct TurnRequest
{
    QString threadId;
    QString turnId;
    QString text; ///< the user message
    QString workingDirectory; ///< the thread's worktree, or the project's root
};

/// How a turn ended, as the provider saw it.
struct TurnResult
{
    TurnOutcome outcome = TurnOutcome::Completed;
    std::optional<int> exitCode;
    std::optional<QString> error; ///< for a person: "exited with status 3: …"
};

/// A log line of a running turn (an agent's stderr line, a start failure, …).
struct ProviderActivity
{
    ActivityTone tone = ActivityTone::Info;
    QString kind; ///< e.g. "stderr", "provider.error"
    QString summary; ///< the line itself
};

/// How provider processes are run: signal grace periods, output batching, environment.
struct ProviderRunOptions
{
    std::chrono::milliseconds interruptGrace {1000}; ///< SIGINT → SIGTERM
    std::chrono::milliseconds terminateGrace {1000}; ///< SIGTERM → SIGKILL
    std::chrono::milliseconds outputInterval {50}; ///< at most one assistant delta per interval
    std::optional<QProcessEnvironment> environment; ///< nullopt: Weft's own
};

/// A provider bound to one thread: runs the thread's turns one at a time and reports their
/// output and end through its signals. Lives on, and is used from, one thread.
class ProviderSession : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// Starts a turn; `turnEnded` follows exactly once — possibly before this returns, when
    /// the turn cannot start at all. Refused (returns false) while a turn is running or after
    /// stop().
    virtual bool startTurn(const TurnRequest &request) = 0;
    /// Asks the running turn to stop: SIGINT, SIGTERM after a grace period, SIGKILL after
    /// another. The turn ends as interrupted.
    virtual void interrupt() = 0;
    /// Ends the session: interrupts a running turn and refuses new ones.
    virtual void stop() = 0;
    [[nodiscard]] virtual bool isTurnRunning() const = 0;

Q_SIGNALS:
    /// A piece of the assistant's answer; the pieces concatenate to the whole.
    void assistantText(const QString &text);
    void activity(const backend::ProviderActivity &activity);
    void turnEnded(const backend::TurnResult &result);
};

/// What executes a thread's turns: opens sessions for threads.
class Provider
{
public:
    virtual ~Provider();
    /// "process" or "shell".
    [[nodiscard]] virtual QString kind() const = 0;
    /// A session for the thread `threadId`; the caller owns it.
    [[nodiscard]] virtual std::unique_ptr<ProviderSession>
    startSession(const QString &threadId) const = 0;
};

} // namespace backend

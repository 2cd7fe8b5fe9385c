#pragma once

#include "backend/engine/OrchestrationEngine.h"
#include "backend/engine/TurnGate.h"
#include "backend/runtime/AppMessages.h"
#include "backend/runtime/Channel.h"
#include "backend/runtime/Managers.h"

#include <QCoro/QCoroTask>
#include <QThread>

#include <memory>
#include <vector>

namespace backend {

/// What the backend thread runs on.
struct BackendConfig
{
    QString databasePath;
    OrchestrationEngine::Options engine;
    std::shared_ptr<TerminalManager> terminals; ///< nullptr: pseudo-terminals (PtyTerminalManager)
    std::shared_ptr<GitManager> git; ///< nullptr: libgit2 (LibGitManager)
    std::vector<std::shared_ptr<Reactor>> reactors;
    /// Checkpoint every turn's workspace in git (CheckpointReactor), registered before
    /// `reactors`. Its repository work runs off the backend thread, on the workspace queue the
    /// LibGitManager shares.
    bool checkpoints = false;
    /// Where the CheckpointReactor holds a turn while its baseline is taken. Give the same gate
    /// to the ProviderReactor (ProviderReactor::Options::turnGate) so a turn's process starts
    /// after its baseline; without it the process may change files before they are read.
    std::shared_ptr<TurnGate> turnGate;
    /// Tests: runs on the worker thread at the start of every checkpoint job.
    std::function<void()> checkpointJobHook;
};

/// The backend's command loop, run as a coroutine on the backend thread: opens the store,
/// rebuilds the engine, publishes Ready (or Failed), then routes every AppCommand in FIFO
/// order until `commands` is closed. Orchestration commands queued together are committed as
/// one group. Returns 0 after a clean close, non-zero when the backend could not start.
/// Both channels must outlive the coroutine.
QCoro::Task<int> start(Channel<AppCommand> &commands, Channel<AppEvent> &events,
                       BackendConfig config);

/// Owns the backend thread and both channels: the frontend sends on `commands()` and reads
/// `events()` on the thread that created the BackendThread.
class BackendThread
{
public:
    explicit BackendThread(BackendConfig config);
    ~BackendThread(); ///< closes the command channel and joins the thread
    BackendThread(const BackendThread &) = delete;
    BackendThread &operator=(const BackendThread &) = delete;

    Channel<AppCommand> &commands() { return m_commands; }
    Channel<AppEvent> &events() { return m_events; }

    /// Closes the command channel and waits for the loop to finish what was queued.
    void stop();

private:
    Channel<AppCommand> m_commands;
    Channel<AppEvent> m_events;
    QThread m_thread;
    QObject *m_context = nullptr; ///< lives on m_thread; runs the coroutine there
};

} // namespace backend

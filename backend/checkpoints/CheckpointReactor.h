#pragma once

#include "backend/checkpoints/CheckpointJob.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/engine/Reactor.h"
#include "backend/engine/TurnGate.h"
#include "backend/git/WorkspaceQueue.h"

#include <QPromise>

#include <functional>
#include <memory>

namespace backend {

/// Checkpoints every turn's effect on its workspace in git, so a thread can be reverted.
///
/// - `thread.turn-started` (turn n): a baseline commit of the workspace under
///   refs/weft/checkpoints/<thread>/baseline/<n> (and turn/<n-1> when that does not exist
///   yet). A workspace that is not a git repository gets an activity saying checkpoints are
///   unavailable; the turn runs all the same.
/// - `thread.turn-completed`: the checkpoint commit under …/turn/<n> and
///   `thread.turn.diff.complete` with the files the turn changed (baseline → checkpoint).
/// - `thread.reverted` (to turn N): the workspace's files are restored to …/turn/<N>, and the
///   refs of later turns are deleted. A failure is reported as a system message.
/// - `thread.deleted`: the thread's checkpoint refs are deleted.
///
/// Snapshots are built in a temporary index and committed without a branch: the user's HEAD,
/// index, branches and stash are never touched. The repository work runs on a
/// git::WorkspaceQueue (one job after another per workspace, off the backend thread); the
/// reaction awaits its job and dispatches the results on the backend thread, with the event
/// as causation. A baseline holds its turn on the TurnGate until it is taken (or has failed),
/// so the provider reactor, which awaits the gate, starts the process only after it. Task
/// threads (the scheduler's attempts) get no checkpoint and are not held.
///
/// Destroying the reactor waits for the jobs in flight; a job that ends after the engine is
/// gone has its results logged and dropped.
class CheckpointReactor final : public Reactor
{
public:
    struct Options
    {
        std::shared_ptr<git::WorkspaceQueue> queue; ///< nullptr: a queue of its own
        std::shared_ptr<TurnGate> gate; ///< nullptr: turns are not held
        /// Tests: runs on the worker thread at the start of every job (to hold it, say).
        std::function<void()> beforeEachJob;
    };

    CheckpointReactor();
    explicit CheckpointReactor(Options options);
    ~CheckpointReactor() override;
    CheckpointReactor(const CheckpointReactor &) = delete;
    CheckpointReactor &operator=(const CheckpointReactor &) = delete;

    [[nodiscard]] QString name() const override { return QStringLiteral("checkpoint"); }
    QCoro::Task<> onEvent(const StoredEvent &event, OrchestrationEngine &engine) override;

    /// Jobs queued or running whose results are not dispatched yet (backend thread).
    [[nodiscard]] int jobsInFlight() const { return m_inFlight; }
    /// Completes once no job is in flight (at once when none is).
    QCoro::Task<> settled();

    /// The activity summary of a turn whose workspace is not a git repository.
    static QString unavailableNotice();

private:
    Options m_options;
    int m_inFlight = 0;
    std::shared_ptr<QPromise<void>> m_settled; ///< finished when m_inFlight drops to 0
};

} // namespace backend

#pragma once

#include "backend/domain/Commands.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/engine/Reactor.h"

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
/// index, branches and stash are never touched. Work is synchronous on the backend thread, and
/// the reactor must be registered before the ProviderReactor so the baseline is taken before
/// the turn's process starts.
class CheckpointReactor final : public Reactor
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("checkpoint"); }
    QCoro::Task<> onEvent(const StoredEvent &event, OrchestrationEngine &engine) override;

    /// The activity summary of a turn whose workspace is not a git repository.
    static QString unavailableNotice();

private:
    void onTurnStarted(const StoredEvent &event, OrchestrationEngine &engine);
    void onTurnCompleted(const StoredEvent &event, OrchestrationEngine &engine);
    void onReverted(const StoredEvent &event, OrchestrationEngine &engine);
    void onDeleted(const StoredEvent &event, OrchestrationEngine &engine);
};

} // namespace backend

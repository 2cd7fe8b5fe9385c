#pragma once

#include "backend/git/WorkspaceQueue.h"
#include "backend/runtime/Managers.h"

#include <memory>

namespace backend::git {

/// The GitManager of Weft, over libgit2. Each request names its repository by `path` (any
/// folder inside the work tree) and is answered by one GitEvent "result" or "error" with the
/// request's id; checkout and commit also send "progress" events before it.
///
/// Actions and their parameters (besides `path`):
/// - `status` → {branch, detached, unborn, upstream, ahead, behind, files[{path, kind, staged}]}
/// - `branches` → {branches[{name, current, upstream, commit}]}
/// - `branch.create` {name, startPoint?} → {branch}
/// - `switch` {name} → {branch}
/// - `worktree.create` {name, worktreePath, branch?} → {worktreePath}
/// - `worktree.remove` {name, force?} → {}
/// - `diff` {threadId?, turn?, patch?} → {files[{path, kind, additions, deletions, binary}],
///   patch, truncated}: the work tree against HEAD, or with threadId and turn, what that turn
///   of the thread changed (its checkpoint against its baseline)
/// - `commit` {message} → {commit}
///
/// Errors carry GitError's code name: not_a_repository, conflict, dirty_tree, unknown_ref, …
///
/// Requests are answered in order, on the calling (backend) thread. With a WorkspaceQueue —
/// the one the CheckpointReactor uses — the actions that change the work tree (`switch`,
/// `worktree.create`, `worktree.remove`, `commit`) run as jobs of that workspace and the call
/// waits for them, so they never overlap a checkpoint capture or a revert's restore of the
/// same tree (they wait behind it). The read-only actions run at once; one that coincides
/// with a restore may see the tree half restored, as it would with any other writer.
class LibGitManager final : public GitManager
{
public:
    /// `queue` nullptr: every action runs at once on the calling thread.
    explicit LibGitManager(std::shared_ptr<WorkspaceQueue> queue = nullptr);
    void handle(const GitRequest &request, const Publish &publish) override;

private:
    std::shared_ptr<WorkspaceQueue> m_queue;
};

} // namespace backend::git

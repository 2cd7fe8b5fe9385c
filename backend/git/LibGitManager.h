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
/// Without a queue, each request is answered before handle() returns, on the calling thread.
/// With a WorkspaceQueue — the one the CheckpointReactor uses — each request is a job of the
/// workspace its `path` names: handle() returns at once, the request runs on the queue's
/// pool, after the checkpoint jobs (captures, a revert's restore) queued before it for that
/// workspace and never alongside them, and its progress and answer are published from the
/// worker; `publish` must allow that (the backend's sends on its thread-safe channel).
/// Requests of one workspace are answered in order; those of different workspaces may not be.
class LibGitManager final : public GitManager
{
public:
    /// `queue` nullptr: every request runs at once on the calling thread.
    explicit LibGitManager(std::shared_ptr<WorkspaceQueue> queue = nullptr);
    void handle(const GitRequest &request, const Publish &publish) override;

private:
    std::shared_ptr<WorkspaceQueue> m_queue;
};

} // namespace backend::git

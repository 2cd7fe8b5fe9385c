#pragma once

#include "backend/runtime/Managers.h"

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
class LibGitManager final : public GitManager
{
public:
    void handle(const GitRequest &request, const Publish &publish) override;
};

} // namespace backend::git

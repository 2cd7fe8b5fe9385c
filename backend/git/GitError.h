#pragma once

#include <QString>

namespace backend::git {

/// Why a git operation failed: a stable code for programs and a sentence for people.
struct GitError
{
    enum class Code {
        NotARepository, ///< the path is not inside a git work tree
        Conflict, ///< the operation would overwrite local changes or hit a merge conflict
        DirtyTree, ///< the work tree has changes the operation refuses to carry
        UnknownRef, ///< a branch, ref, worktree or checkpoint that does not exist
        AlreadyExists, ///< a branch, worktree or path of that name already exists
        InvalidArgument, ///< a missing or malformed parameter
        NothingToCommit, ///< a commit was asked for but the work tree has no change
        Io, ///< reading or writing the work tree failed
        Failed, ///< anything else libgit2 reports
    };

    Code code = Code::Failed;
    QString message;

    /// The stable snake_case name of the code, e.g. "not_a_repository".
    [[nodiscard]] QString codeName() const;
};

} // namespace backend::git

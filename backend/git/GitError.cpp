#include "backend/git/GitError.h"

namespace backend::git {

QString GitError::codeName() const
{
    switch (code) {
    case Code::NotARepository:
        return QStringLiteral("not_a_repository");
    case Code::Conflict:
        return QStringLiteral("conflict");
    case Code::DirtyTree:
        return QStringLiteral("dirty_tree");
    case Code::UnknownRef:
        return QStringLiteral("unknown_ref");
    case Code::AlreadyExists:
        return QStringLiteral("already_exists");
    case Code::InvalidArgument:
        return QStringLiteral("invalid_argument");
    case Code::NothingToCommit:
        return QStringLiteral("nothing_to_commit");
    case Code::Io:
        return QStringLiteral("io_error");
    case Code::Failed:
        return QStringLiteral("git_failed");
    }
    return QStringLiteral("git_failed");
}

} // namespace backend::git

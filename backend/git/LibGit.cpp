#include "backend/git/LibGit.h"

namespace backend::git {

void ensureLibGit2()
{
    // Never shut down: libgit2's global state lives as long as the process, which spares every
    // caller the question of who calls git_libgit2_shutdown last.
    static const int initialised = git_libgit2_init();
    Q_UNUSED(initialised);
}

GitError lastError(int status, const QString &what)
{
    const git_error *e = git_error_last();
    const QString why = e && e->message ? QString::fromUtf8(e->message).trimmed()
                                        : QStringLiteral("libgit2 error %1").arg(status);
    GitError::Code code = GitError::Code::Failed;
    switch (status) {
    case GIT_ENOTFOUND:
        code = GitError::Code::UnknownRef;
        break;
    case GIT_ECONFLICT:
    case GIT_EMERGECONFLICT:
    case GIT_EUNMERGED:
        code = GitError::Code::Conflict;
        break;
    case GIT_EEXISTS:
        code = GitError::Code::AlreadyExists;
        break;
    case GIT_EINVALIDSPEC:
        code = GitError::Code::InvalidArgument;
        break;
    default:
        break;
    }
    return GitError {code, QStringLiteral("Could not %1: %2.").arg(what, why)};
}

} // namespace backend::git

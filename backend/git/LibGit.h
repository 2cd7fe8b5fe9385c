#pragma once

#include "backend/git/GitError.h"

#include <git2.h>
#include <git2/sys/repository.h>

#include <QString>

#include <expected>
#include <memory>

// Private to backend/git: owning handles over libgit2 objects and the translation of its
// error codes into GitError. Nothing here throws; every libgit2 call's status is checked.
namespace backend::git {

/// Keeps libgit2 initialised for the life of the process (git_libgit2_init is reference
/// counted and thread-safe; the first call sets up its global state).
void ensureLibGit2();

template<typename T, void (*Free)(T *)> struct Deleter
{
    void operator()(T *p) const { Free(p); }
};

template<typename T, void (*Free)(T *)> using Handle = std::unique_ptr<T, Deleter<T, Free>>;

using RepositoryPtr = Handle<git_repository, git_repository_free>;
using IndexPtr = Handle<git_index, git_index_free>;
using TreePtr = Handle<git_tree, git_tree_free>;
using CommitPtr = Handle<git_commit, git_commit_free>;
using ReferencePtr = Handle<git_reference, git_reference_free>;
using DiffPtr = Handle<git_diff, git_diff_free>;
using PatchPtr = Handle<git_patch, git_patch_free>;
using BlobPtr = Handle<git_blob, git_blob_free>;
using ObjectPtr = Handle<git_object, git_object_free>;
using SignaturePtr = Handle<git_signature, git_signature_free>;
using StatusListPtr = Handle<git_status_list, git_status_list_free>;
using BranchIteratorPtr = Handle<git_branch_iterator, git_branch_iterator_free>;
using WorktreePtr = Handle<git_worktree, git_worktree_free>;
using ReferenceIteratorPtr = Handle<git_reference_iterator, git_reference_iterator_free>;

/// Owns a git_buf's memory.
struct Buffer
{
    git_buf buf = GIT_BUF_INIT;
    Buffer() = default;
    Buffer(const Buffer &) = delete;
    Buffer &operator=(const Buffer &) = delete;
    ~Buffer() { git_buf_dispose(&buf); }
    [[nodiscard]] QString toString() const
    {
        return QString::fromUtf8(buf.ptr, qsizetype(buf.size));
    }
};

/// Owns a git_strarray's memory.
struct StrArray
{
    git_strarray array {nullptr, 0};
    StrArray() = default;
    StrArray(const StrArray &) = delete;
    StrArray &operator=(const StrArray &) = delete;
    ~StrArray() { git_strarray_dispose(&array); }
};

/// The GitError for a failed libgit2 call: `what` says what Weft was doing, libgit2's last
/// error message says why. GIT_ENOTFOUND maps to UnknownRef, GIT_ECONFLICT / GIT_EMERGECONFLICT
/// to Conflict, GIT_EEXISTS to AlreadyExists.
[[nodiscard]] GitError lastError(int status, const QString &what);

/// `lastError` wrapped for returning from a std::expected function.
[[nodiscard]] inline std::unexpected<GitError> fail(int status, const QString &what)
{
    return std::unexpected(lastError(status, what));
}

[[nodiscard]] inline std::unexpected<GitError> fail(GitError::Code code, QString message)
{
    return std::unexpected(GitError {code, std::move(message)});
}

/// A NUL-terminated UTF-8 copy of a QString for the duration of a call.
[[nodiscard]] inline QByteArray utf8(const QString &s)
{
    return s.toUtf8();
}

[[nodiscard]] inline QString oidToString(const git_oid &oid)
{
    char text[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(text, sizeof text, &oid);
    return QString::fromLatin1(text);
}

} // namespace backend::git

namespace backend::git {

struct DiffResult;

/// The files of a libgit2 diff with their line counts, and the patch text when asked for
/// (capped at kMaxPatchBytes).
std::expected<DiffResult, GitError> collectDiff(git_diff *diff, bool withPatch);

/// Parses a hex object id.
std::expected<git_oid, GitError> parseOid(const QString &hex);

} // namespace backend::git

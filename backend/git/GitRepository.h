#pragma once

#include "backend/git/GitError.h"

#include <QList>
#include <QString>

#include <expected>
#include <functional>
#include <memory>
#include <optional>

struct git_repository;

namespace backend::git {

/// One changed path of a work tree (status) or of a diff. `kind` is one of "added",
/// "modified", "deleted", "renamed", "typechange", "untracked", "conflicted".
struct FileChange
{
    QString path;
    QString kind;
    bool staged = false; ///< status only: the change is (also) in the index
    int additions = 0; ///< diffs only: lines added
    int deletions = 0; ///< diffs only: lines removed
    bool binary = false; ///< diffs only: no line counts for a binary file

    friend bool operator==(const FileChange &, const FileChange &) = default;
};

/// The state of a work tree: its branch, how it stands against its upstream, and its changes.
struct RepositoryStatus
{
    QString branch; ///< short name; empty when HEAD is detached
    bool detached = false;
    bool unborn = false; ///< the branch has no commit yet
    std::optional<QString> upstream; ///< e.g. "origin/main"
    int ahead = 0;
    int behind = 0;
    QList<FileChange> files;
};

/// A local branch.
struct BranchInfo
{
    QString name;
    bool current = false;
    std::optional<QString> upstream;
    QString commit; ///< the commit it points at (hex)
};

/// A diff: changed files with line counts, and the patch text when asked for.
struct DiffResult
{
    QList<FileChange> files;
    QString patch;
    bool truncated = false; ///< the patch was cut at the size limit
};

/// How far a long operation (checkout, adding files) has got.
struct Progress
{
    QString stage; ///< "checkout" | "add"
    qint64 completed = 0;
    qint64 total = 0;
    QString path; ///< the file being handled, when known
};
using ProgressFn = std::function<void(const Progress &)>;

/// A git repository (its work tree) opened through libgit2. Each operation is synchronous
/// and returns a value or a GitError; nothing throws. The checkpoint operations never write
/// the user's HEAD, index, branches or stash.
class Repository
{
public:
    /// Opens the repository whose work tree contains `path` (searching upwards).
    static std::expected<Repository, GitError> open(const QString &path);

    Repository(Repository &&) noexcept;
    Repository &operator=(Repository &&) noexcept;
    ~Repository();

    /// The work tree's root, with a trailing '/'.
    [[nodiscard]] QString workdir() const;

    // -- The user's repository (GitManager) --------------------------------------------------

    std::expected<RepositoryStatus, GitError> status() const;
    std::expected<QList<BranchInfo>, GitError> branches() const;
    /// Creates `name` at `startPoint` (any revision; HEAD when empty). HEAD does not move.
    std::expected<BranchInfo, GitError> createBranch(const QString &name,
                                                     const QString &startPoint = {});
    /// Checks out branch `name` safely: local changes the switch would overwrite refuse it
    /// (Conflict); other local changes are carried over, as `git switch` does.
    std::expected<void, GitError> switchBranch(const QString &name, const ProgressFn &progress);
    /// Adds a linked work tree `name` at `path` on `branch` (made from HEAD when it does not
    /// exist; named `name` when empty).
    std::expected<QString, GitError> createWorktree(const QString &name, const QString &path,
                                                    const QString &branch,
                                                    const ProgressFn &progress);
    /// Removes a linked work tree and its files; refuses one with changes (DirtyTree) unless
    /// `force`.
    std::expected<void, GitError> removeWorktree(const QString &name, bool force);
    /// The work tree (tracked and untracked files) against HEAD.
    std::expected<DiffResult, GitError> diffWorkingTree(bool withPatch) const;
    /// Stages every change (new, modified, deleted; ignored files stay out) and commits it on
    /// the current branch. Returns the new commit's id.
    std::expected<QString, GitError> commitAll(const QString &message, const ProgressFn &progress);

    // -- Snapshots (checkpoints) ---------------------------------------------------------------

    /// The tree of the whole work tree as it is now — tracked and untracked files, honouring
    /// .gitignore — built in a temporary index (a copy of the user's, for its stat cache).
    std::expected<QString, GitError> snapshotTree() const;
    /// Writes a commit of `tree` (parent `parent` when given) and points `refName` at it,
    /// creating or moving the ref. HEAD and branches are not touched. Returns the commit id.
    std::expected<QString, GitError> commitSnapshot(const QString &tree,
                                                    const std::optional<QString> &parent,
                                                    const QString &refName, const QString &message);
    /// The commit a ref points at, or std::nullopt when there is no such ref.
    std::expected<std::optional<QString>, GitError> resolveRef(const QString &refName) const;
    /// The tree of a commit.
    std::expected<QString, GitError> treeOf(const QString &commit) const;
    /// The changes from tree `from` to tree `to` (either may be empty: the empty tree).
    std::expected<DiffResult, GitError> diffTrees(const QString &from, const QString &to,
                                                  bool withPatch) const;
    /// Makes the work tree's non-ignored files equal to `tree`: writes files that differ
    /// (contents and executable bit), removes files the tree lacks. Ignored files stay.
    std::expected<void, GitError> restoreTree(const QString &tree);
    /// The refs under `prefix` (e.g. "refs/weft/checkpoints/t1/"), full names.
    std::expected<QStringList, GitError> refsUnder(const QString &prefix) const;
    std::expected<void, GitError> deleteRef(const QString &refName);
    /// Whether `refName` is a valid reference name.
    [[nodiscard]] static bool isValidRefName(const QString &refName);

    [[nodiscard]] git_repository *raw() const { return m_repo; }

private:
    explicit Repository(git_repository *repo);
    git_repository *m_repo = nullptr;
};

/// Caps the size of patch text a diff returns; bigger patches are truncated.
inline constexpr qsizetype kMaxPatchBytes = 4 * 1024 * 1024;

} // namespace backend::git

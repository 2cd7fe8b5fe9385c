// The checkpoint side of Repository: snapshots of the work tree built in a temporary index,
// commits under Weft's own refs, diffs between snapshots and restoring a snapshot. None of it
// writes the user's index, HEAD, branches or stash.

#include "backend/git/GitRepository.h"
#include "backend/git/LibGit.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace backend::git {

namespace {

QString kindOfDelta(git_delta_t status)
{
    switch (status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
        return QStringLiteral("added");
    case GIT_DELTA_DELETED:
        return QStringLiteral("deleted");
    case GIT_DELTA_RENAMED:
    case GIT_DELTA_COPIED:
        return QStringLiteral("renamed");
    case GIT_DELTA_TYPECHANGE:
        return QStringLiteral("typechange");
    case GIT_DELTA_CONFLICTED:
        return QStringLiteral("conflicted");
    default:
        return QStringLiteral("modified");
    }
}

std::expected<TreePtr, GitError> lookupTree(git_repository *repo, const QString &hex)
{
    if (hex.isEmpty())
        return TreePtr(); // the empty tree
    auto oid = parseOid(hex);
    if (!oid)
        return std::unexpected(oid.error());
    git_tree *raw = nullptr;
    if (const int rc = git_tree_lookup(&raw, repo, &*oid); rc < 0)
        return fail(rc, QStringLiteral("read tree %1").arg(hex));
    return TreePtr(raw);
}

/// Removes `dir` and its parents while they are empty, stopping at `root`.
void removeEmptyParents(const QString &root, QString dir)
{
    const QString top = QDir::cleanPath(root);
    while (dir.size() > top.size() && dir.startsWith(top)) {
        if (!QDir().rmdir(dir))
            return;
        dir = QFileInfo(dir).path();
    }
}

std::expected<void, GitError> writeEntry(git_repository *repo, const QString &root,
                                         const git_diff_file &file)
{
    const QString rel = QString::fromUtf8(file.path);
    const QString path = root + rel;
    git_blob *raw = nullptr;
    if (const int rc = git_blob_lookup(&raw, repo, &file.id); rc < 0)
        return fail(rc, QStringLiteral("read the checkpoint's copy of %1").arg(rel));
    BlobPtr blob(raw);
    const QByteArray content(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                             qsizetype(git_blob_rawsize(blob.get())));
    QFileInfo info(path);
    if (info.isSymLink() || (info.exists() && !info.isFile()))
        QFile::remove(path); // a typechange: the old entry goes first
    if (!QDir().mkpath(info.path()))
        return fail(GitError::Code::Io,
                    QStringLiteral("Could not create the folder of %1.").arg(rel));
    if (file.mode == GIT_FILEMODE_LINK) {
        QFile::remove(path);
        if (!QFile::link(QString::fromUtf8(content), path))
            return fail(GitError::Code::Io,
                        QStringLiteral("Could not restore the link %1.").arg(rel));
        return {};
    }
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || out.write(content) != content.size())
        return fail(GitError::Code::Io,
                    QStringLiteral("Could not write %1: %2.").arg(rel, out.errorString()));
    out.close();
    QFileDevice::Permissions perms = out.permissions();
    const QFileDevice::Permissions exec = QFileDevice::ExeOwner | QFileDevice::ExeUser
        | QFileDevice::ExeGroup | QFileDevice::ExeOther;
    perms = file.mode == GIT_FILEMODE_BLOB_EXECUTABLE ? perms | exec : perms & ~exec;
    out.setPermissions(perms);
    return {};
}

} // namespace

std::expected<git_oid, GitError> parseOid(const QString &hex)
{
    git_oid oid;
    if (git_oid_fromstrn(&oid, hex.toLatin1().constData(), size_t(hex.size())) < 0
        || hex.size() != GIT_OID_HEXSZ)
        return fail(GitError::Code::InvalidArgument,
                    QStringLiteral("“%1” is not an object id.").arg(hex));
    return oid;
}

std::expected<DiffResult, GitError> collectDiff(git_diff *diff, bool withPatch)
{
    DiffResult out;
    const size_t count = git_diff_num_deltas(diff);
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff, i);
        FileChange change;
        change.path
            = QString::fromUtf8(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
        change.kind = kindOfDelta(delta->status);
        git_patch *patchRaw = nullptr;
        if (const int rc = git_patch_from_diff(&patchRaw, diff, i); rc < 0)
            return fail(rc, QStringLiteral("diff %1").arg(change.path));
        PatchPtr patch(patchRaw);
        change.binary = (git_patch_get_delta(patch.get())->flags & GIT_DIFF_FLAG_BINARY) != 0;
        size_t context = 0;
        size_t additions = 0;
        size_t deletions = 0;
        if (patch && git_patch_line_stats(&context, &additions, &deletions, patch.get()) == 0) {
            change.additions = int(additions);
            change.deletions = int(deletions);
        }
        if (withPatch && patch && !out.truncated) {
            Buffer buf;
            if (git_patch_to_buf(&buf.buf, patch.get()) == 0) {
                if (out.patch.size() + qsizetype(buf.buf.size) > kMaxPatchBytes)
                    out.truncated = true;
                else
                    out.patch += buf.toString();
            }
        }
        out.files.append(change);
    }
    return out;
}

std::expected<QString, GitError> Repository::snapshotTree() const
{
    // A handle of our own: its index is replaced by the temporary one below, and that must not
    // leak into other operations on this Repository.
    git_repository *repoRaw = nullptr;
    int rc = git_repository_open(&repoRaw, git_repository_workdir(m_repo));
    RepositoryPtr repo(repoRaw);
    if (rc < 0)
        return fail(rc, QStringLiteral("reopen the repository"));

    // Starting from a copy of the user's index gives add_all its stat cache, so only files that
    // changed since the user's last `git add` are hashed again. The copy is never written back.
    QTemporaryDir tmp;
    if (!tmp.isValid())
        return fail(GitError::Code::Io, QStringLiteral("Could not make a temporary folder."));
    const QString indexCopy = tmp.filePath(QStringLiteral("index"));
    const QString userIndex
        = QString::fromUtf8(git_repository_path(repo.get())) + QStringLiteral("index");
    if (QFileInfo::exists(userIndex) && !QFile::copy(userIndex, indexCopy))
        return fail(GitError::Code::Io, QStringLiteral("Could not copy the index."));
    git_index *indexRaw = nullptr;
    if ((rc = git_index_open(&indexRaw, utf8(indexCopy).constData())) < 0)
        return fail(rc, QStringLiteral("open a temporary index"));
    IndexPtr index(indexRaw);
    if ((rc = git_repository_set_index(repo.get(), index.get())) < 0)
        return fail(rc, QStringLiteral("use a temporary index"));
    if (git_index_has_conflicts(index.get()))
        git_index_conflict_cleanup(index.get());

    char star[] = "*";
    char *patterns[] = {star};
    const git_strarray all {patterns, 1};
    if ((rc = git_index_update_all(index.get(), &all, nullptr, nullptr)) < 0
        || (rc = git_index_add_all(index.get(), &all, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr)) < 0)
        return fail(rc, QStringLiteral("collect the work tree's files"));
    git_oid tree;
    if ((rc = git_index_write_tree(&tree, index.get())) < 0)
        return fail(rc, QStringLiteral("write the snapshot's tree"));
    return oidToString(tree);
}

std::expected<QString, GitError> Repository::commitSnapshot(const QString &tree,
                                                            const std::optional<QString> &parent,
                                                            const QString &refName,
                                                            const QString &message)
{
    if (!isValidRefName(refName))
        return fail(GitError::Code::InvalidArgument,
                    QStringLiteral("“%1” is not a valid ref name.").arg(refName));
    auto treeObj = lookupTree(m_repo, tree);
    if (!treeObj)
        return std::unexpected(treeObj.error());
    if (!*treeObj)
        return fail(GitError::Code::InvalidArgument, QStringLiteral("A snapshot needs a tree."));
    CommitPtr parentCommit;
    if (parent) {
        auto oid = parseOid(*parent);
        if (!oid)
            return std::unexpected(oid.error());
        git_commit *raw = nullptr;
        if (const int rc = git_commit_lookup(&raw, m_repo, &*oid); rc < 0)
            return fail(rc, QStringLiteral("read commit %1").arg(*parent));
        parentCommit.reset(raw);
    }
    // A fixed identity: checkpoints are Weft's, not the user's, and need no configured name.
    git_signature *sigRaw = nullptr;
    if (const int rc = git_signature_now(&sigRaw, "Weft", "weft@localhost"); rc < 0)
        return fail(rc, QStringLiteral("make a signature"));
    SignaturePtr sig(sigRaw);
    const git_commit *parents[] = {parentCommit.get()};
    git_oid commit;
    int rc = git_commit_create(&commit, m_repo, nullptr, sig.get(), sig.get(), nullptr,
                               utf8(message).constData(), treeObj->get(), parentCommit ? 1 : 0,
                               parents);
    if (rc < 0)
        return fail(rc, QStringLiteral("write the checkpoint commit"));
    git_reference *refRaw = nullptr;
    rc = git_reference_create(&refRaw, m_repo, utf8(refName).constData(), &commit, 1,
                              "weft: checkpoint");
    ReferencePtr ref(refRaw);
    if (rc < 0)
        return fail(rc, QStringLiteral("write ref %1").arg(refName));
    return oidToString(commit);
}

std::expected<std::optional<QString>, GitError> Repository::resolveRef(const QString &refName) const
{
    git_oid oid;
    const int rc = git_reference_name_to_id(&oid, m_repo, utf8(refName).constData());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return std::optional<QString>();
    if (rc < 0)
        return fail(rc, QStringLiteral("read ref %1").arg(refName));
    return std::optional<QString>(oidToString(oid));
}

std::expected<QString, GitError> Repository::treeOf(const QString &commit) const
{
    auto oid = parseOid(commit);
    if (!oid)
        return std::unexpected(oid.error());
    git_commit *raw = nullptr;
    if (const int rc = git_commit_lookup(&raw, m_repo, &*oid); rc < 0)
        return fail(rc, QStringLiteral("read commit %1").arg(commit));
    CommitPtr c(raw);
    return oidToString(*git_commit_tree_id(c.get()));
}

std::expected<DiffResult, GitError> Repository::diffTrees(const QString &from, const QString &to,
                                                          bool withPatch) const
{
    auto a = lookupTree(m_repo, from);
    if (!a)
        return std::unexpected(a.error());
    auto b = lookupTree(m_repo, to);
    if (!b)
        return std::unexpected(b.error());
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    git_diff *raw = nullptr;
    if (const int rc = git_diff_tree_to_tree(&raw, m_repo, a->get(), b->get(), &opts); rc < 0)
        return fail(rc, QStringLiteral("diff two snapshots"));
    DiffPtr diff(raw);
    return collectDiff(diff.get(), withPatch);
}

std::expected<void, GitError> Repository::restoreTree(const QString &tree)
{
    // Compare the work tree as it is now (snapshotted the same way) with the target, and
    // write only what differs: cheap on big trees, and ignored files are never looked at.
    auto current = snapshotTree();
    if (!current)
        return std::unexpected(current.error());
    auto a = lookupTree(m_repo, *current);
    if (!a)
        return std::unexpected(a.error());
    auto b = lookupTree(m_repo, tree);
    if (!b)
        return std::unexpected(b.error());
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    git_diff *raw = nullptr;
    if (const int rc = git_diff_tree_to_tree(&raw, m_repo, a->get(), b->get(), &opts); rc < 0)
        return fail(rc, QStringLiteral("compare the work tree with the checkpoint"));
    DiffPtr diff(raw);
    const QString root = workdir();
    const size_t count = git_diff_num_deltas(diff.get());
    // Deletions first, so a file that becomes a folder (or back) finds its place free.
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *d = git_diff_get_delta(diff.get(), i);
        if (d->status != GIT_DELTA_DELETED)
            continue;
        const QString path = root + QString::fromUtf8(d->old_file.path);
        if (!QFile::remove(path) && QFileInfo::exists(path))
            return fail(GitError::Code::Io, QStringLiteral("Could not remove %1.").arg(path));
        removeEmptyParents(root, QFileInfo(path).path());
    }
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *d = git_diff_get_delta(diff.get(), i);
        if (d->status == GIT_DELTA_DELETED)
            continue;
        if (d->new_file.mode == GIT_FILEMODE_COMMIT)
            continue; // a submodule: its own repository, not ours to rewrite
        if (auto written = writeEntry(m_repo, root, d->new_file); !written)
            return written;
    }
    return {};
}

std::expected<QStringList, GitError> Repository::refsUnder(const QString &prefix) const
{
    git_reference_iterator *raw = nullptr;
    const QByteArray glob = utf8(prefix + u'*');
    if (const int rc = git_reference_iterator_glob_new(&raw, m_repo, glob.constData()); rc < 0)
        return fail(rc, QStringLiteral("list refs under %1").arg(prefix));
    ReferenceIteratorPtr it(raw);
    QStringList out;
    const char *name = nullptr;
    while (git_reference_next_name(&name, it.get()) == 0)
        out.append(QString::fromUtf8(name));
    return out;
}

std::expected<void, GitError> Repository::deleteRef(const QString &refName)
{
    git_reference *raw = nullptr;
    int rc = git_reference_lookup(&raw, m_repo, utf8(refName).constData());
    ReferencePtr ref(raw);
    if (rc == GIT_ENOTFOUND)
        return {};
    if (rc < 0 || (rc = git_reference_delete(ref.get())) < 0)
        return fail(rc, QStringLiteral("delete ref %1").arg(refName));
    return {};
}

bool Repository::isValidRefName(const QString &refName)
{
    ensureLibGit2();
    int valid = 0;
    return git_reference_name_is_valid(&valid, utf8(refName).constData()) == 0 && valid;
}

} // namespace backend::git

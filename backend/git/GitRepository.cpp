#include "backend/git/GitRepository.h"

#include "backend/git/LibGit.h"

#include <QDir>
#include <QFileInfo>

namespace backend::git {

namespace {

QString kindOfStatus(unsigned int s)
{
    if (s & GIT_STATUS_CONFLICTED)
        return QStringLiteral("conflicted");
    if (s & (GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_DELETED))
        return QStringLiteral("deleted");
    if (s & (GIT_STATUS_INDEX_RENAMED | GIT_STATUS_WT_RENAMED))
        return QStringLiteral("renamed");
    if (s & (GIT_STATUS_INDEX_TYPECHANGE | GIT_STATUS_WT_TYPECHANGE))
        return QStringLiteral("typechange");
    if (s & GIT_STATUS_INDEX_NEW)
        return QStringLiteral("added");
    if (s & GIT_STATUS_WT_NEW)
        return QStringLiteral("untracked");
    return QStringLiteral("modified");
}

constexpr unsigned int kIndexFlags = GIT_STATUS_INDEX_NEW | GIT_STATUS_INDEX_MODIFIED
    | GIT_STATUS_INDEX_DELETED | GIT_STATUS_INDEX_RENAMED | GIT_STATUS_INDEX_TYPECHANGE;

/// Reports checkout progress through a ProgressFn (libgit2 takes a C callback and a payload).
void checkoutProgress(const char *path, size_t completed, size_t total, void *payload)
{
    const auto *fn = static_cast<const ProgressFn *>(payload);
    if (fn && *fn)
        (*fn)(Progress {QStringLiteral("checkout"), qint64(completed), qint64(total),
                        path ? QString::fromUtf8(path) : QString()});
}

std::expected<std::optional<git_oid>, GitError> headCommit(git_repository *repo)
{
    git_oid oid;
    const int rc = git_reference_name_to_id(&oid, repo, "HEAD");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
        return std::optional<git_oid>();
    if (rc < 0)
        return fail(rc, QStringLiteral("read HEAD"));
    return std::optional<git_oid>(oid);
}

SignaturePtr signatureFor(git_repository *repo)
{
    git_signature *sig = nullptr;
    // The user's configured identity when there is one; otherwise Weft signs (a fresh machine
    // without user.name must still be able to commit from Weft).
    if (git_signature_default(&sig, repo) < 0
        && git_signature_now(&sig, "Weft", "weft@localhost") < 0)
        return nullptr;
    return SignaturePtr(sig);
}

} // namespace

Repository::Repository(git_repository *repo)
    : m_repo(repo)
{
}

Repository::Repository(Repository &&other) noexcept
    : m_repo(std::exchange(other.m_repo, nullptr))
{
}

Repository &Repository::operator=(Repository &&other) noexcept
{
    if (this != &other) {
        if (m_repo)
            git_repository_free(m_repo);
        m_repo = std::exchange(other.m_repo, nullptr);
    }
    return *this;
}

Repository::~Repository()
{
    if (m_repo)
        git_repository_free(m_repo);
}

std::expected<Repository, GitError> Repository::open(const QString &path)
{
    ensureLibGit2();
    if (path.isEmpty())
        return fail(GitError::Code::InvalidArgument, QStringLiteral("No repository path given."));
    if (!QFileInfo(path).isDir())
        return fail(GitError::Code::NotARepository,
                    QStringLiteral("%1 is not a folder, so it is not a git repository.").arg(path));
    git_repository *repo = nullptr;
    const int rc = git_repository_open_ext(&repo, utf8(path).constData(), 0, nullptr);
    if (rc == GIT_ENOTFOUND)
        return fail(GitError::Code::NotARepository,
                    QStringLiteral("%1 is not inside a git repository.").arg(path));
    if (rc < 0)
        return fail(rc, QStringLiteral("open the repository at %1").arg(path));
    if (git_repository_is_bare(repo)) {
        git_repository_free(repo);
        return fail(GitError::Code::NotARepository,
                    QStringLiteral("%1 is a bare repository; it has no work tree.").arg(path));
    }
    return Repository(repo);
}

QString Repository::workdir() const
{
    const char *dir = git_repository_workdir(m_repo);
    return dir ? QString::fromUtf8(dir) : QString();
}

std::expected<RepositoryStatus, GitError> Repository::status() const
{
    RepositoryStatus out;
    out.detached = git_repository_head_detached(m_repo) == 1;
    out.unborn = git_repository_head_unborn(m_repo) == 1;
    git_reference *headRaw = nullptr;
    const int headRc = git_repository_head(&headRaw, m_repo);
    ReferencePtr head(headRaw);
    if (headRc == 0 && !out.detached) {
        out.branch = QString::fromUtf8(git_reference_shorthand(head.get()));
        git_reference *upRaw = nullptr;
        if (git_branch_upstream(&upRaw, head.get()) == 0) {
            ReferencePtr up(upRaw);
            out.upstream = QString::fromUtf8(git_reference_shorthand(up.get()));
            size_t ahead = 0;
            size_t behind = 0;
            const git_oid *local = git_reference_target(head.get());
            const git_oid *remote = git_reference_target(up.get());
            if (local && remote
                && git_graph_ahead_behind(&ahead, &behind, m_repo, local, remote) == 0) {
                out.ahead = int(ahead);
                out.behind = int(behind);
            }
        }
    } else if (headRc == GIT_EUNBORNBRANCH) {
        // No commit yet: the branch name is where HEAD points symbolically.
        git_reference *symRaw = nullptr;
        if (git_reference_lookup(&symRaw, m_repo, "HEAD") == 0) {
            ReferencePtr sym(symRaw);
            const QString target = QString::fromUtf8(git_reference_symbolic_target(sym.get()));
            out.branch = target.startsWith(u"refs/heads/") ? target.mid(11) : target;
        }
    } else if (headRc < 0 && headRc != GIT_ENOTFOUND) {
        return fail(headRc, QStringLiteral("read HEAD"));
    }

    git_status_options opts = GIT_STATUS_OPTIONS_INIT;
    opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS
        | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX;
    git_status_list *listRaw = nullptr;
    if (const int rc = git_status_list_new(&listRaw, m_repo, &opts); rc < 0)
        return fail(rc, QStringLiteral("read the work tree's status"));
    StatusListPtr list(listRaw);
    const size_t count = git_status_list_entrycount(list.get());
    for (size_t i = 0; i < count; ++i) {
        const git_status_entry *e = git_status_byindex(list.get(), i);
        if (!e || e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED))
            continue;
        const git_diff_delta *delta = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
        FileChange change;
        change.path = delta ? QString::fromUtf8(delta->new_file.path) : QString();
        change.kind = kindOfStatus(e->status);
        change.staged = (e->status & kIndexFlags) != 0;
        out.files.append(change);
    }
    return out;
}

std::expected<QList<BranchInfo>, GitError> Repository::branches() const
{
    git_branch_iterator *itRaw = nullptr;
    if (const int rc = git_branch_iterator_new(&itRaw, m_repo, GIT_BRANCH_LOCAL); rc < 0)
        return fail(rc, QStringLiteral("list branches"));
    BranchIteratorPtr it(itRaw);
    QList<BranchInfo> out;
    git_reference *refRaw = nullptr;
    git_branch_t type;
    while (git_branch_next(&refRaw, &type, it.get()) == 0) {
        ReferencePtr ref(refRaw);
        BranchInfo info;
        const char *name = nullptr;
        git_branch_name(&name, ref.get());
        info.name = QString::fromUtf8(name);
        info.current = git_branch_is_head(ref.get()) == 1;
        if (const git_oid *oid = git_reference_target(ref.get()))
            info.commit = oidToString(*oid);
        git_reference *upRaw = nullptr;
        if (git_branch_upstream(&upRaw, ref.get()) == 0) {
            ReferencePtr up(upRaw);
            info.upstream = QString::fromUtf8(git_reference_shorthand(up.get()));
        }
        out.append(info);
    }
    std::sort(out.begin(), out.end(),
              [](const BranchInfo &a, const BranchInfo &b) { return a.name < b.name; });
    return out;
}

std::expected<BranchInfo, GitError> Repository::createBranch(const QString &name,
                                                             const QString &startPoint)
{
    int valid = 0;
    if (name.isEmpty() || git_branch_name_is_valid(&valid, utf8(name).constData()) < 0 || !valid)
        return fail(GitError::Code::InvalidArgument,
                    QStringLiteral("“%1” is not a valid branch name.").arg(name));
    const QString spec = startPoint.isEmpty() ? QStringLiteral("HEAD") : startPoint;
    git_object *objRaw = nullptr;
    int rc = git_revparse_single(&objRaw, m_repo, utf8(spec).constData());
    ObjectPtr obj(objRaw);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS
        || rc == GIT_EUNBORNBRANCH)
        return fail(
            GitError::Code::UnknownRef,
            QStringLiteral("There is no revision “%1” to start the branch from.").arg(spec));
    if (rc < 0)
        return fail(rc, QStringLiteral("resolve %1").arg(spec));
    git_object *peeledRaw = nullptr;
    if ((rc = git_object_peel(&peeledRaw, obj.get(), GIT_OBJECT_COMMIT)) < 0)
        return fail(GitError::Code::UnknownRef,
                    QStringLiteral("“%1” does not name a commit.").arg(spec));
    ObjectPtr peeled(peeledRaw);
    git_reference *refRaw = nullptr;
    rc = git_branch_create(&refRaw, m_repo, utf8(name).constData(),
                           reinterpret_cast<const git_commit *>(peeled.get()), 0);
    ReferencePtr ref(refRaw);
    if (rc == GIT_EEXISTS)
        return fail(GitError::Code::AlreadyExists,
                    QStringLiteral("A branch named “%1” already exists.").arg(name));
    if (rc < 0)
        return fail(rc, QStringLiteral("create branch %1").arg(name));
    return BranchInfo {name, false, std::nullopt, oidToString(*git_object_id(peeled.get()))};
}

std::expected<void, GitError> Repository::switchBranch(const QString &name,
                                                       const ProgressFn &progress)
{
    git_reference *branchRaw = nullptr;
    int rc = git_branch_lookup(&branchRaw, m_repo, utf8(name).constData(), GIT_BRANCH_LOCAL);
    ReferencePtr branch(branchRaw);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return fail(GitError::Code::UnknownRef,
                    QStringLiteral("There is no branch “%1”.").arg(name));
    if (rc < 0)
        return fail(rc, QStringLiteral("look up branch %1").arg(name));
    git_object *targetRaw = nullptr;
    if ((rc = git_reference_peel(&targetRaw, branch.get(), GIT_OBJECT_COMMIT)) < 0)
        return fail(rc, QStringLiteral("read branch %1").arg(name));
    ObjectPtr target(targetRaw);

    git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
    opts.checkout_strategy = GIT_CHECKOUT_SAFE;
    opts.progress_cb = checkoutProgress;
    opts.progress_payload = const_cast<ProgressFn *>(&progress);
    rc = git_checkout_tree(m_repo, target.get(), &opts);
    if (rc == GIT_ECONFLICT)
        return fail(GitError::Code::Conflict,
                    QStringLiteral("Switching to “%1” would overwrite local changes; commit or "
                                   "discard them first.")
                        .arg(name));
    if (rc < 0)
        return fail(rc, QStringLiteral("check out %1").arg(name));
    if ((rc = git_repository_set_head(m_repo, git_reference_name(branch.get()))) < 0)
        return fail(rc, QStringLiteral("move HEAD to %1").arg(name));
    return {};
}

std::expected<QString, GitError> Repository::createWorktree(const QString &name,
                                                            const QString &path,
                                                            const QString &branch,
                                                            const ProgressFn &progress)
{
    if (name.isEmpty() || path.isEmpty())
        return fail(GitError::Code::InvalidArgument,
                    QStringLiteral("A worktree needs a name and a path."));
    if (QFileInfo::exists(path))
        return fail(GitError::Code::AlreadyExists,
                    QStringLiteral("The path %1 already exists.").arg(path));
    const QString branchName = branch.isEmpty() ? name : branch;
    git_reference *refRaw = nullptr;
    int rc = git_branch_lookup(&refRaw, m_repo, utf8(branchName).constData(), GIT_BRANCH_LOCAL);
    ReferencePtr ref(refRaw);
    if (rc == GIT_ENOTFOUND) {
        auto created = createBranch(branchName);
        if (!created)
            return std::unexpected(created.error());
        refRaw = nullptr;
        rc = git_branch_lookup(&refRaw, m_repo, utf8(branchName).constData(), GIT_BRANCH_LOCAL);
        ref.reset(refRaw);
    }
    if (rc < 0)
        return fail(rc, QStringLiteral("look up branch %1").arg(branchName));
    if (git_branch_is_checked_out(ref.get()) == 1)
        return fail(GitError::Code::Conflict,
                    QStringLiteral("Branch “%1” is already checked out in another work tree.")
                        .arg(branchName));

    git_worktree_add_options opts = GIT_WORKTREE_ADD_OPTIONS_INIT;
    opts.ref = ref.get();
    opts.checkout_options.checkout_strategy = GIT_CHECKOUT_SAFE;
    opts.checkout_options.progress_cb = checkoutProgress;
    opts.checkout_options.progress_payload = const_cast<ProgressFn *>(&progress);
    git_worktree *wtRaw = nullptr;
    rc = git_worktree_add(&wtRaw, m_repo, utf8(name).constData(), utf8(path).constData(), &opts);
    WorktreePtr wt(wtRaw);
    if (rc == GIT_EEXISTS)
        return fail(GitError::Code::AlreadyExists,
                    QStringLiteral("A worktree named “%1” already exists.").arg(name));
    if (rc < 0)
        return fail(rc, QStringLiteral("add worktree %1").arg(name));
    return QString::fromUtf8(git_worktree_path(wt.get()));
}

std::expected<void, GitError> Repository::removeWorktree(const QString &name, bool force)
{
    git_worktree *wtRaw = nullptr;
    int rc = git_worktree_lookup(&wtRaw, m_repo, utf8(name).constData());
    WorktreePtr wt(wtRaw);
    if (rc == GIT_ENOTFOUND || rc < 0)
        return fail(GitError::Code::UnknownRef,
                    QStringLiteral("There is no worktree “%1”.").arg(name));
    const QString path = QString::fromUtf8(git_worktree_path(wt.get()));
    if (!force && QFileInfo(path).isDir()) {
        auto linked = Repository::open(path);
        if (linked) {
            auto st = linked->status();
            if (!st)
                return std::unexpected(st.error());
            if (!st->files.isEmpty())
                return fail(GitError::Code::DirtyTree,
                            QStringLiteral("Worktree “%1” has %2 uncommitted change(s); commit "
                                           "them or remove it with force.")
                                .arg(name)
                                .arg(st->files.size()));
        }
    }
    git_worktree_prune_options opts = GIT_WORKTREE_PRUNE_OPTIONS_INIT;
    opts.flags
        = GIT_WORKTREE_PRUNE_VALID | GIT_WORKTREE_PRUNE_WORKING_TREE | GIT_WORKTREE_PRUNE_LOCKED;
    if ((rc = git_worktree_prune(wt.get(), &opts)) < 0)
        return fail(rc, QStringLiteral("remove worktree %1").arg(name));
    return {};
}

std::expected<DiffResult, GitError> Repository::diffWorkingTree(bool withPatch) const
{
    auto head = headCommit(m_repo);
    if (!head)
        return std::unexpected(head.error());
    TreePtr tree;
    if (*head) {
        git_commit *commitRaw = nullptr;
        if (const int rc = git_commit_lookup(&commitRaw, m_repo, &**head); rc < 0)
            return fail(rc, QStringLiteral("read HEAD's commit"));
        CommitPtr commit(commitRaw);
        git_tree *treeRaw = nullptr;
        if (const int rc = git_commit_tree(&treeRaw, commit.get()); rc < 0)
            return fail(rc, QStringLiteral("read HEAD's tree"));
        tree.reset(treeRaw);
    }
    git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
    opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS
        | GIT_DIFF_SHOW_UNTRACKED_CONTENT;
    git_diff *diffRaw = nullptr;
    if (const int rc = git_diff_tree_to_workdir_with_index(&diffRaw, m_repo, tree.get(), &opts);
        rc < 0)
        return fail(rc, QStringLiteral("diff the work tree"));
    DiffPtr diff(diffRaw);
    return collectDiff(diff.get(), withPatch);
}

std::expected<QString, GitError> Repository::commitAll(const QString &message,
                                                       const ProgressFn &progress)
{
    if (message.trimmed().isEmpty())
        return fail(GitError::Code::InvalidArgument, QStringLiteral("A commit needs a message."));
    git_index *indexRaw = nullptr;
    int rc = git_repository_index(&indexRaw, m_repo);
    IndexPtr index(indexRaw);
    if (rc < 0)
        return fail(rc, QStringLiteral("open the index"));
    if (git_index_has_conflicts(index.get()))
        return fail(GitError::Code::Conflict,
                    QStringLiteral("The index has unresolved conflicts; resolve them before "
                                   "committing."));
    struct AddState
    {
        const ProgressFn *fn;
        qint64 seen = 0;
    } state {&progress};
    const auto matched = [](const char *path, const char *, void *payload) -> int {
        auto *s = static_cast<AddState *>(payload);
        ++s->seen;
        // Every 256 files is often enough to show movement and cheap on big trees.
        if (*s->fn && s->seen % 256 == 0)
            (*s->fn)(Progress {QStringLiteral("add"), s->seen, 0, QString::fromUtf8(path)});
        return 0;
    };
    char star[] = "*";
    char *patterns[] = {star};
    const git_strarray all {patterns, 1};
    if ((rc = git_index_update_all(index.get(), &all, nullptr, nullptr)) < 0
        || (rc = git_index_add_all(index.get(), &all, GIT_INDEX_ADD_DEFAULT, matched, &state)) < 0)
        return fail(rc, QStringLiteral("stage the changes"));
    if ((rc = git_index_write(index.get())) < 0)
        return fail(rc, QStringLiteral("write the index"));
    git_oid treeOid;
    if ((rc = git_index_write_tree(&treeOid, index.get())) < 0)
        return fail(rc, QStringLiteral("write the tree"));

    auto head = headCommit(m_repo);
    if (!head)
        return std::unexpected(head.error());
    CommitPtr parent;
    if (*head) {
        git_commit *parentRaw = nullptr;
        if ((rc = git_commit_lookup(&parentRaw, m_repo, &**head)) < 0)
            return fail(rc, QStringLiteral("read HEAD's commit"));
        parent.reset(parentRaw);
        if (git_oid_equal(git_commit_tree_id(parent.get()), &treeOid))
            return fail(GitError::Code::NothingToCommit,
                        QStringLiteral("There is nothing to commit: the work tree matches HEAD."));
    } else if (git_index_entrycount(index.get()) == 0) {
        return fail(GitError::Code::NothingToCommit,
                    QStringLiteral("There is nothing to commit: the work tree is empty."));
    }
    git_tree *treeRaw = nullptr;
    if ((rc = git_tree_lookup(&treeRaw, m_repo, &treeOid)) < 0)
        return fail(rc, QStringLiteral("read the new tree"));
    TreePtr tree(treeRaw);
    SignaturePtr sig = signatureFor(m_repo);
    if (!sig)
        return fail(GIT_ERROR, QStringLiteral("make a commit signature"));
    const git_commit *parents[] = {parent.get()};
    git_oid commitOid;
    rc = git_commit_create(&commitOid, m_repo, "HEAD", sig.get(), sig.get(), nullptr,
                           utf8(message).constData(), tree.get(), parent ? 1 : 0, parents);
    if (rc < 0)
        return fail(rc, QStringLiteral("commit"));
    return oidToString(commitOid);
}

} // namespace backend::git

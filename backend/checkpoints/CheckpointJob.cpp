#include "backend/checkpoints/CheckpointJob.h"

#include "backend/git/CheckpointRefs.h"
#include "backend/git/GitRepository.h"

namespace backend {

namespace {

using git::GitError;
using git::Repository;

/// Deletes the thread's checkpoint refs of turns after `keep` (all of them when keep < 0).
std::expected<void, GitError> dropRefsAfter(Repository &repo, const QString &threadId,
                                            qsizetype keep)
{
    const QString prefix = git::checkpointPrefix(threadId);
    auto refs = repo.refsUnder(prefix);
    if (!refs)
        return std::unexpected(refs.error());
    for (const QString &ref : *refs) {
        bool ok = false;
        const qsizetype n = ref.section(QLatin1Char('/'), -1).toLongLong(&ok);
        if (keep >= 0 && ok && n <= keep)
            continue;
        if (auto deleted = repo.deleteRef(ref); !deleted)
            return deleted;
    }
    return {};
}

CheckpointOutcome activity(ActivityTone tone, const QString &summary)
{
    CheckpointOutcome out;
    out.activity = CheckpointOutcome::Activity {tone, summary};
    return out;
}

CheckpointOutcome baseline(const CheckpointJob &job)
{
    const QString &threadId = job.threadId;
    const qsizetype n = job.turn;
    auto repo = Repository::open(job.workspace);
    if (!repo) {
        if (repo.error().code == GitError::Code::NotARepository)
            return activity(ActivityTone::Info, checkpointsUnavailableNotice());
        return activity(
            ActivityTone::Error,
            QStringLiteral("Checkpoints are unavailable: %1").arg(repo.error().message));
    }
    if (n < 1 || !Repository::isValidRefName(git::checkpointRef(threadId, n)))
        return activity(ActivityTone::Error,
                        QStringLiteral("Checkpoints are unavailable: the thread id cannot name a "
                                       "git ref."));
    const auto failed = [](const GitError &error) {
        return activity(
            ActivityTone::Error,
            QStringLiteral("Could not take the turn's baseline checkpoint: %1").arg(error.message));
    };
    auto previous = repo->resolveRef(git::checkpointRef(threadId, n - 1));
    if (!previous)
        return failed(previous.error());
    auto tree = repo->snapshotTree();
    if (!tree)
        return failed(tree.error());
    auto made = repo->commitSnapshot(
        *tree, *previous, git::baselineRef(threadId, n),
        QStringLiteral("weft: thread %1, before turn %2").arg(threadId).arg(n));
    if (!made)
        return failed(made.error());
    // The first turn (or one after turns without checkpoints): what it starts from is also
    // the point a revert to "before this turn" returns to.
    if (!*previous) {
        if (auto start = repo->commitSnapshot(
                *tree, std::nullopt, git::checkpointRef(threadId, n - 1),
                QStringLiteral("weft: thread %1, after turn %2").arg(threadId).arg(n - 1));
            !start)
            return failed(start.error());
    }
    return {};
}

CheckpointOutcome checkpoint(const CheckpointJob &job)
{
    const QString &threadId = job.threadId;
    const qsizetype n = job.turn;
    auto repo = Repository::open(job.workspace);
    if (!repo || n < 1 || !Repository::isValidRefName(git::checkpointRef(threadId, n)))
        return {}; // said at the turn's start
    const auto failed = [&](const GitError &error) {
        CheckpointOutcome out;
        out.warning = QStringLiteral("checkpoint of thread %1 turn %2 failed: %3")
                          .arg(threadId)
                          .arg(n)
                          .arg(error.message);
        out.systemMessage
            = QStringLiteral("Could not checkpoint turn %1: %2").arg(n).arg(error.message);
        return out;
    };
    auto base = repo->resolveRef(git::baselineRef(threadId, n));
    if (!base)
        return failed(base.error());
    auto tree = repo->snapshotTree();
    if (!tree)
        return failed(tree.error());
    auto commit = repo->commitSnapshot(
        *tree, *base, git::checkpointRef(threadId, n),
        QStringLiteral("weft: thread %1, after turn %2").arg(threadId).arg(n));
    if (!commit)
        return failed(commit.error());
    // Without a baseline (Weft restarted during the turn) the diff is against nothing known:
    // the checkpoint is still worth keeping for reverts, but no file list is claimed.
    QList<TurnDiffFile> files;
    if (*base) {
        auto from = repo->treeOf(**base);
        if (!from)
            return failed(from.error());
        auto diff = repo->diffTrees(*from, *tree, false);
        if (!diff)
            return failed(diff.error());
        for (const git::FileChange &f : diff->files)
            files.append(TurnDiffFile {f.path, f.kind, f.additions, f.deletions, f.binary});
    }
    CheckpointOutcome out;
    out.diff = std::move(files);
    return out;
}

CheckpointOutcome restore(const CheckpointJob &job)
{
    const auto failed = [&](const QString &why) {
        CheckpointOutcome out;
        out.systemMessage = QStringLiteral("The thread went back to turn %1, but its files could "
                                           "not be restored: %2")
                                .arg(job.turn)
                                .arg(why);
        return out;
    };
    auto repo = Repository::open(job.workspace);
    if (!repo)
        return failed(repo.error().message);
    auto commit = repo->resolveRef(git::checkpointRef(job.threadId, job.turn));
    if (!commit)
        return failed(commit.error().message);
    if (!*commit)
        return failed(QStringLiteral("there is no checkpoint of turn %1.").arg(job.turn));
    auto tree = repo->treeOf(**commit);
    if (!tree)
        return failed(tree.error().message);
    if (auto restored = repo->restoreTree(*tree); !restored)
        return failed(restored.error().message);
    CheckpointOutcome out;
    if (auto dropped = dropRefsAfter(*repo, job.threadId, job.turn); !dropped)
        out.warning
            = QStringLiteral("could not drop later checkpoints: %1").arg(dropped.error().message);
    return out;
}

CheckpointOutcome dropRefs(const CheckpointJob &job)
{
    auto repo = Repository::open(job.workspace);
    if (!repo)
        return {};
    CheckpointOutcome out;
    if (auto dropped = dropRefsAfter(*repo, job.threadId, -1); !dropped)
        out.warning = QStringLiteral("could not drop checkpoints: %1").arg(dropped.error().message);
    return out;
}

} // namespace

QString checkpointsUnavailableNotice()
{
    return QStringLiteral("Checkpoints are unavailable: the workspace is not a git repository. "
                          "The turn runs, but it cannot be reverted.");
}

CheckpointOutcome runCheckpointJob(const CheckpointJob &job)
{
    switch (job.kind) {
    case CheckpointJob::Kind::Baseline:
        return baseline(job);
    case CheckpointJob::Kind::Checkpoint:
        return checkpoint(job);
    case CheckpointJob::Kind::Restore:
        return restore(job);
    case CheckpointJob::Kind::DropRefs:
        return dropRefs(job);
    }
    return {};
}

} // namespace backend

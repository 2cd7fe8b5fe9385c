#include "backend/checkpoints/CheckpointReactor.h"

#include "backend/domain/EventCodec.h"
#include "backend/git/CheckpointRefs.h"
#include "backend/git/GitRepository.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCheckpoints, "weft.checkpoints", QtWarningMsg)

namespace backend {

namespace {

using git::GitError;
using git::Repository;

template<typename E> std::optional<E> decodeAs(const StoredEvent &event)
{
    auto decoded = decodeEvent(event.type, event.payload);
    if (!decoded || !*decoded)
        return std::nullopt;
    if (const E *e = std::get_if<E>(&**decoded))
        return *e;
    return std::nullopt;
}

/// The folder a thread's turns run in: its worktree, else its project's workspace.
QString workspaceOf(const ReadModel &model, const ThreadId &threadId)
{
    const ThreadView *thread = model.thread(threadId);
    if (!thread)
        return {};
    if (thread->worktreePath && !thread->worktreePath->isEmpty())
        return *thread->worktreePath;
    const ProjectView *project = model.project(thread->projectId);
    return project ? project->workspaceRoot : QString();
}

/// Task attempts share the project's workspace and run side by side, so a checkpoint per
/// attempt would capture other tasks' work: they get none.
bool isTaskThread(const ReadModel &model, const ThreadId &threadId)
{
    const ThreadView *thread = model.thread(threadId);
    return thread && isTaskProvider(thread->provider);
}

/// The 1-based number of a turn among its thread's turns (0 when unknown).
qsizetype turnNumber(const ReadModel &model, const ThreadId &threadId, const TurnId &turnId)
{
    const ThreadView *thread = model.thread(threadId);
    return thread ? thread->turnOrder.indexOf(turnId) + 1 : 0;
}

DispatchContext contextOf(const StoredEvent &event)
{
    return DispatchContext {event.eventId, event.correlationId};
}

void dispatch(OrchestrationEngine &engine, const Command &command, const StoredEvent &cause)
{
    const DispatchResult result = engine.dispatch(command, contextOf(cause));
    if (!result)
        qCWarning(lcCheckpoints) << commandTypeOf(command)
                                 << "refused:" << result.error().message();
}

void activity(OrchestrationEngine &engine, const StoredEvent &cause, const ThreadId &thread,
              const TurnId &turn, ActivityTone tone, const QString &summary)
{
    dispatch(
        engine,
        ThreadActivityAppend {
            CommandId::generate(), thread, turn, tone, QStringLiteral("checkpoint"), summary, {}},
        cause);
}

void systemMessage(OrchestrationEngine &engine, const StoredEvent &cause, const ThreadId &thread,
                   const QString &text)
{
    dispatch(engine,
             ThreadMessageSystemAppend {CommandId::generate(), thread, MessageId::generate(),
                                        std::nullopt, text},
             cause);
}

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

} // namespace

QString CheckpointReactor::unavailableNotice()
{
    return QStringLiteral("Checkpoints are unavailable: the workspace is not a git repository. "
                          "The turn runs, but it cannot be reverted.");
}

QCoro::Task<> CheckpointReactor::onEvent(const StoredEvent &event, OrchestrationEngine &engine)
{
    if (event.type == QLatin1String(ThreadTurnStarted::kType))
        onTurnStarted(event, engine);
    else if (event.type == QLatin1String(ThreadTurnCompleted::kType))
        onTurnCompleted(event, engine);
    else if (event.type == QLatin1String(ThreadReverted::kType))
        onReverted(event, engine);
    else if (event.type == QLatin1String(ThreadDeleted::kType))
        onDeleted(event, engine);
    co_return;
}

void CheckpointReactor::onTurnStarted(const StoredEvent &event, OrchestrationEngine &engine)
{
    const auto started = decodeAs<ThreadTurnStarted>(event);
    if (!started)
        return;
    const ReadModel model = engine.readModel();
    if (isTaskThread(model, started->threadId))
        return;
    const qsizetype n = turnNumber(model, started->threadId, started->turnId);
    const QString threadId = started->threadId.value;
    auto repo = Repository::open(workspaceOf(model, started->threadId));
    if (!repo) {
        if (repo.error().code == GitError::Code::NotARepository)
            activity(engine, event, started->threadId, started->turnId, ActivityTone::Info,
                     unavailableNotice());
        else
            activity(engine, event, started->threadId, started->turnId, ActivityTone::Error,
                     QStringLiteral("Checkpoints are unavailable: %1").arg(repo.error().message));
        return;
    }
    if (n < 1 || !Repository::isValidRefName(git::checkpointRef(threadId, n))) {
        activity(engine, event, started->threadId, started->turnId, ActivityTone::Error,
                 QStringLiteral("Checkpoints are unavailable: the thread id cannot name a "
                                "git ref."));
        return;
    }
    const auto failed = [&](const GitError &error) {
        activity(
            engine, event, started->threadId, started->turnId, ActivityTone::Error,
            QStringLiteral("Could not take the turn's baseline checkpoint: %1").arg(error.message));
    };
    auto previous = repo->resolveRef(git::checkpointRef(threadId, n - 1));
    if (!previous)
        return failed(previous.error());
    auto tree = repo->snapshotTree();
    if (!tree)
        return failed(tree.error());
    auto baseline = repo->commitSnapshot(
        *tree, *previous, git::baselineRef(threadId, n),
        QStringLiteral("weft: thread %1, before turn %2").arg(threadId).arg(n));
    if (!baseline)
        return failed(baseline.error());
    // The first turn (or one after turns without checkpoints): what it starts from is also
    // the point a revert to "before this turn" returns to.
    if (!*previous) {
        if (auto made = repo->commitSnapshot(
                *tree, std::nullopt, git::checkpointRef(threadId, n - 1),
                QStringLiteral("weft: thread %1, after turn %2").arg(threadId).arg(n - 1));
            !made)
            return failed(made.error());
    }
}

void CheckpointReactor::onTurnCompleted(const StoredEvent &event, OrchestrationEngine &engine)
{
    const auto completed = decodeAs<ThreadTurnCompleted>(event);
    if (!completed)
        return;
    const ReadModel model = engine.readModel();
    if (isTaskThread(model, completed->threadId))
        return;
    const qsizetype n = turnNumber(model, completed->threadId, completed->turnId);
    const QString threadId = completed->threadId.value;
    auto repo = Repository::open(workspaceOf(model, completed->threadId));
    if (!repo || n < 1 || !Repository::isValidRefName(git::checkpointRef(threadId, n)))
        return; // said at the turn's start
    const auto failed = [&](const GitError &error) {
        qCWarning(lcCheckpoints) << "checkpoint of thread" << threadId << "turn" << n
                                 << "failed:" << error.message;
        systemMessage(engine, event, completed->threadId,
                      QStringLiteral("Could not checkpoint turn %1: %2").arg(n).arg(error.message));
    };
    auto baseline = repo->resolveRef(git::baselineRef(threadId, n));
    if (!baseline)
        return failed(baseline.error());
    auto tree = repo->snapshotTree();
    if (!tree)
        return failed(tree.error());
    auto commit = repo->commitSnapshot(
        *tree, *baseline, git::checkpointRef(threadId, n),
        QStringLiteral("weft: thread %1, after turn %2").arg(threadId).arg(n));
    if (!commit)
        return failed(commit.error());
    // Without a baseline (Weft restarted during the turn) the diff is against nothing known:
    // the checkpoint is still worth keeping for reverts, but no file list is claimed.
    QList<TurnDiffFile> files;
    if (*baseline) {
        auto from = repo->treeOf(**baseline);
        if (!from)
            return failed(from.error());
        auto diff = repo->diffTrees(*from, *tree, false);
        if (!diff)
            return failed(diff.error());
        for (const git::FileChange &f : diff->files)
            files.append(TurnDiffFile {f.path, f.kind, f.additions, f.deletions, f.binary});
    }
    dispatch(engine,
             ThreadTurnDiffComplete {CommandId::generate(), completed->threadId, completed->turnId,
                                     int(n), git::checkpointRef(threadId, n), files},
             event);
}

void CheckpointReactor::onReverted(const StoredEvent &event, OrchestrationEngine &engine)
{
    const auto reverted = decodeAs<ThreadReverted>(event);
    if (!reverted)
        return;
    const ReadModel model = engine.readModel();
    const QString threadId = reverted->threadId.value;
    const auto failed = [&](const QString &why) {
        systemMessage(engine, event, reverted->threadId,
                      QStringLiteral("The thread went back to turn %1, but its files could not "
                                     "be restored: %2")
                          .arg(reverted->turnCount)
                          .arg(why));
    };
    auto repo = Repository::open(workspaceOf(model, reverted->threadId));
    if (!repo)
        return failed(repo.error().message);
    auto commit = repo->resolveRef(git::checkpointRef(threadId, reverted->turnCount));
    if (!commit)
        return failed(commit.error().message);
    if (!*commit)
        return failed(
            QStringLiteral("there is no checkpoint of turn %1.").arg(reverted->turnCount));
    auto tree = repo->treeOf(**commit);
    if (!tree)
        return failed(tree.error().message);
    if (auto restored = repo->restoreTree(*tree); !restored)
        return failed(restored.error().message);
    if (auto dropped = dropRefsAfter(*repo, threadId, reverted->turnCount); !dropped)
        qCWarning(lcCheckpoints) << "could not drop later checkpoints:" << dropped.error().message;
}

void CheckpointReactor::onDeleted(const StoredEvent &event, OrchestrationEngine &engine)
{
    const auto deleted = decodeAs<ThreadDeleted>(event);
    if (!deleted)
        return;
    auto repo = Repository::open(workspaceOf(engine.readModel(), deleted->threadId));
    if (!repo)
        return;
    if (auto dropped = dropRefsAfter(*repo, deleted->threadId.value, -1); !dropped)
        qCWarning(lcCheckpoints) << "could not drop checkpoints:" << dropped.error().message;
}

} // namespace backend

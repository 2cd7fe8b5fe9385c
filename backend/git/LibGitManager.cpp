#include "backend/git/LibGitManager.h"

#include "backend/git/CheckpointRefs.h"
#include "backend/git/GitRepository.h"

#include <QJsonArray>

namespace backend::git {

namespace {

QJsonArray filesToJson(const QList<FileChange> &files, bool withCounts)
{
    QJsonArray out;
    for (const FileChange &f : files) {
        QJsonObject o {{QStringLiteral("path"), f.path}, {QStringLiteral("kind"), f.kind}};
        if (withCounts) {
            o.insert(QStringLiteral("additions"), f.additions);
            o.insert(QStringLiteral("deletions"), f.deletions);
            o.insert(QStringLiteral("binary"), f.binary);
        } else {
            o.insert(QStringLiteral("staged"), f.staged);
        }
        out.append(o);
    }
    return out;
}

QJsonValue optionalToJson(const std::optional<QString> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject diffToJson(const DiffResult &diff)
{
    return {{QStringLiteral("files"), filesToJson(diff.files, true)},
            {QStringLiteral("patch"), diff.patch},
            {QStringLiteral("truncated"), diff.truncated}};
}

std::expected<QJsonObject, GitError> turnDiff(const Repository &repo, const QString &threadId,
                                              qsizetype turn, bool withPatch)
{
    auto end = repo.resolveRef(checkpointRef(threadId, turn));
    if (!end)
        return std::unexpected(end.error());
    auto start = repo.resolveRef(baselineRef(threadId, turn));
    if (!start)
        return std::unexpected(start.error());
    if (!*end || !*start)
        return std::unexpected(GitError {
            GitError::Code::UnknownRef,
            QStringLiteral("Turn %1 of thread %2 has no checkpoint.").arg(turn).arg(threadId)});
    auto from = repo.treeOf(**start);
    auto to = repo.treeOf(**end);
    if (!from)
        return std::unexpected(from.error());
    if (!to)
        return std::unexpected(to.error());
    auto diff = repo.diffTrees(*from, *to, withPatch);
    if (!diff)
        return std::unexpected(diff.error());
    return diffToJson(*diff);
}

std::expected<QJsonObject, GitError> run(const GitRequest &request, const ProgressFn &progress)
{
    const QJsonObject &p = request.params;
    auto opened = Repository::open(p.value(QStringLiteral("path")).toString());
    if (!opened)
        return std::unexpected(opened.error());
    Repository &repo = *opened;
    const QString action = request.action;
    const QString name = p.value(QStringLiteral("name")).toString();

    if (action == u"status") {
        auto st = repo.status();
        if (!st)
            return std::unexpected(st.error());
        return QJsonObject {{QStringLiteral("branch"), st->branch},
                            {QStringLiteral("detached"), st->detached},
                            {QStringLiteral("unborn"), st->unborn},
                            {QStringLiteral("upstream"), optionalToJson(st->upstream)},
                            {QStringLiteral("ahead"), st->ahead},
                            {QStringLiteral("behind"), st->behind},
                            {QStringLiteral("files"), filesToJson(st->files, false)}};
    }
    if (action == u"branches") {
        auto list = repo.branches();
        if (!list)
            return std::unexpected(list.error());
        QJsonArray out;
        for (const BranchInfo &b : *list)
            out.append(QJsonObject {{QStringLiteral("name"), b.name},
                                    {QStringLiteral("current"), b.current},
                                    {QStringLiteral("upstream"), optionalToJson(b.upstream)},
                                    {QStringLiteral("commit"), b.commit}});
        return QJsonObject {{QStringLiteral("branches"), out}};
    }
    if (action == u"branch.create") {
        auto created = repo.createBranch(name, p.value(QStringLiteral("startPoint")).toString());
        if (!created)
            return std::unexpected(created.error());
        return QJsonObject {{QStringLiteral("branch"), created->name},
                            {QStringLiteral("commit"), created->commit}};
    }
    if (action == u"switch" || action == u"branch.switch") {
        if (auto switched = repo.switchBranch(name, progress); !switched)
            return std::unexpected(switched.error());
        return QJsonObject {{QStringLiteral("branch"), name}};
    }
    if (action == u"worktree.create") {
        auto path = repo.createWorktree(name, p.value(QStringLiteral("worktreePath")).toString(),
                                        p.value(QStringLiteral("branch")).toString(), progress);
        if (!path)
            return std::unexpected(path.error());
        return QJsonObject {{QStringLiteral("worktreePath"), *path}};
    }
    if (action == u"worktree.remove") {
        if (auto removed = repo.removeWorktree(name, p.value(QStringLiteral("force")).toBool());
            !removed)
            return std::unexpected(removed.error());
        return QJsonObject {};
    }
    if (action == u"diff") {
        const bool withPatch = p.value(QStringLiteral("patch")).toBool(true);
        if (p.contains(QStringLiteral("threadId")))
            return turnDiff(repo, p.value(QStringLiteral("threadId")).toString(),
                            p.value(QStringLiteral("turn")).toInteger(), withPatch);
        auto diff = repo.diffWorkingTree(withPatch);
        if (!diff)
            return std::unexpected(diff.error());
        return diffToJson(*diff);
    }
    if (action == u"commit") {
        auto commit = repo.commitAll(p.value(QStringLiteral("message")).toString(), progress);
        if (!commit)
            return std::unexpected(commit.error());
        return QJsonObject {{QStringLiteral("commit"), *commit}};
    }
    return std::unexpected(GitError {GitError::Code::InvalidArgument,
                                     QStringLiteral("Unknown git action “%1”.").arg(action)});
}

/// Runs `request` and publishes its progress and its answer.
void answer(const GitRequest &request, const Publish &publish)
{
    const ProgressFn progress = [&](const Progress &step) {
        publish(AppEvent {AppEvent::GitEvent {
            request.requestId, QStringLiteral("progress"), QString(), step.stage,
            QJsonObject {{QStringLiteral("stage"), step.stage},
                         {QStringLiteral("completed"), step.completed},
                         {QStringLiteral("total"), step.total},
                         {QStringLiteral("path"), step.path}}}});
    };
    const auto result = run(request, progress);
    if (result)
        publish(AppEvent {AppEvent::GitEvent {request.requestId, QStringLiteral("result"),
                                              QString(), QString(), *result}});
    else
        publish(AppEvent {AppEvent::GitEvent {request.requestId,
                                              QStringLiteral("error"),
                                              result.error().codeName(),
                                              result.error().message,
                                              {}}});
}

} // namespace

LibGitManager::LibGitManager(std::shared_ptr<WorkspaceQueue> queue)
    : m_queue(std::move(queue))
{
}

void LibGitManager::handle(const GitRequest &request, const Publish &publish)
{
    if (!m_queue)
        return answer(request, publish);
    // A job of its workspace, behind that workspace's checkpoint jobs; the request and the
    // publisher are copied, since the job outlives this call.
    m_queue->run(request.params.value(QStringLiteral("path")).toString(),
                 [request, publish] { answer(request, publish); });
}

} // namespace backend::git

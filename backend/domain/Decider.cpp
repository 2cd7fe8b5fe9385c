#include "backend/domain/Decider.h"

#include "backend/domain/WorkflowDecider.h"

namespace backend {

namespace {

using Code = DeciderError::Code;
using Decision = std::expected<QList<Event>, DeciderError>;

// The workflow and task commands (WorkflowDecider.h) join the overload set of decideOne.
using workflow::decideOne;

std::unexpected<DeciderError> refuse(Code code, QString message)
{
    return std::unexpected(DeciderError {code, std::move(message)});
}

bool blank(const QString &s)
{
    return s.trimmed().isEmpty();
}

// Lookups that every command of an aggregate starts with. They return the view or the
// refusal a missing or deleted aggregate deserves.

std::expected<const ProjectView *, DeciderError> liveProject(const ReadModel &model,
                                                             const ProjectId &id)
{
    const ProjectView *p = model.project(id);
    if (!p)
        return refuse(Code::ProjectNotFound,
                      QStringLiteral("Project %1 does not exist.").arg(id.value));
    if (p->deleted)
        return refuse(Code::ProjectDeleted,
                      QStringLiteral("Project %1 was deleted.").arg(id.value));
    return p;
}

std::expected<const ThreadView *, DeciderError> liveThread(const ReadModel &model,
                                                           const ThreadId &id)
{
    const ThreadView *t = model.thread(id);
    if (!t)
        return refuse(Code::ThreadNotFound,
                      QStringLiteral("Thread %1 does not exist.").arg(id.value));
    if (t->deleted)
        return refuse(Code::ThreadDeleted, QStringLiteral("Thread %1 was deleted.").arg(id.value));
    return t;
}

/// A live, unarchived thread: the precondition of every turn command.
std::expected<const ThreadView *, DeciderError> activeThread(const ReadModel &model,
                                                             const ThreadId &id)
{
    auto t = liveThread(model, id);
    if (t && (*t)->archived)
        return refuse(Code::ThreadArchived,
                      QStringLiteral("Thread %1 is archived; unarchive it first.").arg(id.value));
    return t;
}

/// The thread's running turn must be `turnId`.
std::expected<const ThreadView *, DeciderError>
runningTurn(const ReadModel &model, const ThreadId &threadId, const TurnId &turnId)
{
    auto t = activeThread(model, threadId);
    if (t && (*t)->runningTurnId != turnId)
        return refuse(Code::TurnNotRunning,
                      QStringLiteral("Turn %1 is not the running turn of thread %2.")
                          .arg(turnId.value, threadId.value));
    return t;
}

std::optional<DeciderError> workspaceRootFree(const ReadModel &model, const QString &root,
                                              const ProjectId &self)
{
    const ProjectView *user = model.liveProjectAt(root);
    if (user && user->id != self)
        return DeciderError {
            Code::WorkspaceRootInUse,
            QStringLiteral("The folder %1 is already the workspace of project “%2”.")
                .arg(root, user->title)};
    return std::nullopt;
}

/// A project's default provider names a kind, and not the scheduler's: a task thread's turns
/// are the scheduler's alone, which a project default must not make of ordinary threads.
std::optional<DeciderError> invalidDefaultProvider(const ProviderSpec *provider)
{
    if (!provider)
        return std::nullopt;
    if (blank(provider->kind))
        return DeciderError {Code::InvalidCommand,
                             QStringLiteral("A project's default provider (defaultProvider) "
                                            "needs a kind.")};
    if (isTaskProvider(*provider))
        return DeciderError {Code::InvalidCommand,
                             QStringLiteral("A project's default provider (defaultProvider) "
                                            "cannot be of kind “task”: that kind is the "
                                            "scheduler's.")};
    return std::nullopt;
}

Decision decideOne(const ProjectCreate &c, const ReadModel &model)
{
    if (model.project(c.projectId))
        return refuse(
            Code::ProjectAlreadyExists,
            QStringLiteral("A project with id %1 already exists.").arg(c.projectId.value));
    if (blank(c.title))
        return refuse(Code::InvalidCommand, QStringLiteral("A project needs a title."));
    if (blank(c.workspaceRoot))
        return refuse(Code::InvalidCommand, QStringLiteral("A project needs a workspace folder."));
    if (auto e = workspaceRootFree(model, c.workspaceRoot, c.projectId))
        return std::unexpected(*e);
    if (auto e = invalidDefaultProvider(c.defaultProvider ? &*c.defaultProvider : nullptr))
        return std::unexpected(*e);
    return QList<Event> {ProjectCreated {c.projectId, c.title, c.workspaceRoot, c.defaultProvider}};
}

Decision decideOne(const ProjectMetaUpdate &c, const ReadModel &model)
{
    if (auto p = liveProject(model, c.projectId); !p)
        return std::unexpected(p.error());
    if (c.title && blank(*c.title))
        return refuse(Code::InvalidCommand, QStringLiteral("A project's title cannot be empty."));
    if (c.workspaceRoot) {
        if (blank(*c.workspaceRoot))
            return refuse(Code::InvalidCommand,
                          QStringLiteral("A project's workspace folder cannot be empty."));
        if (auto e = workspaceRootFree(model, *c.workspaceRoot, c.projectId))
            return std::unexpected(*e);
    }
    // Removing a default the project does not have is accepted: the project then has none,
    // which is what was asked.
    if (auto e = invalidDefaultProvider(providerSetBy(c.defaultProvider)))
        return std::unexpected(*e);
    return QList<Event> {
        ProjectMetaUpdated {c.projectId, c.title, c.workspaceRoot, c.defaultProvider}};
}

Decision decideOne(const ProjectDelete &c, const ReadModel &model)
{
    if (auto p = liveProject(model, c.projectId); !p)
        return std::unexpected(p.error());
    const QList<ThreadId> live = model.liveThreadsOf(c.projectId);
    if (!live.isEmpty() && !c.force)
        return refuse(Code::ProjectHasLiveThreads,
                      QStringLiteral("Project %1 still has %2 live thread(s); delete them first "
                                     "or force the deletion.")
                          .arg(c.projectId.value)
                          .arg(live.size()));
    QList<Event> events;
    events.reserve(live.size() + 1);
    for (const ThreadId &t : live)
        events.append(ThreadDeleted {t, c.projectId});
    events.append(ProjectDeleted {c.projectId});
    return events;
}

Decision decideOne(const ThreadCreate &c, const ReadModel &model)
{
    if (model.thread(c.threadId))
        return refuse(Code::ThreadAlreadyExists,
                      QStringLiteral("A thread with id %1 already exists.").arg(c.threadId.value));
    if (auto p = liveProject(model, c.projectId); !p)
        return std::unexpected(p.error());
    if (blank(c.title))
        return refuse(Code::InvalidCommand, QStringLiteral("A thread needs a title."));
    if (c.provider && blank(c.provider->kind))
        return refuse(Code::InvalidCommand, QStringLiteral("A thread's provider needs a kind."));
    return QList<Event> {
        ThreadCreated {c.threadId, c.projectId, c.title, c.provider, c.branch, c.worktreePath}};
}

Decision decideOne(const ThreadMetaUpdate &c, const ReadModel &model)
{
    auto t = liveThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    if (c.title && blank(*c.title))
        return refuse(Code::InvalidCommand, QStringLiteral("A thread's title cannot be empty."));
    const ProviderSpec *provider = providerSetBy(c.provider);
    if (provider && blank(provider->kind))
        return refuse(Code::InvalidCommand, QStringLiteral("A thread's provider needs a kind."));
    // The scheduler runs a task thread's turns and no other: a task thread given another
    // provider (or none, so the project's default) would have the provider reactor run its
    // attempts' turns as well, and an ordinary thread made a task thread would have its turns
    // run by nobody.
    if (c.provider && isTaskProvider((*t)->provider))
        return refuse(Code::InvalidCommand,
                      QStringLiteral("Thread %1 records a workflow task's attempts; its provider "
                                     "is the scheduler's and cannot be changed.")
                          .arg(c.threadId.value));
    if (provider && isTaskProvider(*provider))
        return refuse(Code::InvalidCommand,
                      QStringLiteral("A thread's provider cannot be changed to kind “task”: that "
                                     "kind is the scheduler's."));
    return QList<Event> {
        ThreadMetaUpdated {c.threadId, c.title, c.provider, c.branch, c.worktreePath}};
}

Decision decideOne(const ThreadArchive &c, const ReadModel &model)
{
    auto t = liveThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    if ((*t)->archived)
        return refuse(Code::ThreadArchived,
                      QStringLiteral("Thread %1 is already archived.").arg(c.threadId.value));
    if ((*t)->runningTurnId)
        return refuse(Code::TurnAlreadyRunning,
                      QStringLiteral("Thread %1 has a running turn; interrupt it before "
                                     "archiving.")
                          .arg(c.threadId.value));
    return QList<Event> {ThreadArchived {c.threadId}};
}

Decision decideOne(const ThreadUnarchive &c, const ReadModel &model)
{
    auto t = liveThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    if (!(*t)->archived)
        return refuse(Code::ThreadNotArchived,
                      QStringLiteral("Thread %1 is not archived.").arg(c.threadId.value));
    return QList<Event> {ThreadUnarchived {c.threadId}};
}

Decision decideOne(const ThreadDelete &c, const ReadModel &model)
{
    auto t = liveThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    return QList<Event> {ThreadDeleted {c.threadId, (*t)->projectId}};
}

Decision decideOne(const ThreadTurnStart &c, const ReadModel &model)
{
    auto t = activeThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    const ThreadView &thread = **t;
    if (thread.runningTurnId)
        return refuse(Code::TurnAlreadyRunning,
                      QStringLiteral("Thread %1 already has a running turn (%2).")
                          .arg(c.threadId.value, thread.runningTurnId->value));
    if (thread.turns.contains(c.turnId))
        return refuse(
            Code::TurnAlreadyExists,
            QStringLiteral("Turn id %1 is already used on this thread.").arg(c.turnId.value));
    if (thread.messageIds.contains(c.messageId))
        return refuse(
            Code::MessageIdTaken,
            QStringLiteral("Message id %1 is already used on this thread.").arg(c.messageId.value));
    if (blank(c.text))
        return refuse(Code::InvalidCommand, QStringLiteral("A turn needs a message."));
    return QList<Event> {
        ThreadMessageSent {c.threadId, c.messageId, MessageRole::User, c.text, c.turnId, false},
        ThreadTurnStarted {c.threadId, c.turnId, c.messageId},
        ThreadStatusChanged {c.threadId, ThreadStatus::Running},
    };
}

Decision decideOne(const ThreadTurnInterrupt &c, const ReadModel &model)
{
    if (auto t = runningTurn(model, c.threadId, c.turnId); !t)
        return std::unexpected(t.error());
    return QList<Event> {ThreadTurnInterruptRequested {c.threadId, c.turnId}};
}

/// An assistant message id may receive deltas only within the turn that first used it.
std::optional<DeciderError>
assistantMessageAllowed(const ThreadView &thread, const MessageId &messageId, const TurnId &turnId)
{
    if (!thread.messageIds.contains(messageId))
        return std::nullopt;
    const auto ownerIt = thread.assistantMessageTurns.constFind(messageId);
    if (ownerIt != thread.assistantMessageTurns.cend() && *ownerIt == turnId)
        return std::nullopt;
    return DeciderError {Code::MessageIdTaken,
                         QStringLiteral("Message id %1 belongs to another message on this thread.")
                             .arg(messageId.value)};
}

Decision decideOne(const ThreadMessageAssistantDelta &c, const ReadModel &model)
{
    auto t = runningTurn(model, c.threadId, c.turnId);
    if (!t)
        return std::unexpected(t.error());
    if (auto e = assistantMessageAllowed(**t, c.messageId, c.turnId))
        return std::unexpected(*e);
    return QList<Event> {ThreadMessageSent {c.threadId, c.messageId, MessageRole::Assistant,
                                            c.delta, c.turnId, true}};
}

Decision decideOne(const ThreadMessageAssistantComplete &c, const ReadModel &model)
{
    auto t = runningTurn(model, c.threadId, c.turnId);
    if (!t)
        return std::unexpected(t.error());
    if (auto e = assistantMessageAllowed(**t, c.messageId, c.turnId))
        return std::unexpected(*e);
    return QList<Event> {ThreadMessageSent {c.threadId, c.messageId, MessageRole::Assistant,
                                            QString(), c.turnId, false}};
}

Decision decideOne(const ThreadMessageSystemAppend &c, const ReadModel &model)
{
    auto t = liveThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    if ((*t)->messageIds.contains(c.messageId))
        return refuse(
            Code::MessageIdTaken,
            QStringLiteral("Message id %1 is already used on this thread.").arg(c.messageId.value));
    if (c.turnId && !(*t)->turns.contains(*c.turnId))
        return refuse(Code::InvalidCommand,
                      QStringLiteral("Turn %1 does not exist on thread %2.")
                          .arg(c.turnId->value, c.threadId.value));
    if (blank(c.text))
        return refuse(Code::InvalidCommand, QStringLiteral("A system message needs a text."));
    return QList<Event> {
        ThreadMessageSent {c.threadId, c.messageId, MessageRole::System, c.text, c.turnId, false}};
}

Decision decideOne(const ThreadActivityAppend &c, const ReadModel &model)
{
    if (auto t = runningTurn(model, c.threadId, c.turnId); !t)
        return std::unexpected(t.error());
    // The command id is unique (receipts), so it doubles as a stable activity id and keeps the
    // decider free of randomness.
    return QList<Event> {ThreadActivityAppended {
        c.threadId, c.turnId, ActivityId(c.commandId.value), c.tone, c.kind, c.summary, c.payload}};
}

ThreadStatus statusAfter(TurnOutcome outcome)
{
    switch (outcome) {
    case TurnOutcome::Completed:
        return ThreadStatus::Ready;
    case TurnOutcome::Error:
        return ThreadStatus::Error;
    case TurnOutcome::Interrupted:
        return ThreadStatus::Interrupted;
    }
    return ThreadStatus::Error;
}

Decision decideOne(const ThreadTurnComplete &c, const ReadModel &model)
{
    if (auto t = runningTurn(model, c.threadId, c.turnId); !t)
        return std::unexpected(t.error());
    return QList<Event> {
        ThreadTurnCompleted {c.threadId, c.turnId, c.outcome, c.exitCode, c.error},
        ThreadStatusChanged {c.threadId, statusAfter(c.outcome)},
    };
}

Decision decideOne(const ThreadTurnDiffComplete &c, const ReadModel &model)
{
    auto t = liveThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    if (!(*t)->turns.contains(c.turnId))
        return refuse(Code::InvalidCommand,
                      QStringLiteral("Turn %1 does not exist on thread %2.")
                          .arg(c.turnId.value, c.threadId.value));
    if (c.checkpointTurnCount < 1 || blank(c.checkpointRef))
        return refuse(Code::InvalidCommand,
                      QStringLiteral("A turn's diff needs its checkpoint (turn count and ref)."));
    return QList<Event> {ThreadTurnDiffCompleted {c.threadId, c.turnId, c.checkpointTurnCount,
                                                  c.checkpointRef, c.files}};
}

Decision decideOne(const ThreadCheckpointRevert &c, const ReadModel &model)
{
    auto t = activeThread(model, c.threadId);
    if (!t)
        return std::unexpected(t.error());
    const ThreadView &thread = **t;
    if (thread.runningTurnId)
        return refuse(Code::TurnAlreadyRunning,
                      QStringLiteral("Thread %1 has a running turn; interrupt it before "
                                     "reverting.")
                          .arg(c.threadId.value));
    if (c.turnCount < 0 || c.turnCount > thread.turnOrder.size())
        return refuse(Code::InvalidCommand,
                      QStringLiteral("Thread %1 has %2 turn(s); it cannot go back to turn %3.")
                          .arg(c.threadId.value)
                          .arg(thread.turnOrder.size())
                          .arg(c.turnCount));
    return QList<Event> {
        ThreadReverted {c.threadId, c.turnCount, thread.turnOrder.mid(c.turnCount)}};
}

} // namespace

std::expected<QList<Event>, DeciderError> decide(const Command &command, const ReadModel &model)
{
    return std::visit([&model](const auto &c) { return decideOne(c, model); }, command);
}

} // namespace backend

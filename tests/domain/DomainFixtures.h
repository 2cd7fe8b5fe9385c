#pragma once

// Builders shared by the decider and projector tests: well-known ids, "given" histories as
// typed events (folded with `apply`), commands with their defaults filled in, and a field-wise
// comparison and rendering of events (the event structs have no operator==).

#include "WorkflowFixtures.h" // the workflow events' fields/render, before the generic code
#include "backend/domain/Commands.h"
#include "backend/domain/DeciderError.h"
#include "backend/domain/Events.h"
#include "backend/domain/Projector.h"
#include "backend/domain/ReadModel.h"
#include "backend/domain/StoredEvent.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <tuple>

namespace fixtures {

using namespace backend;
using namespace Qt::StringLiterals;

// ---------------------------------------------------------------------------------------------
// Well-known values

inline const ProjectId kProject {u"project-weft"_s};
inline const ProjectId kOtherProject {u"project-other"_s};
inline const ThreadId kThread {u"thread-1"_s};
inline const ThreadId kOtherThread {u"thread-2"_s};
inline const ThreadId kThirdThread {u"thread-3"_s};
inline const TurnId kTurn1 {u"turn-1"_s};
inline const TurnId kTurn2 {u"turn-2"_s};
inline const MessageId kUserMessage1 {u"message-user-1"_s};
inline const MessageId kUserMessage2 {u"message-user-2"_s};
inline const MessageId kAssistantMessage1 {u"message-assistant-1"_s};
inline const MessageId kAssistantMessage2 {u"message-assistant-2"_s};
inline const CommandId kCommand {u"command-1"_s};
inline const QString kRoot = u"/home/dev/weft"_s;
inline const QString kOtherRoot = u"/home/dev/other"_s;
inline const ProviderSpec kShell {u"shell"_s, {u"sh"_s, u"-c"_s, u"{message}"_s}};

/// The time every "given" event is folded at.
inline const QDateTime kAt {QDate(2026, 1, 5), QTime(9, 30), QTimeZone::utc()};

// ---------------------------------------------------------------------------------------------
// Given: histories as the events the decider would have produced

inline QList<Event> projectCreated(const ProjectId &id = kProject, const QString &root = kRoot)
{
    return {ProjectCreated {.projectId = id, .title = u"Weft"_s, .workspaceRoot = root}};
}

inline QList<Event> projectDeleted(const ProjectId &id = kProject)
{
    return {ProjectDeleted {.projectId = id}};
}

inline QList<Event> threadCreated(const ThreadId &id = kThread, const ProjectId &project = kProject)
{
    return {ThreadCreated {.threadId = id,
                           .projectId = project,
                           .title = u"Fix the parser"_s,
                           .provider = kShell,
                           .branch = std::nullopt,
                           .worktreePath = std::nullopt}};
}

/// A thread the scheduler records a task's attempts on.
inline QList<Event> taskThreadCreated(const ThreadId &id = kThread,
                                      const ProjectId &project = kProject)
{
    return {ThreadCreated {.threadId = id,
                           .projectId = project,
                           .title = u"Build"_s,
                           .provider = ProviderSpec {QString::fromLatin1(kTaskProviderKind), {}},
                           .branch = std::nullopt,
                           .worktreePath = std::nullopt}};
}

inline QList<Event> threadArchived(const ThreadId &id = kThread)
{
    return {ThreadArchived {.threadId = id}};
}

inline QList<Event> threadDeleted(const ThreadId &id = kThread, const ProjectId &project = kProject)
{
    return {ThreadDeleted {.threadId = id, .projectId = project}};
}

/// What a turn start produces: the user message, the turn, the status.
inline QList<Event> turnStarted(const TurnId &turn, const MessageId &userMessage,
                                const ThreadId &thread = kThread)
{
    return {
        ThreadMessageSent {.threadId = thread,
                           .messageId = userMessage,
                           .role = MessageRole::User,
                           .text = u"Make the tests pass"_s,
                           .turnId = turn,
                           .streaming = false},
        ThreadTurnStarted {.threadId = thread, .turnId = turn, .userMessageId = userMessage},
        ThreadStatusChanged {.threadId = thread, .status = ThreadStatus::Running},
    };
}

inline QList<Event> assistantDeltaStreamed(const TurnId &turn, const MessageId &message,
                                           const QString &delta = u"Looking"_s,
                                           const ThreadId &thread = kThread)
{
    return {ThreadMessageSent {.threadId = thread,
                               .messageId = message,
                               .role = MessageRole::Assistant,
                               .text = delta,
                               .turnId = turn,
                               .streaming = true}};
}

inline QList<Event> assistantMessageCompleted(const TurnId &turn, const MessageId &message,
                                              const ThreadId &thread = kThread)
{
    return {ThreadMessageSent {.threadId = thread,
                               .messageId = message,
                               .role = MessageRole::Assistant,
                               .text = QString(),
                               .turnId = turn,
                               .streaming = false}};
}

/// What a turn completion produces: the completed turn and the thread's new status.
inline QList<Event> turnCompleted(const TurnId &turn, const ThreadId &thread = kThread)
{
    return {
        ThreadTurnCompleted {.threadId = thread,
                             .turnId = turn,
                             .outcome = TurnOutcome::Completed,
                             .exitCode = 0,
                             .error = std::nullopt},
        ThreadStatusChanged {.threadId = thread, .status = ThreadStatus::Ready},
    };
}

/// Folds the histories, in order, into an empty read model.
inline ReadModel given(std::initializer_list<QList<Event>> history)
{
    ReadModel model;
    for (const QList<Event> &events : history) {
        for (const Event &event : events)
            apply(model, event, kAt);
    }
    return model;
}

/// A live project with one idle thread.
inline ReadModel givenThread()
{
    return given({projectCreated(), threadCreated()});
}

/// A live project with one thread whose turn kTurn1 (user message kUserMessage1) is running.
inline ReadModel givenRunningTurn()
{
    return given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1)});
}

/// A stored event built by hand (the payload is written out in the test, not encoded), for the
/// envelope bookkeeping of `project`: sequence, stream version, unknown types.
inline StoredEvent storedEvent(qint64 sequence, const QString &aggregateKind,
                               const QString &aggregateId, qint64 streamVersion,
                               const QString &type, const QJsonObject &payload,
                               const QDateTime &occurredAt = kAt)
{
    StoredEvent e;
    e.sequence = sequence;
    e.eventId = u"event-%1"_s.arg(sequence);
    e.aggregateKind = aggregateKind;
    e.aggregateId = aggregateId;
    e.streamVersion = streamVersion;
    e.type = type;
    e.payload = payload;
    e.occurredAt = occurredAt;
    e.commandId = kCommand.value;
    e.correlationId = kCommand.value;
    return e;
}

// ---------------------------------------------------------------------------------------------
// When: commands, with the fields a test does not care about left at their defaults

inline ProjectCreate createProject(const ProjectId &id, const QString &title, const QString &root)
{
    ProjectCreate c;
    c.commandId = kCommand;
    c.projectId = id;
    c.title = title;
    c.workspaceRoot = root;
    return c;
}

inline ProjectMetaUpdate updateProject(const ProjectId &id, std::optional<QString> title,
                                       std::optional<QString> root)
{
    ProjectMetaUpdate c;
    c.commandId = kCommand;
    c.projectId = id;
    c.title = std::move(title);
    c.workspaceRoot = std::move(root);
    return c;
}

inline ProjectDelete deleteProject(const ProjectId &id, bool force)
{
    ProjectDelete c;
    c.commandId = kCommand;
    c.projectId = id;
    c.force = force;
    return c;
}

inline ThreadCreate createThread(const ThreadId &id, const ProjectId &project,
                                 const QString &title = u"Fix the parser"_s)
{
    ThreadCreate c;
    c.commandId = kCommand;
    c.threadId = id;
    c.projectId = project;
    c.title = title;
    c.provider = kShell;
    return c;
}

inline ThreadMetaUpdate updateThread(const ThreadId &id, std::optional<QString> title)
{
    ThreadMetaUpdate c;
    c.commandId = kCommand;
    c.threadId = id;
    c.title = std::move(title);
    return c;
}

inline ThreadArchive archiveThread(const ThreadId &id = kThread)
{
    ThreadArchive c;
    c.commandId = kCommand;
    c.threadId = id;
    return c;
}

inline ThreadUnarchive unarchiveThread(const ThreadId &id = kThread)
{
    ThreadUnarchive c;
    c.commandId = kCommand;
    c.threadId = id;
    return c;
}

inline ThreadDelete deleteThread(const ThreadId &id = kThread)
{
    ThreadDelete c;
    c.commandId = kCommand;
    c.threadId = id;
    return c;
}

inline ThreadTurnStart startTurn(const TurnId &turn, const MessageId &message,
                                 const QString &text = u"Make the tests pass"_s,
                                 const ThreadId &thread = kThread)
{
    ThreadTurnStart c;
    c.commandId = kCommand;
    c.threadId = thread;
    c.turnId = turn;
    c.messageId = message;
    c.text = text;
    return c;
}

inline ThreadTurnInterrupt interruptTurn(const TurnId &turn, const ThreadId &thread = kThread)
{
    ThreadTurnInterrupt c;
    c.commandId = kCommand;
    c.threadId = thread;
    c.turnId = turn;
    return c;
}

inline ThreadMessageAssistantDelta sendAssistantDelta(const TurnId &turn, const MessageId &message,
                                                      const QString &delta = u"Looking"_s,
                                                      const ThreadId &thread = kThread)
{
    ThreadMessageAssistantDelta c;
    c.commandId = kCommand;
    c.threadId = thread;
    c.messageId = message;
    c.turnId = turn;
    c.delta = delta;
    return c;
}

inline ThreadMessageAssistantComplete completeAssistantMessage(const TurnId &turn,
                                                               const MessageId &message,
                                                               const ThreadId &thread = kThread)
{
    ThreadMessageAssistantComplete c;
    c.commandId = kCommand;
    c.threadId = thread;
    c.messageId = message;
    c.turnId = turn;
    return c;
}

inline ThreadActivityAppend appendActivity(const TurnId &turn, const ThreadId &thread = kThread)
{
    ThreadActivityAppend c;
    c.commandId = kCommand;
    c.threadId = thread;
    c.turnId = turn;
    c.tone = ActivityTone::Tool;
    c.kind = u"tool.call"_s;
    c.summary = u"ran cmake --build"_s;
    c.payload = QJsonObject {{u"exitCode"_s, 0}};
    return c;
}

inline ThreadTurnComplete completeTurn(const TurnId &turn,
                                       TurnOutcome outcome = TurnOutcome::Completed,
                                       const ThreadId &thread = kThread)
{
    ThreadTurnComplete c;
    c.commandId = kCommand;
    c.threadId = thread;
    c.turnId = turn;
    c.outcome = outcome;
    return c;
}

// ---------------------------------------------------------------------------------------------
// Then: field-wise comparison and a readable rendering of events.
// `fields` names every member through a structured binding, so a member added to an event
// struct breaks the build here instead of silently escaping the comparison.

inline auto fields(const ProjectCreated &e)
{
    const auto &[projectId, title, workspaceRoot, defaultProvider] = e;
    return std::tie(projectId, title, workspaceRoot, defaultProvider);
}
inline auto fields(const ProjectMetaUpdated &e)
{
    const auto &[projectId, title, workspaceRoot, defaultProvider] = e;
    return std::tie(projectId, title, workspaceRoot, defaultProvider);
}
inline auto fields(const ProjectDeleted &e)
{
    const auto &[projectId] = e;
    return std::tie(projectId);
}
inline auto fields(const ThreadCreated &e)
{
    const auto &[threadId, projectId, title, provider, branch, worktreePath] = e;
    return std::tie(threadId, projectId, title, provider, branch, worktreePath);
}
inline auto fields(const ThreadMetaUpdated &e)
{
    const auto &[threadId, title, provider, branch, worktreePath] = e;
    return std::tie(threadId, title, provider, branch, worktreePath);
}
inline auto fields(const ThreadArchived &e)
{
    const auto &[threadId] = e;
    return std::tie(threadId);
}
inline auto fields(const ThreadUnarchived &e)
{
    const auto &[threadId] = e;
    return std::tie(threadId);
}
inline auto fields(const ThreadDeleted &e)
{
    const auto &[threadId, projectId] = e;
    return std::tie(threadId, projectId);
}
inline auto fields(const ThreadMessageSent &e)
{
    const auto &[threadId, messageId, role, text, turnId, streaming] = e;
    return std::tie(threadId, messageId, role, text, turnId, streaming);
}
inline auto fields(const ThreadTurnStarted &e)
{
    const auto &[threadId, turnId, userMessageId] = e;
    return std::tie(threadId, turnId, userMessageId);
}
inline auto fields(const ThreadStatusChanged &e)
{
    const auto &[threadId, status] = e;
    return std::tie(threadId, status);
}
inline auto fields(const ThreadTurnInterruptRequested &e)
{
    const auto &[threadId, turnId] = e;
    return std::tie(threadId, turnId);
}
inline auto fields(const ThreadActivityAppended &e)
{
    const auto &[threadId, turnId, activityId, tone, kind, summary, payload] = e;
    return std::tie(threadId, turnId, activityId, tone, kind, summary, payload);
}
inline auto fields(const ThreadTurnCompleted &e)
{
    const auto &[threadId, turnId, outcome, exitCode, error] = e;
    return std::tie(threadId, turnId, outcome, exitCode, error);
}

inline auto fields(const ThreadTurnDiffCompleted &e)
{
    const auto &[threadId, turnId, checkpointTurnCount, checkpointRef, files] = e;
    return std::tie(threadId, turnId, checkpointTurnCount, checkpointRef, files);
}
inline auto fields(const ThreadReverted &e)
{
    const auto &[threadId, turnCount, removedTurnIds] = e;
    return std::tie(threadId, turnCount, removedTurnIds);
}

inline bool sameEvent(const Event &a, const Event &b)
{
    if (a.index() != b.index())
        return false;
    return std::visit(
        [&b](const auto &x) {
            using E = std::decay_t<decltype(x)>;
            return fields(x) == fields(std::get<E>(b));
        },
        a);
}

inline bool sameEvents(const QList<Event> &a, const QList<Event> &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), sameEvent);
}

inline QString render(MessageRole v)
{
    switch (v) {
    case MessageRole::User:
        return u"user"_s;
    case MessageRole::Assistant:
        return u"assistant"_s;
    case MessageRole::System:
        return u"system"_s;
    }
    return u"?"_s;
}
inline QString render(ThreadStatus v)
{
    switch (v) {
    case ThreadStatus::Idle:
        return u"idle"_s;
    case ThreadStatus::Starting:
        return u"starting"_s;
    case ThreadStatus::Running:
        return u"running"_s;
    case ThreadStatus::Ready:
        return u"ready"_s;
    case ThreadStatus::Interrupted:
        return u"interrupted"_s;
    case ThreadStatus::Stopped:
        return u"stopped"_s;
    case ThreadStatus::Error:
        return u"error"_s;
    }
    return u"?"_s;
}
inline QString render(ActivityTone v)
{
    switch (v) {
    case ActivityTone::Info:
        return u"info"_s;
    case ActivityTone::Tool:
        return u"tool"_s;
    case ActivityTone::Approval:
        return u"approval"_s;
    case ActivityTone::Error:
        return u"error"_s;
    }
    return u"?"_s;
}
inline QString render(TurnOutcome v)
{
    switch (v) {
    case TurnOutcome::Completed:
        return u"completed"_s;
    case TurnOutcome::Error:
        return u"error"_s;
    case TurnOutcome::Interrupted:
        return u"interrupted"_s;
    }
    return u"?"_s;
}
inline QString render(const QString &v)
{
    return u'"' + v + u'"';
}
inline QString render(bool v)
{
    return v ? u"true"_s : u"false"_s;
}
inline QString render(int v)
{
    return QString::number(v);
}
template<typename Tag> QString render(const Id<Tag> &v)
{
    return v.value;
}
inline QString render(const ProviderSpec &v)
{
    return v.kind + u'[' + v.commandTemplate.join(u' ') + u']';
}
inline QString render(const ProviderChange &v)
{
    const ProviderSpec *spec = std::get_if<ProviderSpec>(&v);
    return spec ? render(*spec) : u"(removed)"_s;
}
inline QString render(const QJsonObject &v)
{
    return QString::fromUtf8(QJsonDocument(v).toJson(QJsonDocument::Compact));
}
inline QString render(const QList<TurnDiffFile> &v)
{
    QStringList parts;
    for (const TurnDiffFile &f : v)
        parts.append(u"%1 %2 +%3 -%4"_s.arg(f.kind, f.path).arg(f.additions).arg(f.deletions));
    return u'[' + parts.join(u", "_s) + u']';
}
inline QString render(const QList<TurnId> &v)
{
    QStringList parts;
    for (const TurnId &id : v)
        parts.append(id.value);
    return u'[' + parts.join(u", "_s) + u']';
}
template<typename T> QString render(const std::optional<T> &v)
{
    return v ? render(*v) : u"(none)"_s;
}

/// e.g. `thread.status-changed(thread-1, running)`.
inline QString describe(const Event &event)
{
    return std::visit(
        [](const auto &e) {
            QStringList parts;
            std::apply([&parts](const auto &...f) { (parts.append(render(f)), ...); }, fields(e));
            return QString::fromLatin1(e.kType) + u'(' + parts.join(u", "_s) + u')';
        },
        event);
}

inline QStringList describe(const QList<Event> &events)
{
    QStringList lines;
    for (const Event &e : events)
        lines.append(describe(e));
    return lines;
}

/// The stable name of an error code, so QCOMPARE shows words rather than numbers.
inline QString codeName(DeciderError::Code code)
{
    return DeciderError {code, QString()}.codeName();
}

} // namespace fixtures

namespace backend {

// Readable QCOMPARE failures for the domain's ids, optionals and statuses (found by ADL).

template<typename Tag> char *toString(const Id<Tag> &id)
{
    return QTest::toString(id.value);
}

template<typename T> char *toString(const std::optional<T> &v)
{
    return QTest::toString(fixtures::render(v));
}

inline char *toString(ThreadStatus v)
{
    return QTest::toString(fixtures::render(v));
}

} // namespace backend

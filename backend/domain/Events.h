#pragma once

#include "backend/domain/Commands.h"
#include "backend/domain/Ids.h"
#include "backend/domain/Provider.h"
#include "backend/domain/WorkflowEvents.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace backend {

// The orchestration events: what happened, in the past tense. `kType` is the stored name;
// `kAggregate` names the aggregate whose stream the event extends.

struct ProjectCreated
{
    static constexpr auto kType = "project.created";
    static constexpr auto kAggregate = "project";
    ProjectId projectId;
    QString title;
    QString workspaceRoot;
    std::optional<ProviderSpec> defaultProvider
        = std::nullopt; ///< absent in events stored before it existed
};

struct ProjectMetaUpdated
{
    static constexpr auto kType = "project.meta-updated";
    static constexpr auto kAggregate = "project";
    ProjectId projectId;
    std::optional<QString> title;
    std::optional<QString> workspaceRoot;
    /// Absent (and in events stored before defaults could be removed): unchanged.
    std::optional<ProviderChange> defaultProvider = std::nullopt;
};

struct ProjectDeleted
{
    static constexpr auto kType = "project.deleted";
    static constexpr auto kAggregate = "project";
    ProjectId projectId;
};

struct ThreadCreated
{
    static constexpr auto kType = "thread.created";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    ProjectId projectId;
    QString title;
    std::optional<ProviderSpec> provider; ///< absent: the project's default, turn by turn
    std::optional<QString> branch;
    std::optional<QString> worktreePath;
};

struct ThreadMetaUpdated
{
    static constexpr auto kType = "thread.meta-updated";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    std::optional<QString> title;
    /// Absent (and in events stored before providers could be removed): unchanged.
    std::optional<ProviderChange> provider;
    std::optional<QString> branch;
    std::optional<QString> worktreePath;
};

struct ThreadArchived
{
    static constexpr auto kType = "thread.archived";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
};

struct ThreadUnarchived
{
    static constexpr auto kType = "thread.unarchived";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
};

struct ThreadDeleted
{
    static constexpr auto kType = "thread.deleted";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    ProjectId projectId;
};

enum class MessageRole { User, Assistant, System };

/// A message upsert. A user or system message arrives whole (`streaming` false); an assistant
/// message arrives as deltas (`streaming` true, `text` is the piece to append) and is closed
/// by one event with `streaming` false and empty `text`.
struct ThreadMessageSent
{
    static constexpr auto kType = "thread.message-sent";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    MessageId messageId;
    MessageRole role = MessageRole::User;
    QString text;
    std::optional<TurnId> turnId;
    bool streaming = false;
};

struct ThreadTurnStarted
{
    static constexpr auto kType = "thread.turn-started";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    TurnId turnId;
    MessageId userMessageId;
};

/// Session status of a thread.
enum class ThreadStatus { Idle, Starting, Running, Ready, Interrupted, Stopped, Error };

struct ThreadStatusChanged
{
    static constexpr auto kType = "thread.status-changed";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    ThreadStatus status = ThreadStatus::Idle;
};

struct ThreadTurnInterruptRequested
{
    static constexpr auto kType = "thread.turn-interrupt-requested";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    TurnId turnId;
};

struct ThreadActivityAppended
{
    static constexpr auto kType = "thread.activity-appended";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    TurnId turnId;
    ActivityId activityId;
    ActivityTone tone = ActivityTone::Info;
    QString kind;
    QString summary;
    QJsonObject payload;
};

struct ThreadTurnCompleted
{
    static constexpr auto kType = "thread.turn-completed";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    TurnId turnId;
    TurnOutcome outcome = TurnOutcome::Completed;
    std::optional<int> exitCode;
    std::optional<QString> error;
};

/// A finished turn's checkpoint and the files the turn changed (see ThreadTurnDiffComplete).
struct ThreadTurnDiffCompleted
{
    static constexpr auto kType = "thread.turn.diff-completed";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    TurnId turnId;
    int checkpointTurnCount = 0;
    QString checkpointRef;
    QList<TurnDiffFile> files;
};

/// The thread went back to its checkpoint after turn `turnCount`; `removedTurnIds` (in the
/// order they ran) are gone, with their messages and activities.
struct ThreadReverted
{
    static constexpr auto kType = "thread.reverted";
    static constexpr auto kAggregate = "thread";
    ThreadId threadId;
    int turnCount = 0;
    QList<TurnId> removedTurnIds;
};

/// Every orchestration event the projector understands.
using Event = std::variant<
    ProjectCreated, ProjectMetaUpdated, ProjectDeleted, ThreadCreated, ThreadMetaUpdated,
    ThreadArchived, ThreadUnarchived, ThreadDeleted, ThreadMessageSent, ThreadTurnStarted,
    ThreadStatusChanged, ThreadTurnInterruptRequested, ThreadActivityAppended, ThreadTurnCompleted,
    ThreadTurnDiffCompleted, ThreadReverted, WorkflowCreated, WorkflowImported, WorkflowStarted,
    WorkflowPaused, WorkflowResumed, WorkflowCanceled, WorkflowCompleted, TaskAdded,
    TaskDependencyDeclared, TaskStateChanged, TaskPromoted, TaskLeased, TaskLeaseRenewed,
    TaskAttemptStarted, TaskAttemptFinished, TaskRetryScheduled, TaskSucceeded, TaskFailed,
    TaskCanceled, TaskUpstreamFailed>;

/// The stored type name of an event, e.g. "thread.turn-started".
[[nodiscard]] inline QString eventTypeOf(const Event &event)
{
    return std::visit([](const auto &e) { return QString::fromLatin1(e.kType); }, event);
}

/// The aggregate an event belongs to: its kind ("project" | "thread" | "workflow" | "task")
/// and id (a task's is "<workflowId>/<taskId>", see taskAggregateId).
struct AggregateRef
{
    QString kind;
    QString id;
};

[[nodiscard]] AggregateRef aggregateOf(const Event &event);

/// The aggregate id of a task: "<workflowId>/<taskId>" (workflow ids never contain '/').
[[nodiscard]] inline QString taskAggregateId(const WorkflowId &workflow, const TaskId &task)
{
    return workflow.value + QLatin1Char('/') + task.value;
}

/// The workflow and task of a task's aggregate id (empty ids if it has no '/').
[[nodiscard]] std::pair<WorkflowId, TaskId> splitTaskAggregateId(const QString &aggregateId);

} // namespace backend

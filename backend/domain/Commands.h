#pragma once

#include "backend/domain/Ids.h"
#include "backend/domain/Provider.h"
#include "backend/domain/WorkflowCommands.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace backend {

// The orchestration commands. Each carries the client-chosen commandId; `kType` is the dotted
// wire name. Optional fields that are absent mean "leave as it is".

struct ProjectCreate
{
    static constexpr auto kType = "project.create";
    CommandId commandId;
    ProjectId projectId;
    QString title;
    QString workspaceRoot;
    /// The provider of the project's threads that name none; absent: none.
    std::optional<ProviderSpec> defaultProvider = std::nullopt;
};

struct ProjectMetaUpdate
{
    static constexpr auto kType = "project.meta.update";
    CommandId commandId;
    ProjectId projectId;
    std::optional<QString> title;
    std::optional<QString> workspaceRoot;
    /// Absent: the default stays as it is; ProviderCleared (`null`): the project has none.
    std::optional<ProviderChange> defaultProvider = std::nullopt;
};

struct ProjectDelete
{
    static constexpr auto kType = "project.delete";
    CommandId commandId;
    ProjectId projectId;
    bool force = false;
};

struct ThreadCreate
{
    static constexpr auto kType = "thread.create";
    CommandId commandId;
    ThreadId threadId;
    ProjectId projectId;
    QString title;
    /// Absent: the thread's turns run with its project's default provider at their start.
    std::optional<ProviderSpec> provider;
    std::optional<QString> branch;
    std::optional<QString> worktreePath;
};

struct ThreadMetaUpdate
{
    static constexpr auto kType = "thread.meta.update";
    CommandId commandId;
    ThreadId threadId;
    std::optional<QString> title;
    /// Absent: the provider stays as it is; ProviderCleared (`null`): the thread's turns run
    /// with its project's default again. A task thread's provider is the scheduler's alone.
    std::optional<ProviderChange> provider;
    std::optional<QString> branch;
    std::optional<QString> worktreePath;
};

struct ThreadArchive
{
    static constexpr auto kType = "thread.archive";
    CommandId commandId;
    ThreadId threadId;
};

struct ThreadUnarchive
{
    static constexpr auto kType = "thread.unarchive";
    CommandId commandId;
    ThreadId threadId;
};

struct ThreadDelete
{
    static constexpr auto kType = "thread.delete";
    CommandId commandId;
    ThreadId threadId;
};

struct ThreadTurnStart
{
    static constexpr auto kType = "thread.turn.start";
    CommandId commandId;
    ThreadId threadId;
    TurnId turnId;
    MessageId messageId;
    QString text;
};

struct ThreadTurnInterrupt
{
    static constexpr auto kType = "thread.turn.interrupt";
    CommandId commandId;
    ThreadId threadId;
    TurnId turnId;
};

struct ThreadMessageAssistantDelta
{
    static constexpr auto kType = "thread.message.assistant.delta";
    CommandId commandId;
    ThreadId threadId;
    MessageId messageId;
    TurnId turnId;
    QString delta;
};

struct ThreadMessageAssistantComplete
{
    static constexpr auto kType = "thread.message.assistant.complete";
    CommandId commandId;
    ThreadId threadId;
    MessageId messageId;
    TurnId turnId;
};

/// A note from Weft itself on a thread (e.g. "Weft restarted; the turn was interrupted"),
/// optionally attached to a turn. Allowed on archived threads: it records, it does not act.
struct ThreadMessageSystemAppend
{
    static constexpr auto kType = "thread.message.system.append";
    CommandId commandId;
    ThreadId threadId;
    MessageId messageId;
    std::optional<TurnId> turnId;
    QString text;
};

/// Tone of an activity line: how loudly the GUI should show it.
enum class ActivityTone { Info, Tool, Approval, Error };

struct ThreadActivityAppend
{
    static constexpr auto kType = "thread.activity.append";
    CommandId commandId;
    ThreadId threadId;
    TurnId turnId;
    ActivityTone tone = ActivityTone::Info;
    QString kind;
    QString summary;
    QJsonObject payload;
};

/// How a turn ended.
enum class TurnOutcome { Completed, Error, Interrupted };

struct ThreadTurnComplete
{
    static constexpr auto kType = "thread.turn.complete";
    CommandId commandId;
    ThreadId threadId;
    TurnId turnId;
    TurnOutcome outcome = TurnOutcome::Completed;
    std::optional<int> exitCode;
    std::optional<QString> error;
};

/// One file a turn changed, with its line counts (a binary file counts none). `kind` is
/// "added", "modified", "deleted", "renamed" or "typechange".
struct TurnDiffFile
{
    QString path;
    QString kind;
    int additions = 0;
    int deletions = 0;
    bool binary = false;

    friend bool operator==(const TurnDiffFile &, const TurnDiffFile &) = default;
};

/// Records a finished turn's checkpoint (issued by the CheckpointReactor): the ref of the
/// workspace snapshot after turn number `checkpointTurnCount` (1-based) and what the turn
/// changed. Allowed on archived threads: it records, it does not act.
struct ThreadTurnDiffComplete
{
    static constexpr auto kType = "thread.turn.diff.complete";
    CommandId commandId;
    ThreadId threadId;
    TurnId turnId;
    int checkpointTurnCount = 0;
    QString checkpointRef;
    QList<TurnDiffFile> files;
};

/// Reverts a thread to its checkpoint after turn `turnCount` (0: before its first turn): the
/// later turns, with their messages and activities, are removed, and the CheckpointReactor
/// restores the workspace's files. Refused while a turn runs.
struct ThreadCheckpointRevert
{
    static constexpr auto kType = "thread.checkpoint.revert";
    CommandId commandId;
    ThreadId threadId;
    int turnCount = 0;
};

/// Every orchestration command; visited exhaustively by the decider and the codec.
using Command
    = std::variant<ProjectCreate, ProjectMetaUpdate, ProjectDelete, ThreadCreate, ThreadMetaUpdate,
                   ThreadArchive, ThreadUnarchive, ThreadDelete, ThreadTurnStart,
                   ThreadTurnInterrupt, ThreadMessageAssistantDelta, ThreadMessageAssistantComplete,
                   ThreadMessageSystemAppend, ThreadActivityAppend, ThreadTurnComplete,
                   ThreadTurnDiffComplete, ThreadCheckpointRevert, WorkflowCreate, WorkflowImport,
                   WorkflowStart, WorkflowPause, WorkflowResume, WorkflowCancel, TaskAdd,
                   TaskDependencyDeclare, TaskCancel, TaskPromote, TaskLease, TaskLeaseHeartbeat,
                   TaskAttemptStart, TaskAttemptFinish, TaskRetrySchedule, TaskSucceed, TaskFail,
                   TaskUpstreamFail>;

/// The commandId every command carries.
[[nodiscard]] inline const CommandId &commandIdOf(const Command &command)
{
    return std::visit([](const auto &c) -> const CommandId & { return c.commandId; }, command);
}

/// The dotted wire name of a command, e.g. "thread.turn.start".
[[nodiscard]] inline QString commandTypeOf(const Command &command)
{
    return std::visit([](const auto &c) { return QString::fromLatin1(c.kType); }, command);
}

} // namespace backend

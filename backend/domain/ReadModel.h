#pragma once

#include "backend/domain/Events.h"
#include "backend/domain/Ids.h"
#include "backend/domain/Provider.h"
#include "backend/domain/WorkflowReadModel.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace backend {

/// The state of one turn, as far as decisions need it.
enum class TurnState { Running, Completed, Interrupted, Error };

/// One turn of a thread. Message bodies live in the store's projection tables, not here.
struct TurnView
{
    TurnId id;
    TurnState state = TurnState::Running;
    MessageId userMessageId;
    QDateTime startedAt;
    QDateTime completedAt;
    std::optional<int> exitCode;
    std::optional<QString> error;
    bool interruptRequested = false;

    friend bool operator==(const TurnView &, const TurnView &) = default;
};

/// A thread: its binding, status and turns (bounded by the number of turns, not messages).
struct ThreadView
{
    ThreadId id;
    ProjectId projectId;
    QString title;
    /// Unset: each turn runs with the project's defaultProvider as it is when the turn starts.
    std::optional<ProviderSpec> provider;
    std::optional<QString> branch;
    std::optional<QString> worktreePath;
    ThreadStatus status = ThreadStatus::Idle;
    bool archived = false;
    bool deleted = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    std::optional<TurnId> runningTurnId;
    std::optional<TurnId> latestTurnId;
    QHash<TurnId, TurnView> turns;
    QList<TurnId> turnOrder; ///< turns in the order they started
    QSet<MessageId> messageIds; ///< ids in use on this thread (user and assistant)
    /// The running turn's assistant messages (the turn each is in); dropped when a turn ends.
    QHash<MessageId, TurnId> assistantMessageTurns;
    qint64 messageCount = 0; ///< messages (a streamed message counts once)
    qint64 activityCount = 0;
    qint64 version = 0; ///< stream version of the last event applied

    [[nodiscard]] bool isLive() const { return !deleted; }
    friend bool operator==(const ThreadView &, const ThreadView &) = default;
};

/// A project: a workspace root on disk.
struct ProjectView
{
    ProjectId id;
    QString title;
    QString workspaceRoot;
    bool deleted = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 0;
    std::optional<ProviderSpec> defaultProvider = std::nullopt; ///< for threads naming none

    friend bool operator==(const ProjectView &, const ProjectView &) = default;
};

/// The engine's read model: everything `decide` needs, folded from the events by `project`.
/// Qt's implicitly shared containers make a copy a handful of reference-count increments, so
/// handing a snapshot to a reactor or the GUI is cheap. Deleted projects and threads stay
/// (flagged) because their ids remain taken.
struct ReadModel
{
    QHash<ProjectId, ProjectView> projects;
    QHash<ThreadId, ThreadView> threads;
    QHash<WorkflowId, WorkflowView> workflows;
    qint64 readySerial = 0; ///< promotions so far; stamps TaskView::readySerial (FIFO order)
    qint64 sequence = 0; ///< sequence of the last event folded in

    [[nodiscard]] const ProjectView *project(const ProjectId &id) const;
    [[nodiscard]] const ThreadView *thread(const ThreadId &id) const;
    [[nodiscard]] const WorkflowView *workflow(const WorkflowId &id) const;
    [[nodiscard]] const TaskView *task(const WorkflowId &workflow, const TaskId &id) const;
    /// The live project using this workspace root, if any.
    [[nodiscard]] const ProjectView *liveProjectAt(const QString &workspaceRoot) const;
    /// The provider a turn of this thread runs with now: its own, else its project's default;
    /// std::nullopt when neither is set.
    [[nodiscard]] std::optional<ProviderSpec> providerOf(const ThreadView &thread) const;
    /// Ids of the live (not deleted) threads of a project, in no particular order.
    [[nodiscard]] QList<ThreadId> liveThreadsOf(const ProjectId &projectId) const;
    /// The stream version of an aggregate ("project" | "thread" | "workflow" | "task"); 0 when
    /// it does not exist.
    [[nodiscard]] qint64 versionOf(const QString &aggregateKind, const QString &aggregateId) const;
    /// Records an aggregate's stream version; ignored when the aggregate does not exist.
    void setVersion(const QString &aggregateKind, const QString &aggregateId, qint64 version);

    friend bool operator==(const ReadModel &, const ReadModel &) = default;
};

} // namespace backend

#include "backend/domain/Projector.h"

#include "backend/domain/EventCodec.h"
#include "backend/domain/WorkflowProjector.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcProjector, "weft.projector", QtWarningMsg)

namespace backend {

namespace {

/// Applies `fn` to the thread the event names, when the model has it. Events of unknown
/// aggregates can only come from a damaged history; they are skipped rather than invented.
template<typename Fn>
void withThread(ReadModel &model, const ThreadId &id, const QDateTime &at, Fn &&fn)
{
    auto it = model.threads.find(id);
    if (it == model.threads.end())
        return;
    fn(*it);
    it->updatedAt = at;
}

template<typename Fn>
void withProject(ReadModel &model, const ProjectId &id, const QDateTime &at, Fn &&fn)
{
    auto it = model.projects.find(id);
    if (it == model.projects.end())
        return;
    fn(*it);
    it->updatedAt = at;
}

struct Fold
{
    ReadModel &model;
    const QDateTime &at;

    /// Workflow and task events (WorkflowProjector.cpp); an event without a fold fails to build.
    template<typename E>
    requires requires(ReadModel &m, const E &e, const QDateTime &t) { workflow::fold(m, e, t); }
    void operator()(const E &e) { workflow::fold(model, e, at); }

    void operator()(const ProjectCreated &e)
    {
        ProjectView p;
        p.id = e.projectId;
        p.title = e.title;
        p.workspaceRoot = e.workspaceRoot;
        p.defaultProvider = e.defaultProvider;
        p.createdAt = at;
        p.updatedAt = at;
        model.projects.insert(p.id, std::move(p));
    }
    void operator()(const ProjectMetaUpdated &e)
    {
        withProject(model, e.projectId, at, [&](ProjectView &p) {
            if (e.title)
                p.title = *e.title;
            if (e.workspaceRoot)
                p.workspaceRoot = *e.workspaceRoot;
            p.defaultProvider = providerAfter(p.defaultProvider, e.defaultProvider);
        });
    }
    void operator()(const ProjectDeleted &e)
    {
        withProject(model, e.projectId, at, [](ProjectView &p) { p.deleted = true; });
    }
    void operator()(const ThreadCreated &e)
    {
        ThreadView t;
        t.id = e.threadId;
        t.projectId = e.projectId;
        t.title = e.title;
        t.provider = e.provider;
        t.branch = e.branch;
        t.worktreePath = e.worktreePath;
        t.createdAt = at;
        t.updatedAt = at;
        model.threads.insert(t.id, std::move(t));
    }
    void operator()(const ThreadMetaUpdated &e)
    {
        withThread(model, e.threadId, at, [&](ThreadView &t) {
            if (e.title)
                t.title = *e.title;
            t.provider = providerAfter(t.provider, e.provider);
            if (e.branch)
                t.branch = *e.branch;
            if (e.worktreePath)
                t.worktreePath = *e.worktreePath;
        });
    }
    void operator()(const ThreadArchived &e)
    {
        withThread(model, e.threadId, at, [](ThreadView &t) { t.archived = true; });
    }
    void operator()(const ThreadUnarchived &e)
    {
        withThread(model, e.threadId, at, [](ThreadView &t) { t.archived = false; });
    }
    void operator()(const ThreadDeleted &e)
    {
        withThread(model, e.threadId, at, [](ThreadView &t) { t.deleted = true; });
    }
    void operator()(const ThreadMessageSent &e)
    {
        withThread(model, e.threadId, at, [&](ThreadView &t) {
            // A streamed message is one message however many deltas it takes.
            if (!t.messageIds.contains(e.messageId)) {
                t.messageIds.insert(e.messageId);
                ++t.messageCount;
                if (e.role == MessageRole::Assistant && e.turnId)
                    t.assistantMessageTurns.insert(e.messageId, *e.turnId);
            }
        });
    }
    void operator()(const ThreadTurnStarted &e)
    {
        withThread(model, e.threadId, at, [&](ThreadView &t) {
            TurnView turn;
            turn.id = e.turnId;
            turn.userMessageId = e.userMessageId;
            turn.startedAt = at;
            t.turns.insert(e.turnId, std::move(turn));
            t.turnOrder.append(e.turnId);
            t.runningTurnId = e.turnId;
            t.latestTurnId = e.turnId;
        });
    }
    void operator()(const ThreadStatusChanged &e)
    {
        withThread(model, e.threadId, at, [&](ThreadView &t) { t.status = e.status; });
    }
    void operator()(const ThreadTurnInterruptRequested &e)
    {
        withThread(model, e.threadId, at, [&](ThreadView &t) {
            if (auto turn = t.turns.find(e.turnId); turn != t.turns.end())
                turn->interruptRequested = true;
        });
    }
    void operator()(const ThreadActivityAppended &e)
    {
        withThread(model, e.threadId, at, [](ThreadView &t) { ++t.activityCount; });
    }
    void operator()(const ThreadTurnCompleted &e)
    {
        withThread(model, e.threadId, at, [&](ThreadView &t) {
            if (auto turn = t.turns.find(e.turnId); turn != t.turns.end()) {
                switch (e.outcome) {
                case TurnOutcome::Completed:
                    turn->state = TurnState::Completed;
                    break;
                case TurnOutcome::Error:
                    turn->state = TurnState::Error;
                    break;
                case TurnOutcome::Interrupted:
                    turn->state = TurnState::Interrupted;
                    break;
                }
                turn->completedAt = at;
                turn->exitCode = e.exitCode;
                turn->error = e.error;
            }
            if (t.runningTurnId == e.turnId)
                t.runningTurnId.reset();
            // Only the running turn's assistant messages take deltas; an ended turn's ids stay
            // taken through messageIds. Keeping their owners would grow the model (and every
            // start-up) with the history for no decision.
            for (auto it = t.assistantMessageTurns.begin(); it != t.assistantMessageTurns.end();)
                it = *it == e.turnId ? t.assistantMessageTurns.erase(it) : ++it;
        });
    }
    void operator()(const ThreadTurnDiffCompleted &e)
    {
        // The files live in the event (and the thread view's event stream); the model only
        // notes that the thread changed.
        withThread(model, e.threadId, at, [](ThreadView &) {});
    }
    void operator()(const ThreadReverted &e)
    {
        withThread(model, e.threadId, at, [&](ThreadView &t) {
            // The removed turns' ids stay in messageIds (ids remain taken, as for deleted
            // aggregates); their bodies leave the projection tables in the store.
            for (const TurnId &removed : e.removedTurnIds) {
                t.turns.remove(removed);
                t.turnOrder.removeAll(removed);
            }
            for (auto it = t.assistantMessageTurns.begin(); it != t.assistantMessageTurns.end();)
                it = e.removedTurnIds.contains(*it) ? t.assistantMessageTurns.erase(it) : ++it;
            t.latestTurnId
                = t.turnOrder.isEmpty() ? std::nullopt : std::optional<TurnId>(t.turnOrder.last());
        });
    }
};

} // namespace

void apply(ReadModel &model, const Event &event, const QDateTime &at)
{
    std::visit(Fold {model, at}, event);
}

bool project(ReadModel &model, const ReplayedEvent &event)
{
    auto decoded = decodeEventForFold(event.type, event.payload);
    if (!decoded) {
        if (decoded.error().code == CodecError::Code::Malformed)
            return false;
        qCWarning(lcProjector) << "skipping event" << event.sequence << event.type << ":"
                               << decoded.error().message;
    } else if (*decoded) {
        apply(model, **decoded, QDateTime::fromMSecsSinceEpoch(event.occurredAtMs, Qt::UTC));
    }
    model.setVersion(event.aggregateKind, event.aggregateId, event.streamVersion);
    model.sequence = event.sequence;
    return true;
}

void project(ReadModel &model, const StoredEvent &event)
{
    auto decoded = decodeEvent(event.type, event.payload);
    if (!decoded) {
        qCWarning(lcProjector) << "skipping event" << event.sequence << event.type << ":"
                               << decoded.error().message;
    } else if (*decoded) {
        apply(model, **decoded, event.occurredAt);
    }
    // Versions are envelope bookkeeping: even an event this build cannot read occupies its
    // place in the aggregate's stream.
    model.setVersion(event.aggregateKind, event.aggregateId, event.streamVersion);
    model.sequence = event.sequence;
}

} // namespace backend

#include "backend/checkpoints/CheckpointReactor.h"

#include "backend/domain/EventCodec.h"
#include "backend/git/CheckpointRefs.h"

#include <QCoro/QCoroFuture>
#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcCheckpoints, "weft.checkpoints", QtWarningMsg)

namespace backend {

namespace {

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

/// A job and the turn it belongs to (empty for thread-wide jobs).
struct Planned
{
    CheckpointJob job;
    TurnId turnId;
};

/// What `event` asks of the repository, read against the model as the event left it.
std::optional<Planned> plan(const StoredEvent &event, const ReadModel &model)
{
    using Kind = CheckpointJob::Kind;
    if (event.type == QLatin1String(ThreadTurnStarted::kType)
        || event.type == QLatin1String(ThreadTurnCompleted::kType)) {
        const bool starts = event.type == QLatin1String(ThreadTurnStarted::kType);
        ThreadId threadId;
        TurnId turnId;
        if (starts) {
            const auto started = decodeAs<ThreadTurnStarted>(event);
            if (!started)
                return std::nullopt;
            threadId = started->threadId;
            turnId = started->turnId;
        } else {
            const auto completed = decodeAs<ThreadTurnCompleted>(event);
            if (!completed)
                return std::nullopt;
            threadId = completed->threadId;
            turnId = completed->turnId;
        }
        if (isTaskThread(model, threadId))
            return std::nullopt;
        return Planned {CheckpointJob {starts ? Kind::Baseline : Kind::Checkpoint,
                                       workspaceOf(model, threadId), threadId.value,
                                       turnNumber(model, threadId, turnId)},
                        turnId};
    }
    if (event.type == QLatin1String(ThreadReverted::kType)) {
        const auto reverted = decodeAs<ThreadReverted>(event);
        if (!reverted)
            return std::nullopt;
        return Planned {CheckpointJob {Kind::Restore, workspaceOf(model, reverted->threadId),
                                       reverted->threadId.value, reverted->turnCount},
                        {}};
    }
    if (event.type == QLatin1String(ThreadDeleted::kType)) {
        const auto deleted = decodeAs<ThreadDeleted>(event);
        if (!deleted)
            return std::nullopt;
        return Planned {CheckpointJob {Kind::DropRefs, workspaceOf(model, deleted->threadId),
                                       deleted->threadId.value, -1},
                        {}};
    }
    return std::nullopt;
}

void dispatch(OrchestrationEngine &engine, const Command &command, const StoredEvent &cause)
{
    const DispatchResult result
        = engine.dispatch(command, DispatchContext {cause.eventId, cause.correlationId});
    if (!result)
        qCWarning(lcCheckpoints) << commandTypeOf(command)
                                 << "refused:" << result.error().message();
}

/// Dispatches what a finished job reported, answering `cause`.
void deliver(OrchestrationEngine &engine, const StoredEvent &cause, const Planned &planned,
             const CheckpointOutcome &outcome)
{
    const ThreadId threadId(planned.job.threadId);
    if (!outcome.warning.isEmpty())
        qCWarning(lcCheckpoints) << outcome.warning;
    if (outcome.activity)
        dispatch(engine,
                 ThreadActivityAppend {CommandId::generate(),
                                       threadId,
                                       planned.turnId,
                                       outcome.activity->tone,
                                       QStringLiteral("checkpoint"),
                                       outcome.activity->summary,
                                       {}},
                 cause);
    if (outcome.systemMessage)
        dispatch(engine,
                 ThreadMessageSystemAppend {CommandId::generate(), threadId, MessageId::generate(),
                                            std::nullopt, *outcome.systemMessage},
                 cause);
    if (outcome.diff)
        dispatch(engine,
                 ThreadTurnDiffComplete {
                     CommandId::generate(), threadId, planned.turnId, int(planned.job.turn),
                     git::checkpointRef(planned.job.threadId, planned.job.turn), *outcome.diff},
                 cause);
}

} // namespace

CheckpointReactor::CheckpointReactor()
    : CheckpointReactor(Options {})
{
}

CheckpointReactor::CheckpointReactor(Options options)
    : m_options(std::move(options))
{
    if (!m_options.queue)
        m_options.queue = std::make_shared<git::WorkspaceQueue>();
}

CheckpointReactor::~CheckpointReactor()
{
    // A ref half-written is worse than a slow exit: every queued job runs to its end.
    m_options.queue->waitForDone();
}

QString CheckpointReactor::unavailableNotice()
{
    return checkpointsUnavailableNotice();
}

QCoro::Task<> CheckpointReactor::settled()
{
    // A future rather than a signal: QCoro 0.8 resumes a signal's awaiter inside the emission.
    while (m_inFlight > 0) {
        if (!m_settled) {
            m_settled = std::make_shared<QPromise<void>>();
            m_settled->start();
        }
        const QFuture<void> done = m_settled->future();
        co_await done;
    }
}

QCoro::Task<> CheckpointReactor::onEvent(const StoredEvent &event, OrchestrationEngine &engine)
{
    std::optional<Planned> planned = plan(event, engine.readModel());
    if (!planned)
        co_return;
    const bool holds = planned->job.kind == CheckpointJob::Kind::Baseline && m_options.gate;
    // Held before this reaction first suspends, so the provider reactor, which sees the same
    // event after us, finds the hold and waits for the baseline.
    if (holds)
        m_options.gate->hold(planned->job.threadId, planned->turnId.value);
    ++m_inFlight;
    QPointer<OrchestrationEngine> target(&engine);
    const StoredEvent cause = event;
    // Named before it is awaited: g++ 12 corrupts the heap when a lambda with captures is a
    // temporary of the co_await expression itself.
    const QFuture<CheckpointOutcome> running = m_options.queue->run(
        planned->job.workspace, [job = planned->job, hook = m_options.beforeEachJob] {
            if (hook)
                hook();
            return runCheckpointJob(job);
        });
    const CheckpointOutcome outcome = co_await running;
    // `this` is still here: the engine's reaction holds the reactor until we return.
    if (target)
        deliver(*target, cause, *planned, outcome);
    else
        qCWarning(lcCheckpoints) << "the engine is gone; the results of" << cause.type
                                 << cause.eventId << "are dropped";
    if (holds)
        m_options.gate->release(planned->job.threadId, planned->turnId.value);
    if (--m_inFlight == 0 && m_settled)
        std::exchange(m_settled, nullptr)->finish();
}

} // namespace backend

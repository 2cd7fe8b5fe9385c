#include "backend/providers/ProviderReactor.h"

#include "backend/domain/EventCodec.h"
#include "backend/providers/ProviderFactory.h"

#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcProviders, "weft.providers", QtWarningMsg)

namespace backend {

namespace {

CommandId freshCommandId()
{
    return CommandId::generate();
}

/// Drops a session that may be emitting right now (we can be deep inside its turnEnded, via
/// the engine's reactions): the event loop deletes it. Such a session has no process left.
void discard(std::unique_ptr<ProviderSession> session)
{
    if (!session)
        return;
    session->disconnect();
    session.release()->deleteLater();
}

} // namespace

ProviderReactor::ProviderReactor()
    : ProviderReactor(Options {})
{
}

ProviderReactor::ProviderReactor(Options options)
    : m_options(std::move(options))
{
}

ProviderReactor::~ProviderReactor()
{
    // Sessions die here, not from inside their own signals: deleting them kills their
    // processes. The turns stay `running` in the store; the next start reconciles them.
    for (auto &[threadId, entry] : m_sessions) {
        if (entry.session)
            entry.session->disconnect();
    }
    m_sessions.clear();
}

QString ProviderReactor::restartNotice()
{
    return QStringLiteral("Weft restarted while this turn was running; it was interrupted.");
}

QString ProviderReactor::noProviderMessage()
{
    return QStringLiteral("no provider: set one on the thread or a default on the project");
}

int ProviderReactor::liveTurnCount() const
{
    int count = 0;
    for (const auto &[threadId, entry] : m_sessions)
        count += entry.turn ? 1 : 0;
    return count;
}

QCoro::Task<> ProviderReactor::onStart(OrchestrationEngine &engine)
{
    m_engine = &engine;
    const ReadModel model = engine.readModel();
    const DispatchContext context {QString(), freshCommandId().value};
    for (const ThreadView &thread : std::as_const(model.threads)) {
        if (!thread.runningTurnId || thread.deleted)
            continue; // a deleted thread takes no commands; its turn is moot
        if (isTaskProvider(thread.provider))
            continue; // the scheduler's recovery settles task attempts
        const auto live = m_sessions.find(thread.id.value);
        if (live != m_sessions.end() && live->second.turn
            && live->second.turn->turnId == *thread.runningTurnId)
            continue;
        const TurnId turnId = *thread.runningTurnId;
        qCInfo(lcProviders) << "reconciling turn" << turnId.value << "of thread" << thread.id.value
                            << "left running by an earlier run";
        dispatch(ThreadMessageSystemAppend {freshCommandId(), thread.id,
                                            MessageId(turnId.value + QStringLiteral(":restarted")),
                                            turnId, restartNotice()},
                 context);
        dispatch(ThreadTurnComplete {freshCommandId(), thread.id, turnId, TurnOutcome::Interrupted,
                                     std::nullopt,
                                     QStringLiteral("Weft restarted while the turn was running")},
                 context);
    }
    co_return;
}

QCoro::Task<> ProviderReactor::onEvent(const StoredEvent &event, OrchestrationEngine &engine)
{
    m_engine = &engine;
    // Assistant deltas are most of the events of a turn and can be megabytes each: only user
    // messages matter here, so do not decode (copy) the others. The fold's decoder reads the
    // role from the stored text without the message's text.
    if (event.type == QLatin1String(ThreadMessageSent::kType)) {
        const auto folded = decodeEventForFold(event.type, event.payload.json());
        const auto *sent = folded && *folded ? std::get_if<ThreadMessageSent>(&**folded) : nullptr;
        if (!sent || sent->role != MessageRole::User)
            co_return;
    }
    auto decoded = decodeEvent(event.type, event.payload);
    if (!decoded || !*decoded)
        co_return;
    const Event &e = **decoded;
    if (const auto *sent = std::get_if<ThreadMessageSent>(&e)) {
        if (sent->role == MessageRole::User)
            m_userTexts.insert(sent->messageId.value, sent->text);
    } else if (const auto *started = std::get_if<ThreadTurnStarted>(&e)) {
        const std::shared_ptr<TurnGate> gate = m_options.turnGate;
        if (gate && gate->isHeld(started->threadId.value, started->turnId.value)) {
            const StoredEvent cause = event;
            const ThreadTurnStarted turn = *started;
            co_await gate->opened(turn.threadId.value, turn.turnId.value);
            // The engine's reaction keeps `this`; the engine itself may be gone, and the turn
            // may have been interrupted or its thread deleted meanwhile (startTurn checks).
            if (m_engine)
                startTurn(cause, turn.threadId, turn.turnId, turn.userMessageId);
            co_return;
        }
        startTurn(event, started->threadId, started->turnId, started->userMessageId);
    } else if (const auto *interrupt = std::get_if<ThreadTurnInterruptRequested>(&e)) {
        interruptTurn(event, interrupt->threadId, interrupt->turnId);
    } else if (const auto *completed = std::get_if<ThreadTurnCompleted>(&e)) {
        // Completed by someone else (by hand, say) while our process runs: stop the process.
        const auto it = m_sessions.find(completed->threadId.value);
        if (it != m_sessions.end() && it->second.turn
            && it->second.turn->turnId == completed->turnId && it->second.session)
            it->second.session->interrupt();
    } else if (const auto *archived = std::get_if<ThreadArchived>(&e)) {
        stopSession(archived->threadId);
    } else if (const auto *deleted = std::get_if<ThreadDeleted>(&e)) {
        stopSession(deleted->threadId);
    }
    co_return;
}

void ProviderReactor::startTurn(const StoredEvent &event, const ThreadId &threadId,
                                const TurnId &turnId, const MessageId &userMessageId)
{
    const DispatchContext context {event.eventId, event.correlationId};
    const std::optional<QString> text = userText(threadId, userMessageId, event.sequence);
    const ReadModel model = m_engine->readModel();
    const ThreadView *thread = model.thread(threadId);
    if (!thread || thread->deleted || thread->runningTurnId != turnId)
        return; // settled already (a later command, or while the gate held it): nothing to run
    if (isTaskProvider(thread->provider))
        return; // a task attempt: the scheduler runs it
    if (!text) {
        failTurn(threadId, turnId, context,
                 QStringLiteral("cannot find the message of turn %1").arg(turnId.value));
        return;
    }
    // Resolved per turn, so a project default changed between turns applies from the next one.
    const std::optional<ProviderSpec> spec = model.providerOf(*thread);
    if (!spec) {
        failTurn(threadId, turnId, context, noProviderMessage());
        return;
    }

    QString workingDirectory = thread->worktreePath.value_or(QString());
    if (workingDirectory.isEmpty()) {
        if (const ProjectView *project = model.project(thread->projectId))
            workingDirectory = project->workspaceRoot;
    }
    if (workingDirectory.isEmpty() || !QFileInfo(workingDirectory).isDir()) {
        failTurn(threadId, turnId, context,
                 QStringLiteral("working directory does not exist: %1").arg(workingDirectory));
        return;
    }

    QString error;
    ProviderSession *session = sessionFor(threadId, *spec, &error);
    if (!session) {
        failTurn(threadId, turnId, context, error);
        return;
    }
    ThreadSession &entry = m_sessions.at(threadId.value);
    entry.turn
        = LiveTurn {turnId, MessageId(turnId.value + QStringLiteral(":assistant")), context, false};
    qCDebug(lcProviders) << "starting turn" << turnId.value << "of thread" << threadId.value << "in"
                         << workingDirectory;
    // The end may be reported before startTurn() returns (a command that is not found).
    if (!session->startTurn({threadId.value, turnId.value, *text, workingDirectory})) {
        entry.turn.reset();
        failTurn(threadId, turnId, context,
                 QStringLiteral("the provider session is busy with another turn"));
    }
}

void ProviderReactor::interruptTurn(const StoredEvent &event, const ThreadId &threadId,
                                    const TurnId &turnId)
{
    const DispatchContext context {event.eventId, event.correlationId};
    const auto it = m_sessions.find(threadId.value);
    if (it != m_sessions.end() && it->second.turn && it->second.turn->turnId == turnId) {
        it->second.turn->context = context; // the completion answers the interrupt request
        it->second.session->interrupt();
        return;
    }
    // No process of ours runs this turn: settle it now, or it would stay running forever.
    const ReadModel model = m_engine->readModel();
    const ThreadView *thread = model.thread(threadId);
    if (thread && thread->runningTurnId == turnId && !isTaskProvider(thread->provider))
        dispatch(ThreadTurnComplete {freshCommandId(), threadId, turnId, TurnOutcome::Interrupted,
                                     std::nullopt, std::nullopt},
                 context);
}

void ProviderReactor::stopSession(const ThreadId &threadId)
{
    const auto it = m_sessions.find(threadId.value);
    if (it == m_sessions.end())
        return;
    if (!it->second.turn) {
        discard(std::move(it->second.session));
        m_sessions.erase(it);
        return;
    }
    it->second.closing = true;
    it->second.session->stop();
}

ProviderSession *ProviderReactor::sessionFor(const ThreadId &threadId, const ProviderSpec &spec,
                                             QString *error)
{
    auto it = m_sessions.find(threadId.value);
    if (it != m_sessions.end() && it->second.session && it->second.spec == spec
        && !it->second.closing)
        return it->second.session.get();
    if (it != m_sessions.end() && it->second.turn) {
        *error = QStringLiteral("the previous turn of this thread is still stopping");
        return nullptr;
    }

    auto provider = makeProvider(spec, m_options.presets, m_options.run);
    if (!provider) {
        *error = provider.error().message;
        return nullptr;
    }
    std::unique_ptr<ProviderSession> session = (*provider)->startSession(threadId.value);
    ProviderSession *raw = session.get();
    // The reactor owns the session, so `this` outlives every connection made here.
    QObject::connect(raw, &ProviderSession::assistantText, raw,
                     [this, threadId](const QString &text) { onAssistantText(threadId, text); });
    QObject::connect(
        raw, &ProviderSession::activity, raw,
        [this, threadId](const ProviderActivity &activity) { onActivity(threadId, activity); });
    QObject::connect(raw, &ProviderSession::turnEnded, raw,
                     [this, threadId](const TurnResult &result) { onTurnEnded(threadId, result); });
    if (it != m_sessions.end())
        discard(std::move(it->second.session)); // the thread's provider changed
    m_sessions[threadId.value] = ThreadSession {spec, std::move(session), std::nullopt, false};
    return raw;
}

std::optional<QString> ProviderReactor::userText(const ThreadId &threadId,
                                                 const MessageId &messageId, qint64 beforeSequence)
{
    if (auto it = m_userTexts.constFind(messageId.value); it != m_userTexts.cend()) {
        QString text = *it;
        m_userTexts.erase(it);
        return text;
    }
    // Not seen live (the reactor joined late): the projection has it.
    auto rows = m_engine->store().messages(threadId.value, 0, 1, beforeSequence);
    if (rows && !rows->isEmpty() && rows->constLast().messageId == messageId.value)
        return rows->constLast().text;
    return std::nullopt;
}

void ProviderReactor::failTurn(const ThreadId &threadId, const TurnId &turnId,
                               const DispatchContext &context, const QString &message)
{
    qCWarning(lcProviders) << "turn" << turnId.value << "of thread" << threadId.value
                           << "cannot run:" << message;
    dispatch(ThreadActivityAppend {freshCommandId(),
                                   threadId,
                                   turnId,
                                   ActivityTone::Error,
                                   QStringLiteral("provider.error"),
                                   message,
                                   {}},
             context);
    dispatch(ThreadTurnComplete {freshCommandId(), threadId, turnId, TurnOutcome::Error,
                                 std::nullopt, message},
             context);
}

void ProviderReactor::onAssistantText(const ThreadId &threadId, const QString &text)
{
    const auto it = m_sessions.find(threadId.value);
    if (it == m_sessions.end() || !it->second.turn || text.isEmpty())
        return;
    LiveTurn &turn = *it->second.turn;
    turn.wroteText = true;
    dispatch(ThreadMessageAssistantDelta {freshCommandId(), threadId, turn.assistantMessageId,
                                          turn.turnId, text},
             turn.context);
}

void ProviderReactor::onActivity(const ThreadId &threadId, const ProviderActivity &activity)
{
    const auto it = m_sessions.find(threadId.value);
    if (it == m_sessions.end() || !it->second.turn)
        return;
    const LiveTurn &turn = *it->second.turn;
    dispatch(ThreadActivityAppend {freshCommandId(),
                                   threadId,
                                   turn.turnId,
                                   activity.tone,
                                   activity.kind,
                                   activity.summary,
                                   {}},
             turn.context);
}

void ProviderReactor::onTurnEnded(const ThreadId &threadId, const TurnResult &result)
{
    const auto it = m_sessions.find(threadId.value);
    if (it == m_sessions.end() || !it->second.turn)
        return;
    const LiveTurn turn = *std::exchange(it->second.turn, std::nullopt);
    if (it->second.closing) {
        discard(std::move(it->second.session)); // we are inside its signal
        m_sessions.erase(it);
    }
    if (turn.wroteText)
        dispatch(ThreadMessageAssistantComplete {freshCommandId(), threadId,
                                                 turn.assistantMessageId, turn.turnId},
                 turn.context);
    dispatch(ThreadTurnComplete {freshCommandId(), threadId, turn.turnId, result.outcome,
                                 result.exitCode, result.error},
             turn.context);
}

bool ProviderReactor::dispatch(const Command &command, DispatchContext context)
{
    if (!m_engine) {
        qCWarning(lcProviders) << "no engine to dispatch" << commandTypeOf(command);
        return false;
    }
    const DispatchResult result = m_engine->dispatch(command, context);
    if (!result) {
        qCWarning(lcProviders) << commandTypeOf(command) << "refused:" << result.error().code()
                               << result.error().message();
        return false;
    }
    return true;
}

} // namespace backend

#pragma once

#include "backend/domain/Provider.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/engine/Reactor.h"
#include "backend/engine/TurnGate.h"
#include "backend/providers/Provider.h"
#include "backend/providers/ProviderPresets.h"

#include <QHash>
#include <QPointer>

#include <map>
#include <memory>
#include <optional>

namespace backend {

/// Runs turns for real. On `thread.turn-started` it opens (or reuses) the thread's provider
/// session — the thread's own provider, else its project's default as it is at that moment —
/// and starts the turn in the thread's worktree (or the project's root); the output
/// comes back as assistant deltas (batched), stderr lines as activities, and the end as
/// `thread.turn.complete`. `thread.turn-interrupt-requested` interrupts (SIGINT → SIGTERM →
/// SIGKILL, so it always settles); `thread.archived` / `thread.deleted` stop the session.
///
/// With a TurnGate the start waits until the gate opens the turn (the checkpoint reactor holds
/// it while the baseline is taken); the turn is then started only if it is still the thread's
/// running turn, and an interrupt during the wait settles it at once (no process to stop).
///
/// On start it reconciles: a turn the replayed model shows running has no process behind it
/// (Weft was not running), so it is completed as interrupted with a system message.
///
/// Every follow-up command carries the causing event as causation. A follow-up the rules
/// refuse (say, the turn was completed by hand meanwhile) is logged ("weft.providers") and
/// the reactor carries on. Lives on the backend thread; destroying it kills live processes
/// (their turns are reconciled on the next start).
class ProviderReactor final : public Reactor
{
public:
    struct Options
    {
        ProviderPresets presets = ProviderPresets::builtIns();
        ProviderRunOptions run;
        /// The turn's process starts once the gate opens the turn (after its baseline
        /// checkpoint); nullptr: at once.
        std::shared_ptr<TurnGate> turnGate;
    };

    ProviderReactor();
    explicit ProviderReactor(Options options);
    ~ProviderReactor() override;
    ProviderReactor(const ProviderReactor &) = delete;
    ProviderReactor &operator=(const ProviderReactor &) = delete;

    [[nodiscard]] QString name() const override { return QStringLiteral("provider"); }
    QCoro::Task<> onStart(OrchestrationEngine &engine) override;
    QCoro::Task<> onEvent(const StoredEvent &event, OrchestrationEngine &engine) override;

    /// Turns with a live process (or one being stopped) right now.
    [[nodiscard]] int liveTurnCount() const;

    /// The message Weft leaves on a turn it found running at start-up.
    static QString restartNotice();
    /// The error of a turn whose thread names no provider in a project without a default.
    static QString noProviderMessage();

private:
    struct LiveTurn
    {
        TurnId turnId;
        MessageId assistantMessageId;
        DispatchContext context; ///< the event the follow-ups answer to
        bool wroteText = false;
    };
    struct ThreadSession
    {
        ProviderSpec spec;
        std::unique_ptr<ProviderSession> session;
        std::optional<LiveTurn> turn;
        bool closing = false; ///< stopped: dropped once its turn has ended
    };

    void startTurn(const StoredEvent &event, const ThreadId &threadId, const TurnId &turnId,
                   const MessageId &userMessageId);
    void interruptTurn(const StoredEvent &event, const ThreadId &threadId, const TurnId &turnId);
    void stopSession(const ThreadId &threadId);
    ProviderSession *sessionFor(const ThreadId &threadId, const ProviderSpec &spec, QString *error);
    std::optional<QString> userText(const ThreadId &threadId, const MessageId &messageId,
                                    qint64 beforeSequence);
    void failTurn(const ThreadId &threadId, const TurnId &turnId, const DispatchContext &context,
                  const QString &message);

    void onAssistantText(const ThreadId &threadId, const QString &text);
    void onActivity(const ThreadId &threadId, const ProviderActivity &activity);
    void onTurnEnded(const ThreadId &threadId, const TurnResult &result);

    /// By value: a reaction inside dispatch() may drop the session the context came from.
    bool dispatch(const Command &command, DispatchContext context);

    Options m_options;
    QPointer<OrchestrationEngine> m_engine;
    std::map<QString, ThreadSession> m_sessions; ///< by thread id
    QHash<QString, QString> m_userTexts; ///< user message id → text, until its turn
};

} // namespace backend

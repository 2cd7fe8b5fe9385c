#pragma once

#include "backend/domain/Commands.h"
#include "backend/domain/ReadModel.h"
#include "backend/domain/StoredEvent.h"
#include "backend/engine/Clock.h"
#include "backend/engine/EngineError.h"
#include "backend/engine/Reactor.h"
#include "backend/store/EventStore.h"

#include <QList>
#include <QObject>

#include <deque>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace backend {

/// Causal context of a dispatch: set when a reactor issues a command because of an event.
struct DispatchContext
{
    QString causationEventId;
    QString correlationId; ///< empty: the command starts its own chain (its commandId)
    /// The caller made the commandId just now (CommandId::generate()) and never dispatched it
    /// before, so no receipt can exist and the engine skips looking one up. A false claim is
    /// caught by the store: the events' ids are unique, so the commit is refused.
    bool freshCommandId = false;
};

/// A command waiting in a group commit, with its context.
struct PendingCommand
{
    Command command;
    DispatchContext context;
};

using DispatchResult = std::expected<QList<StoredEvent>, EngineError>;

/// The event-sourced core: decides commands against the read model, stores their events in
/// one transaction, folds them in, broadcasts them and hands them to the reactors.
/// Lives on, and is used from, one thread (the backend thread); `readModel()` may be called
/// from any thread.
class OrchestrationEngine : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        qint64 snapshotInterval = 10'000; ///< save a snapshot every this many events (0: never)
        const Clock *clock = nullptr; ///< nullptr: the system clock
    };

    /// Takes the store and rebuilds the read model from it (newest usable snapshot, then the
    /// tail of events) before it returns.
    static std::expected<std::unique_ptr<OrchestrationEngine>, PersistenceError>
    create(std::unique_ptr<EventStore> store, Options options);
    static std::expected<std::unique_ptr<OrchestrationEngine>, PersistenceError>
    create(std::unique_ptr<EventStore> store)
    {
        return create(std::move(store), Options {});
    }
    ~OrchestrationEngine() override;

    /// Runs one command through decide → append → fold → broadcast → reactors. The same
    /// commandId again returns the first outcome and stores nothing.
    DispatchResult dispatch(const Command &command, const DispatchContext &context = {});

    /// Group commit: decides each command in order against the model as the earlier ones left
    /// it and stores all accepted commands' events in one transaction. Each command stays
    /// atomic; a rejected one changes nothing for the others. One result per command.
    QList<DispatchResult> dispatchBatch(const QList<PendingCommand> &commands);

    /// Commands that follow from a group's effects: called once the group's commands are
    /// decided and folded, with the model as they left it and the events they decided (not
    /// stored yet, no sequence). Runs under the model's lock: it must not call readModel().
    using FollowUp = std::function<QList<PendingCommand>(const ReadModel &model,
                                                         const QList<StoredEvent> &decided)>;
    /// dispatchBatch(commands), then the commands `followUp` returns, decided against the model
    /// as the first ones left it — all stored in one transaction. One result per command: the
    /// first group's, then the follow-up's.
    QList<DispatchResult> dispatchBatch(const QList<PendingCommand> &commands,
                                        const FollowUp &followUp);

    /// A snapshot of the read model (cheap: implicitly shared).
    [[nodiscard]] ReadModel readModel() const;

    /// Registers a reactor; it receives every event stored from now on.
    void addReactor(std::shared_ptr<Reactor> reactor);

    /// True while reactions are queued or a reactor coroutine is suspended.
    [[nodiscard]] bool reactorsBusy() const { return m_draining || m_inFlightReactions > 0; }

    /// The store, for read-only queries on the backend thread (messages, events).
    [[nodiscard]] EventStore &store() { return *m_store; }

Q_SIGNALS:
    /// Every stored event, in sequence order, after it is folded into the read model.
    void eventStored(const backend::StoredEvent &event);
    /// A reactor threw while handling an event; the engine carried on.
    void reactorFailed(const QString &reactor, const QString &eventId, const QString &message);
    /// Reactors have nothing queued or in flight.
    void reactorsIdle();

private:
    OrchestrationEngine(std::unique_ptr<EventStore> store, Options options);
    /// Newest usable snapshot plus the tail of events; touches no member but the snapshot mark.
    std::expected<ReadModel, PersistenceError> loadModel();
    void react(const QList<StoredEvent> &events);
    void drainReactions();
    QCoro::Task<> runReaction(std::shared_ptr<Reactor> reactor, StoredEvent event);

    std::unique_ptr<EventStore> m_store;
    Options m_options;
    const Clock *m_clock;
    mutable std::mutex m_modelMutex;
    ReadModel m_model;
    qint64 m_lastSnapshotSequence = 0;
    std::vector<std::shared_ptr<Reactor>> m_reactors;
    std::deque<StoredEvent> m_reactions;
    bool m_draining = false;
    int m_inFlightReactions = 0;
};

} // namespace backend

#include "backend/engine/OrchestrationEngine.h"

#include "backend/domain/Decider.h"
#include "backend/domain/EventCodec.h"
#include "backend/domain/Projector.h"
#include "backend/domain/ReadModelCodec.h"
#include "backend/store/EventStore.h"

#include <QHash>
#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcEngine, "weft.engine", QtWarningMsg)

namespace backend {

OrchestrationEngine::OrchestrationEngine(std::unique_ptr<EventStore> store, Options options)
    : m_store(std::move(store))
    , m_options(options)
    , m_clock(options.clock ? options.clock : &SystemClock::instance())
{
}

OrchestrationEngine::~OrchestrationEngine() = default;

std::expected<std::unique_ptr<OrchestrationEngine>, PersistenceError>
OrchestrationEngine::create(std::unique_ptr<EventStore> store, Options options)
{
    std::unique_ptr<OrchestrationEngine> engine(new OrchestrationEngine(std::move(store), options));
    auto model = engine->loadModel();
    if (!model)
        return std::unexpected(model.error());
    engine->m_model = std::move(*model);
    return engine;
}

std::expected<ReadModel, PersistenceError> OrchestrationEngine::loadModel()
{
    ReadModel model;
    m_lastSnapshotSequence = 0;
    auto snapshot = m_store->latestSnapshot(kReadModelVersion);
    if (!snapshot)
        return std::unexpected(snapshot.error());
    if (*snapshot) {
        if (auto decoded = decodeSnapshot((*snapshot)->data)) {
            model = std::move(*decoded);
            model.sequence = (*snapshot)->sequence;
            m_lastSnapshotSequence = (*snapshot)->sequence;
        } else {
            // A damaged snapshot costs time, not correctness: the events are the truth.
            qCWarning(lcEngine) << "ignoring unreadable snapshot at" << (*snapshot)->sequence << ":"
                                << decoded.error().message;
        }
    }
    qint64 damaged = 0;
    auto replayed = m_store->replay(model.sequence, [&model, &damaged](const ReplayedEvent &event) {
        if (project(model, event))
            return true;
        damaged = event.sequence;
        return false;
    });
    if (!replayed)
        return std::unexpected(replayed.error());
    if (damaged != 0) {
        return std::unexpected(PersistenceError {
            PersistenceError::Code::Corrupt,
            QStringLiteral("database %1: the payload of event %2 is not a JSON object")
                .arg(m_store->path())
                .arg(damaged)});
    }
    return model;
}

ReadModel OrchestrationEngine::readModel() const
{
    std::lock_guard lock(m_modelMutex);
    return m_model;
}

void OrchestrationEngine::addReactor(std::shared_ptr<Reactor> reactor)
{
    m_reactors.push_back(std::move(reactor));
}

DispatchResult OrchestrationEngine::dispatch(const Command &command, const DispatchContext &context)
{
    return dispatchBatch({PendingCommand {command, context}}).constFirst();
}

QList<DispatchResult> OrchestrationEngine::dispatchBatch(const QList<PendingCommand> &commands)
{
    return dispatchBatch(commands, {});
}

QList<DispatchResult> OrchestrationEngine::dispatchBatch(const QList<PendingCommand> &first,
                                                         const FollowUp &followUp)
{
    QList<DispatchResult> results;
    results.reserve(first.size());
    QList<PendingCommand> followed; // the follow-up's commands, numbered after `first`'s
    const auto commandAt = [&](qsizetype i) -> const PendingCommand & {
        return i < first.size() ? first.at(i) : followed.at(i - first.size());
    };
    QList<QString> commandIds; // of every command so far, by its number
    commandIds.reserve(first.size());
    QList<CommitEntry> entries;
    QList<qsizetype> entryOwner; // number of each accepted entry's command, -1 if rejected
    QHash<QString, qsizetype> firstInBatch; // a commandId repeated inside one batch
    QList<std::pair<qsizetype, qsizetype>> repeats;
    QList<StoredEvent> stored;
    bool modelTouched = false;

    {
        std::lock_guard lock(m_modelMutex);
        const QDateTime at = m_clock->now();

        // Decides the commands numbered [from, end) against the model as the earlier ones left
        // it.
        const auto decideFrom = [&](qsizetype from, qsizetype end) {
            // Every receipt of the group in one query; a commandId repeated inside the batch is
            // answered by its first occurrence. Fresh ids have none to look up.
            QList<QString> lookup;
            for (qsizetype i = from; i < end; ++i) {
                const PendingCommand &pending = commandAt(i);
                commandIds.append(commandIdOf(pending.command).value);
                const QString &commandId = commandIds.constLast();
                if (!firstInBatch.contains(commandId)) {
                    firstInBatch.insert(commandId, i);
                    if (!pending.context.freshCommandId)
                        lookup.append(commandId);
                }
            }
            const auto known = lookup.isEmpty() ? decltype(m_store->receipts(lookup)) {}
                                                : m_store->receipts(lookup);

            for (qsizetype i = from; i < end; ++i) {
                const PendingCommand &pending = commandAt(i);
                const QString &commandId = commandIds.at(i);
                results.append(std::unexpected(EngineError {DeciderError {
                    DeciderError::Code::InvalidCommand, QStringLiteral("not dispatched")}}));

                if (const qsizetype firstAt = firstInBatch.value(commandId); firstAt != i) {
                    repeats.append({i, firstAt});
                    continue;
                }
                if (!known) {
                    results[i] = std::unexpected(EngineError {known.error()});
                    continue;
                }
                if (const auto r = known->constFind(commandId); r != known->cend()) {
                    if (!r->accepted) {
                        results[i] = std::unexpected(EngineError {DeciderError {
                            DeciderError::codeFromName(r->errorCode), r->errorMessage}});
                    } else if (auto events
                               = m_store->readRange(r->firstSequence, r->lastSequence)) {
                        results[i] = *events;
                    } else {
                        results[i] = std::unexpected(EngineError {events.error()});
                    }
                    continue;
                }

                auto decided = decide(pending.command, m_model);
                if (!decided) {
                    results[i] = std::unexpected(EngineError {decided.error()});
                    entries.append(CommitEntry {
                        commandId, {}, true, decided.error().codeName(), decided.error().message});
                    entryOwner.append(-1);
                    continue;
                }

                // Fold as we stamp: the next event's stream version, and the next command's
                // decision, must see this one.
                CommitEntry entry {commandId, {}, false, {}, {}};
                entry.events.reserve(decided->size());
                const QString correlationId = pending.context.correlationId.isEmpty()
                    ? commandId
                    : pending.context.correlationId;
                for (const Event &event : std::as_const(*decided)) {
                    const AggregateRef aggregate = aggregateOf(event);
                    StoredEvent stamped;
                    // The store names the events of a command after it (EventStore::eventIdFor).
                    if (commandId.isEmpty())
                        stamped.eventId = EventId::generate().value;
                    stamped.aggregateKind = aggregate.kind;
                    stamped.aggregateId = aggregate.id;
                    stamped.streamVersion = m_model.versionOf(aggregate.kind, aggregate.id) + 1;
                    stamped.type = eventTypeOf(event);
                    stamped.payload = EventPayload::fromJson(encodeEventPayloadJson(event));
                    stamped.occurredAt = at;
                    stamped.commandId = commandId;
                    stamped.causationEventId = pending.context.causationEventId;
                    stamped.correlationId = correlationId;
                    apply(m_model, event, at);
                    m_model.setVersion(aggregate.kind, aggregate.id, stamped.streamVersion);
                    entry.events.append(std::move(stamped));
                }
                modelTouched = true;
                entries.append(std::move(entry));
                entryOwner.append(i);
            }
        };

        decideFrom(0, first.size());
        if (followUp) {
            QList<StoredEvent> decided;
            for (const CommitEntry &entry : std::as_const(entries))
                decided.append(entry.events);
            followed = followUp(m_model, decided);
            results.reserve(first.size() + followed.size());
            decideFrom(first.size(), first.size() + followed.size());
        }

        if (!entryOwner.isEmpty()) {
            auto committed = m_store->commit(std::move(entries));
            if (!committed) {
                qCWarning(lcEngine) << "commit failed:" << committed.error().message;
                for (const qsizetype owner : std::as_const(entryOwner)) {
                    if (owner >= 0)
                        results[owner] = std::unexpected(EngineError {committed.error()});
                }
                // The model already holds the lost commands' effects; the store is the truth.
                if (modelTouched) {
                    if (auto rebuilt = loadModel())
                        m_model = std::move(*rebuilt);
                    else
                        qCCritical(lcEngine)
                            << "cannot rebuild the read model:" << rebuilt.error().message;
                }
            } else {
                for (qsizetype k = 0; k < entryOwner.size(); ++k) {
                    if (entryOwner.at(k) < 0)
                        continue;
                    results[entryOwner.at(k)] = committed->at(k);
                    stored.append(committed->at(k));
                }
                if (!stored.isEmpty())
                    m_model.sequence = stored.constLast().sequence;
            }
        }
        for (const auto &[repeat, firstAt] : std::as_const(repeats))
            results[repeat] = results.at(firstAt);
    }

    if (stored.isEmpty())
        return results;

    if (m_options.snapshotInterval > 0
        && m_model.sequence - m_lastSnapshotSequence >= m_options.snapshotInterval) {
        const ReadModel model = readModel();
        if (auto saved
            = m_store->saveSnapshot({model.sequence, kReadModelVersion, encodeSnapshot(model)})) {
            m_lastSnapshotSequence = model.sequence;
        } else {
            qCWarning(lcEngine) << "snapshot not saved:" << saved.error().message;
        }
    }

    for (const StoredEvent &event : std::as_const(stored))
        Q_EMIT eventStored(event);
    react(stored);
    return results;
}

void OrchestrationEngine::react(const QList<StoredEvent> &events)
{
    if (m_reactors.empty())
        return;
    m_reactions.insert(m_reactions.end(), events.cbegin(), events.cend());
    drainReactions();
}

void OrchestrationEngine::drainReactions()
{
    // Reactors dispatch follow-ups from inside onEvent; those land in the queue and are handled
    // by this loop, breadth first, instead of recursing.
    if (m_draining)
        return;
    m_draining = true;
    while (!m_reactions.empty()) {
        const StoredEvent event = std::move(m_reactions.front());
        m_reactions.pop_front();
        const auto reactors = m_reactors;
        for (const auto &reactor : reactors)
            runReaction(reactor, event);
    }
    m_draining = false;
    if (m_inFlightReactions == 0)
        Q_EMIT reactorsIdle();
}

QCoro::Task<> OrchestrationEngine::runReaction(std::shared_ptr<Reactor> reactor, StoredEvent event)
{
    QPointer<OrchestrationEngine> self(this);
    ++m_inFlightReactions;
    QString failure;
    try {
        co_await reactor->onEvent(event, *this);
    } catch (const std::exception &e) {
        failure = QString::fromUtf8(e.what());
    } catch (...) {
        failure = QStringLiteral("unknown error");
    }
    if (!self)
        co_return;
    --m_inFlightReactions;
    if (!failure.isEmpty()) {
        qCWarning(lcEngine) << "reactor" << reactor->name() << "failed on" << event.type
                            << event.eventId << ":" << failure;
        Q_EMIT reactorFailed(reactor->name(), event.eventId, failure);
    }
    if (!m_draining && m_inFlightReactions == 0)
        Q_EMIT reactorsIdle();
}

} // namespace backend

// Behaviour of the orchestration engine on a real store in a temporary directory.

#include "backend/domain/Projector.h"
#include "backend/domain/ReadModelCodec.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/store/EventStore.h"
#include "tests/support/Commands.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;
using namespace testing;

namespace {

/// Records every event; on a turn start it streams one assistant delta as a follow-up.
class EchoReactor final : public Reactor
{
public:
    QList<StoredEvent> seen;
    QList<StoredEvent> followUps;

    QString name() const override { return QStringLiteral("echo"); }
    QCoro::Task<> onEvent(const StoredEvent &event, OrchestrationEngine &engine) override
    {
        seen.append(event);
        if (event.type == QLatin1String("thread.turn-started")) {
            const QString threadId = event.aggregateId;
            const QString turnId = event.payload.value(QStringLiteral("turnId")).toString();
            auto result = engine.dispatch(
                delta(threadId, turnId, QStringLiteral("m-reply"), QStringLiteral("hi")),
                DispatchContext {event.eventId, event.correlationId});
            if (result)
                followUps.append(*result);
        }
        co_return;
    }
};

/// Throws on every event.
class BrokenReactor final : public Reactor
{
public:
    QString name() const override { return QStringLiteral("broken"); }
    QCoro::Task<> onEvent(const StoredEvent &, OrchestrationEngine &) override
    {
        throw std::runtime_error("boom");
        co_return;
    }
};

} // namespace

class EngineTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock;
    int m_dbCounter = 0;
    QString m_path;

    std::unique_ptr<OrchestrationEngine> openEngine(qint64 snapshotInterval = 0)
    {
        auto store = EventStore::open(m_path);
        if (!store)
            qFatal("store: %s", qPrintable(store.error().message));
        auto engine = OrchestrationEngine::create(std::move(*store), {snapshotInterval, &m_clock});
        if (!engine)
            qFatal("engine: %s", qPrintable(engine.error().message));
        return std::move(*engine);
    }

    void givenProjectAndThread(OrchestrationEngine &engine)
    {
        QVERIFY(engine.dispatch(projectCreate("p1", "/work/p1")));
        QVERIFY(engine.dispatch(threadCreate("t1", "p1")));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("weft-%1.sqlite").arg(++m_dbCounter));
    }

    void given_empty_store_when_project_create_dispatched_then_read_model_has_project()
    {
        auto engine = openEngine();
        auto result = engine->dispatch(projectCreate("p1", "/work/p1", "Weft"));
        QVERIFY(result);
        QCOMPARE(result->size(), 1);
        QCOMPARE(result->first().type, QStringLiteral("project.created"));
        QCOMPARE(result->first().sequence, 1);
        QCOMPARE(result->first().streamVersion, 1);
        const ReadModel model = engine->readModel();
        QVERIFY(model.project(ProjectId("p1")));
        QCOMPARE(model.project(ProjectId("p1"))->title, QStringLiteral("Weft"));
        QCOMPARE(model.sequence, 1);
    }

    void given_thread_when_turn_start_dispatched_then_events_stored_and_broadcast_in_order()
    {
        auto engine = openEngine();
        givenProjectAndThread(*engine);
        QSignalSpy broadcast(engine.get(), &OrchestrationEngine::eventStored);

        auto result = engine->dispatch(turnStart("t1", "turn-1", "m1"));

        QVERIFY(result);
        const QStringList expected {QStringLiteral("thread.message-sent"),
                                    QStringLiteral("thread.turn-started"),
                                    QStringLiteral("thread.status-changed")};
        QStringList stored;
        for (const auto &e : *result)
            stored.append(e.type);
        QCOMPARE(stored, expected);
        QCOMPARE(broadcast.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const auto event = broadcast.at(i).at(0).value<StoredEvent>();
            QCOMPARE(event, result->at(i));
        }
        auto fromStore = engine->store().readFrom(2, 100);
        QVERIFY(fromStore);
        QCOMPARE(*fromStore, *result);
        QCOMPARE(result->at(1).streamVersion, 3); // thread.created was 1, message-sent 2
    }

    void given_history_when_engine_reopened_then_replay_rebuilds_same_read_model()
    {
        ReadModel live;
        {
            auto engine = openEngine();
            givenProjectAndThread(*engine);
            QVERIFY(engine->dispatch(turnStart("t1", "turn-1", "m1")));
            QVERIFY(engine->dispatch(delta("t1", "turn-1", "m2", "partial ")));
            QVERIFY(engine->dispatch(turnComplete("t1", "turn-1")));
            live = engine->readModel();
        }
        auto reopened = openEngine();
        QCOMPARE(reopened->readModel(), live);
    }

    void given_snapshot_and_tail_when_engine_reopened_then_same_read_model_as_full_replay()
    {
        ReadModel live;
        {
            auto engine = openEngine(/*snapshotInterval=*/4);
            givenProjectAndThread(*engine);
            for (int turn = 0; turn < 5; ++turn) {
                const QString turnId = QStringLiteral("turn-%1").arg(turn);
                QVERIFY(engine->dispatch(turnStart("t1", turnId, turnId + "-m")));
                QVERIFY(engine->dispatch(turnComplete("t1", turnId)));
            }
            QVERIFY(engine->dispatch(turnStart("t1", "turn-last", "m-last")));
            QVERIFY(engine->dispatch(delta("t1", "turn-last", "m-reply", "tail")));
            live = engine->readModel();
            auto snapshot = engine->store().latestSnapshot(kReadModelVersion);
            QVERIFY(snapshot && *snapshot);
            QVERIFY((*snapshot)->sequence > 0);
            QVERIFY((*snapshot)->sequence < live.sequence); // a tail remains to fold
        }
        auto fromSnapshot = openEngine(4);
        QCOMPARE(fromSnapshot->readModel(), live);
    }

    void given_removed_providers_when_engine_reopened_then_replay_and_snapshot_have_none_either()
    {
        ReadModel live;
        {
            // Five events, so the snapshot is taken after the last one: it holds the removals.
            auto engine = openEngine(/*snapshotInterval=*/5);
            ProjectCreate project = projectCreate("p1", "/work/p1");
            project.defaultProvider = ProviderSpec {QStringLiteral("shell"), {}};
            QVERIFY(engine->dispatch(project));
            QVERIFY(engine->dispatch(threadCreate("t1", "p1")));
            QVERIFY(engine->dispatch(threadCreate("t2", "p1")));
            ProjectMetaUpdate removeDefault;
            removeDefault.commandId = freshCommandId();
            removeDefault.projectId = ProjectId("p1");
            removeDefault.defaultProvider = ProviderCleared {};
            QVERIFY(engine->dispatch(removeDefault));
            ThreadMetaUpdate removeOwn;
            removeOwn.commandId = freshCommandId();
            removeOwn.threadId = ThreadId("t1");
            removeOwn.provider = ProviderCleared {};
            QVERIFY(engine->dispatch(removeOwn));
            live = engine->readModel();
            QVERIFY(!live.project(ProjectId("p1"))->defaultProvider);
            QVERIFY(!live.thread(ThreadId("t1"))->provider);
            QVERIFY(live.thread(ThreadId("t2"))->provider);
            auto snapshot = engine->store().latestSnapshot(kReadModelVersion);
            QVERIFY(snapshot && *snapshot);
            QCOMPARE((*snapshot)->sequence, live.sequence);
        }
        QCOMPARE(openEngine(5)->readModel(), live);

        // The stored events alone, folded from the start, give the same model.
        auto store = EventStore::open(m_path);
        QVERIFY(store);
        auto events = (*store)->readFrom(0, 100);
        QVERIFY(events);
        QCOMPARE(events->size(), 5);
        ReadModel replayed;
        for (const StoredEvent &event : *events)
            project(replayed, event);
        QCOMPARE(replayed, live);
    }

    void given_reactor_when_turn_started_then_it_sees_every_event_and_follow_up_carries_causation()
    {
        auto engine = openEngine();
        auto reactor = std::make_shared<EchoReactor>();
        engine->addReactor(reactor);
        givenProjectAndThread(*engine);
        auto start = engine->dispatch(turnStart("t1", "turn-1", "m1"));
        QVERIFY(start);

        QCOMPARE(reactor->followUps.size(), 1);
        const StoredEvent &turnStarted = start->at(1);
        QCOMPARE(reactor->followUps.first().causationEventId, turnStarted.eventId);
        QCOMPARE(reactor->followUps.first().correlationId, turnStarted.correlationId);
        QCOMPARE(turnStarted.correlationId, turnStarted.commandId);
        // Every stored event reached the reactor, follow-ups included, in sequence order.
        auto all = engine->store().readFrom(0, 1000);
        QVERIFY(all);
        QCOMPARE(reactor->seen, *all);
        QVERIFY(!engine->reactorsBusy());
    }

    void given_failing_reactor_when_event_stored_then_failure_reported_and_engine_goes_on()
    {
        auto engine = openEngine();
        engine->addReactor(std::make_shared<BrokenReactor>());
        auto witness = std::make_shared<EchoReactor>();
        engine->addReactor(witness);
        QSignalSpy failures(engine.get(), &OrchestrationEngine::reactorFailed);

        QVERIFY(engine->dispatch(projectCreate("p1", "/work/p1")));
        QVERIFY(engine->dispatch(threadCreate("t1", "p1")));

        QCOMPARE(failures.size(), 2);
        QCOMPARE(failures.first().at(0).toString(), QStringLiteral("broken"));
        QCOMPARE(failures.first().at(2).toString(), QStringLiteral("boom"));
        QCOMPARE(witness->seen.size(), 2);
    }

    void
    given_accepted_command_when_same_command_id_dispatched_again_then_first_result_and_nothing_appended()
    {
        auto engine = openEngine();
        const ProjectCreate create = projectCreate("p1", "/work/p1");
        auto first = engine->dispatch(create);
        QVERIFY(first);
        QSignalSpy broadcast(engine.get(), &OrchestrationEngine::eventStored);

        auto second = engine->dispatch(create);

        QVERIFY(second);
        QCOMPARE(*second, *first);
        QCOMPARE(broadcast.size(), 0);
        QCOMPARE(*engine->store().lastSequence(), 1);
    }

    void given_rejected_command_when_same_command_id_dispatched_again_then_same_rejection()
    {
        auto engine = openEngine();
        ThreadCreate orphan = threadCreate("t1", "missing-project");
        auto first = engine->dispatch(orphan);
        QVERIFY(!first);
        QCOMPARE(first.error().code(), QStringLiteral("project_not_found"));
        // Even once the project exists, the command id keeps its first answer.
        QVERIFY(engine->dispatch(projectCreate("missing-project", "/work/x")));

        auto second = engine->dispatch(orphan);

        QVERIFY(!second);
        QCOMPARE(second.error().code(), first.error().code());
        QCOMPARE(second.error().message(), first.error().message());
        QVERIFY(!engine->readModel().thread(ThreadId("t1")));
    }

    void given_rejected_command_when_dispatched_then_nothing_stored_and_model_unchanged()
    {
        auto engine = openEngine();
        givenProjectAndThread(*engine);
        const ReadModel before = engine->readModel();
        auto result = engine->dispatch(turnComplete("t1", "not-running"));
        QVERIFY(!result);
        QVERIFY(result.error().isRejection());
        QCOMPARE(result.error().code(), QStringLiteral("turn_not_running"));
        QCOMPARE(engine->readModel(), before);
        QCOMPARE(*engine->store().lastSequence(), before.sequence);
    }

    void given_batch_with_a_rejected_command_when_group_committed_then_others_stored_atomically()
    {
        auto engine = openEngine();
        QList<PendingCommand> batch {
            {projectCreate("p1", "/work/p1"), {}},
            {threadCreate("t1", "p1"), {}}, // sees p1 from the same batch
            {projectCreate("p2", "/work/p1"), {}}, // same root: rejected
            {turnStart("t1", "turn-1", "m1"), {}},
        };
        const QList<DispatchResult> results = engine->dispatchBatch(batch);
        QCOMPARE(results.size(), 4);
        QVERIFY(results[0] && results[1] && results[3]);
        QVERIFY(!results[2]);
        QCOMPARE(results[2].error().code(), QStringLiteral("workspace_root_in_use"));
        QCOMPARE(results[3]->size(), 3);
        auto stored = engine->store().readFrom(0, 100);
        QVERIFY(stored);
        QCOMPARE(stored->size(), 5);
        for (qsizetype i = 0; i < stored->size(); ++i)
            QCOMPARE(stored->at(i).sequence, i + 1);
        auto reopened = openEngine();
        QCOMPARE(reopened->readModel(), engine->readModel());
    }

    void given_batch_repeating_a_command_id_when_group_committed_then_second_gets_first_result()
    {
        auto engine = openEngine();
        const ProjectCreate create = projectCreate("p1", "/work/p1");
        const auto results = engine->dispatchBatch({{create, {}}, {create, {}}});
        QVERIFY(results[0] && results[1]);
        QCOMPARE(*results[1], *results[0]);
        QCOMPARE(*engine->store().lastSequence(), 1);
    }

    void given_batch_with_follow_up_when_dispatched_then_follow_up_decides_on_the_folded_model()
    {
        auto engine = openEngine();
        QSignalSpy broadcast(engine.get(), &OrchestrationEngine::eventStored);
        int calls = 0;
        const auto results = engine->dispatchBatch(
            {{projectCreate("p1", "/work/p1"), {}}},
            [&](const ReadModel &model, const QList<StoredEvent> &decided) {
                ++calls;
                // Decided and folded, but not stored or broadcast yet.
                [&] {
                    QVERIFY(model.project(ProjectId("p1")));
                    QCOMPARE(decided.size(), 1);
                    QCOMPARE(decided.first().type, QStringLiteral("project.created"));
                    QCOMPARE(decided.first().sequence, 0);
                    QCOMPARE(broadcast.count(), 0);
                }();
                return QList<PendingCommand> {
                    {threadCreate("t1", "p1"), {}},
                    {projectCreate("p2", "/work/p1"), {}}, // same root: rejected
                };
            });
        QCOMPARE(calls, 1);
        QCOMPARE(results.size(), 3);
        QVERIFY(results[0] && results[1]);
        QVERIFY(!results[2]);
        QCOMPARE(results[2].error().code(), QStringLiteral("workspace_root_in_use"));
        QCOMPARE(broadcast.count(), 2);
        QVERIFY(engine->readModel().thread(ThreadId("t1")));
        auto reopened = openEngine();
        QCOMPARE(reopened->readModel(), engine->readModel());
    }

    void given_follow_up_whose_commit_fails_when_dispatched_then_the_first_commands_are_lost_too()
    {
        auto engine = openEngine();
        const ProjectCreate first = projectCreate("p1", "/work/p1");
        QVERIFY(engine->dispatch(first));
        const ReadModel before = engine->readModel();
        // A command claiming a fresh id that was in fact used: its events' ids collide, and the
        // store refuses the whole transaction.
        ProjectCreate reused = projectCreate("p3", "/work/p3");
        reused.commandId = first.commandId;
        DispatchContext claim;
        claim.freshCommandId = true;

        const auto results
            = engine->dispatchBatch({{projectCreate("p2", "/work/p2"), {}}},
                                    [&](const ReadModel &, const QList<StoredEvent> &) {
                                        return QList<PendingCommand> {{reused, claim}};
                                    });

        QCOMPARE(results.size(), 2);
        QVERIFY(!results[0] && !results[1]);
        QVERIFY(!results[0].error().isRejection());
        QCOMPARE(engine->readModel(), before);
        QCOMPARE(*engine->store().lastSequence(), before.sequence);
    }

    void given_fresh_command_ids_when_dispatched_then_stored_like_any_other()
    {
        auto engine = openEngine();
        DispatchContext fresh;
        fresh.freshCommandId = true;
        const ThreadCreate create = threadCreate("t1", "p1");
        const auto results
            = engine->dispatchBatch({{projectCreate("p1", "/work/p1"), fresh}, {create, fresh}});
        QVERIFY(results[0] && results[1]);
        // Without the claim the same id is answered from what was stored, not decided again.
        const auto again = engine->dispatch(create);
        QVERIFY(again);
        QCOMPARE(*again, *results[1]);
        QCOMPARE(*engine->store().lastSequence(), 2);
    }

    void given_manual_clock_when_dispatched_then_occurred_at_is_the_clock_time()
    {
        auto engine = openEngine();
        m_clock.advance(1234);
        auto result = engine->dispatch(projectCreate("p1", "/work/p1"));
        QVERIFY(result);
        QCOMPARE(result->first().occurredAt, m_clock.now());
        QCOMPARE(engine->readModel().project(ProjectId("p1"))->createdAt, m_clock.now());
    }
};

QTEST_GUILESS_MAIN(EngineTest)
#include "tst_engine.moc"

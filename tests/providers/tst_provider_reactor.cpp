// The provider reactor on a real store and engine, running the fake agent CLI
// (tests/fixtures/fake-agent) through the `process` provider, and shell commands.

#include "backend/domain/EventCodec.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/providers/ProviderReactor.h"
#include "backend/store/EventStore.h"
#include "tests/support/Commands.h"

#include <QCoro/QCoroTask>
#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;
using namespace testing;
using namespace std::chrono_literals;

namespace {

const QString kAgent = QStringLiteral(WEFT_FAKE_AGENT);
constexpr int kTimeout = 15'000;

/// One test's world: a temporary directory with a database and a workspace, an engine and
/// (optionally) the provider reactor.
struct World
{
    QTemporaryDir dir;
    QString databasePath;
    QString workspace;
    std::unique_ptr<OrchestrationEngine> engine;
    std::shared_ptr<ProviderReactor> reactor;
    QList<StoredEvent> events;

    World()
    {
        databasePath = dir.filePath(QStringLiteral("weft.sqlite"));
        workspace = dir.filePath(QStringLiteral("workspace"));
        QDir().mkpath(workspace);
    }

    void open(bool withReactor = true)
    {
        auto store = EventStore::open(databasePath);
        if (!store)
            qFatal("store: %s", qPrintable(store.error().message));
        auto created = OrchestrationEngine::create(std::move(*store));
        if (!created)
            qFatal("engine: %s", qPrintable(created.error().message));
        engine = std::move(*created);
        QObject::connect(engine.get(), &OrchestrationEngine::eventStored, engine.get(),
                         [this](const StoredEvent &event) { events.append(event); });
        if (withReactor) {
            ProviderReactor::Options options;
            options.run.outputInterval = 50ms;
            reactor = std::make_shared<ProviderReactor>(options);
            engine->addReactor(reactor);
            QCoro::waitFor(reactor->onStart(*engine));
        }
    }

    void close()
    {
        engine.reset();
        reactor.reset();
    }

    /// Creates project "p1" (threads create it too, without a default, when it is missing).
    bool project(std::optional<ProviderSpec> defaultProvider)
    {
        ProjectCreate create = projectCreate(QStringLiteral("p1"), workspace);
        create.defaultProvider = std::move(defaultProvider);
        return engine->dispatch(create).has_value();
    }

    bool setProjectDefault(ProviderSpec spec) { return changeProjectDefault(std::move(spec)); }

    bool changeProjectDefault(ProviderChange change)
    {
        ProjectMetaUpdate update;
        update.commandId = freshCommandId();
        update.projectId = ProjectId(QStringLiteral("p1"));
        update.defaultProvider = std::move(change);
        return engine->dispatch(update).has_value();
    }

    bool changeThreadProvider(const QString &threadId, ProviderChange change)
    {
        ThreadMetaUpdate update;
        update.commandId = freshCommandId();
        update.threadId = ThreadId(threadId);
        update.provider = std::move(change);
        return engine->dispatch(update).has_value();
    }

    bool thread(const QString &threadId, std::optional<ProviderSpec> spec,
                std::optional<QString> worktree = std::nullopt)
    {
        if (!engine->readModel().project(ProjectId(QStringLiteral("p1"))) && !project(std::nullopt))
            return false;
        ThreadCreate create = threadCreate(threadId, QStringLiteral("p1"));
        create.provider = std::move(spec);
        create.worktreePath = std::move(worktree);
        return engine->dispatch(create).has_value();
    }

    bool start(const QString &threadId, const QString &turnId, const QString &text)
    {
        return engine->dispatch(turnStart(threadId, turnId, turnId + QStringLiteral("-msg"), text))
            .has_value();
    }

    /// Starts a turn and waits for it to settle; false when it did not start or settle.
    bool run(const QString &threadId, const QString &turnId, const QString &text)
    {
        return start(threadId, turnId, text)
            && QTest::qWaitFor([&] { return settled(threadId, turnId); }, kTimeout);
    }

    [[nodiscard]] TurnView turn(const QString &threadId, const QString &turnId) const
    {
        const ThreadView *t = engine->readModel().thread(ThreadId(threadId));
        return t ? t->turns.value(TurnId(turnId)) : TurnView {};
    }

    [[nodiscard]] bool settled(const QString &threadId, const QString &turnId) const
    {
        const ThreadView *t = engine->readModel().thread(ThreadId(threadId));
        return t && t->turns.contains(TurnId(turnId))
            && t->turns.value(TurnId(turnId)).state != TurnState::Running;
    }

    [[nodiscard]] QList<MessageRow> messages(const QString &threadId) const
    {
        return engine->store().messages(threadId, 0, 1000).value_or(QList<MessageRow> {});
    }

    [[nodiscard]] QString assistantText(const QString &threadId, const QString &turnId) const
    {
        for (const MessageRow &row : messages(threadId))
            if (row.role == u"assistant" && row.turnId == turnId)
                return row.text;
        return {};
    }

    [[nodiscard]] QList<ActivityRow> activities(const QString &threadId) const
    {
        return engine->store().activities(threadId, 0, 1000).value_or(QList<ActivityRow> {});
    }

    [[nodiscard]] QList<StoredEvent> eventsOfType(const QString &type) const
    {
        QList<StoredEvent> found;
        for (const StoredEvent &event : events)
            if (event.type == type)
                found.append(event);
        return found;
    }
};

/// Starts the next turn on a thread as soon as the previous one completes, from inside the
/// engine's reactions (what the scheduler does with task attempts).
class ChainReactor final : public Reactor
{
public:
    QString nextTurn;
    QString name() const override { return QStringLiteral("chain"); }
    QCoro::Task<> onEvent(const StoredEvent &event, OrchestrationEngine &engine) override
    {
        if (event.type == u"thread.turn-completed" && !nextTurn.isEmpty()) {
            const QString turnId = std::exchange(nextTurn, QString());
            engine.dispatch(turnStart(event.aggregateId, turnId, turnId + QStringLiteral("-msg"),
                                      QStringLiteral("next")),
                            DispatchContext {event.eventId, event.correlationId});
        }
        co_return;
    }
};

ProviderSpec agent(QStringList actions)
{
    return {QStringLiteral("process"), QStringList {kAgent} + actions};
}

} // namespace

class ProviderReactorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_process_thread_when_turn_runs_then_output_arrives_in_order_and_whole()
    {
        World w;
        w.open();
        QVERIFY(w.thread(QStringLiteral("t1"),
                         agent({"stream", "25", "0.005", "utf8-split", "say", "{message}"})));
        const QString message = QStringLiteral("hello \"world\"; $HOME");
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), message));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);

        QString expected;
        for (int i = 1; i <= 25; ++i)
            expected += QStringLiteral("chunk %1\n").arg(i);
        expected += QString::fromUtf8("€uro ✓ 🧵") + message;
        QCOMPARE(w.assistantText("t1", "u1"), expected);
        const TurnView turn = w.turn("t1", "u1");
        QCOMPARE(turn.state, TurnState::Completed);
        QCOMPARE(turn.exitCode, std::optional<int>(0));

        // Deltas are batched (not one per line), and every follow-up answers the turn start.
        const StoredEvent started = w.eventsOfType("thread.turn-started").constFirst();
        int deltas = 0;
        for (const StoredEvent &event : w.eventsOfType("thread.message-sent")) {
            if (event.payload.value("role").toString() != u"assistant")
                continue;
            deltas += event.payload.value("streaming").toBool() ? 1 : 0;
            QCOMPARE(event.causationEventId, started.eventId);
            QCOMPARE(event.correlationId, started.correlationId);
        }
        QVERIFY2(deltas >= 1 && deltas < 25, qPrintable(QString::number(deltas)));
        QCOMPARE(w.eventsOfType("thread.turn-completed").constFirst().causationEventId,
                 started.eventId);
        QCOMPARE(w.reactor->liveTurnCount(), 0);
    }

    void given_exit_status_when_turn_ends_then_outcome_maps_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<TurnState>("state");
        QTest::newRow("0 completes") << 0 << TurnState::Completed;
        QTest::newRow("3 errors") << 3 << TurnState::Error;
        QTest::newRow("127 errors") << 127 << TurnState::Error;
    }
    void given_exit_status_when_turn_ends_then_outcome_maps()
    {
        QFETCH(int, code);
        QFETCH(TurnState, state);
        World w;
        w.open();
        QVERIFY(w.thread(QStringLiteral("t1"),
                         agent({"stderr", "warming up", "stderr", "it went wrong", "exit",
                                QString::number(code)})));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        const TurnView turn = w.turn("t1", "u1");
        QCOMPARE(turn.state, state);
        QCOMPARE(turn.exitCode, std::optional<int>(code));
        if (code != 0) {
            QVERIFY(turn.error);
            QVERIFY2(turn.error->contains(QStringLiteral("exited with status %1").arg(code)),
                     qPrintable(*turn.error));
            QVERIFY(turn.error->contains(QStringLiteral("it went wrong")));
        }
        QStringList stderrLines;
        for (const ActivityRow &row : w.activities(QStringLiteral("t1")))
            if (row.kind == u"stderr")
                stderrLines.append(row.summary);
        QCOMPARE(stderrLines, (QStringList {"warming up", "it went wrong"}));
        const ThreadView *thread = w.engine->readModel().thread(ThreadId(QStringLiteral("t1")));
        QVERIFY(!thread->runningTurnId);
    }

    void given_agent_ignoring_sigint_and_sigterm_when_interrupted_then_interrupted_within_3s()
    {
        World w;
        w.open();
        QVERIFY(w.thread(QStringLiteral("t1"),
                         agent({"ignore-signals", "say", "working", "sleep", "60"})));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(!w.assistantText("t1", "u1").isEmpty(), kTimeout);

        // "Within 3 s" is a property of the escalation (SIGINT, grace, SIGTERM, grace, SIGKILL),
        // checked on its configuration rather than on a wall clock that loaded machines skew.
        const ProviderRunOptions defaults;
        QVERIFY(defaults.interruptGrace + defaults.terminateGrace < std::chrono::seconds(3));
        QVERIFY(w.engine->dispatch(
            ThreadTurnInterrupt {freshCommandId(), ThreadId("t1"), TurnId("u1")}));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Interrupted);
        QCOMPARE(w.eventsOfType("thread.turn-completed").constFirst().causationEventId,
                 w.eventsOfType("thread.turn-interrupt-requested").constFirst().eventId);

        // The thread takes the next turn.
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("again")));
        QCOMPARE(w.reactor->liveTurnCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!w.assistantText("t1", "u2").isEmpty(), kTimeout);
        QVERIFY(w.engine->dispatch(
            ThreadTurnInterrupt {freshCommandId(), ThreadId("t1"), TurnId("u2")}));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u2"), kTimeout);
        QCOMPARE(w.reactor->liveTurnCount(), 0);
    }

    void given_missing_binary_when_turn_starts_then_error_with_clear_activity()
    {
        World w;
        w.open();
        QVERIFY(w.thread(
            QStringLiteral("t1"),
            ProviderSpec {QStringLiteral("process"), {"weft-missing-agent", "-p", "{message}"}}));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        const TurnView turn = w.turn("t1", "u1");
        QCOMPARE(turn.state, TurnState::Error);
        QCOMPARE(turn.error, std::optional<QString>("command not found: weft-missing-agent"));
        const QList<ActivityRow> activities = w.activities(QStringLiteral("t1"));
        QCOMPARE(activities.size(), 1);
        QCOMPARE(activities.constFirst().tone, QStringLiteral("error"));
        QCOMPARE(activities.constFirst().summary,
                 QStringLiteral("command not found: weft-missing-agent"));
        QCOMPARE(w.reactor->liveTurnCount(), 0);
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("again")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u2"), kTimeout);
    }

    void given_unknown_provider_kind_when_turn_starts_then_error_activity()
    {
        World w;
        w.open();
        QVERIFY(w.thread(QStringLiteral("t1"), ProviderSpec {QStringLiteral("telepathy"), {}}));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Error);
        QCOMPARE(w.activities(QStringLiteral("t1")).constFirst().summary,
                 QStringLiteral("unknown provider kind \"telepathy\""));
    }

    void given_missing_worktree_when_turn_starts_then_error_activity()
    {
        World w;
        w.open();
        const QString gone = w.dir.filePath(QStringLiteral("gone"));
        QVERIFY(w.thread(QStringLiteral("t1"), ProviderSpec {QStringLiteral("shell"), {}}, gone));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("true")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Error);
        QCOMPARE(w.activities(QStringLiteral("t1")).constFirst().summary,
                 QStringLiteral("working directory does not exist: %1").arg(gone));
    }

    void given_shell_thread_when_turn_runs_then_command_runs_in_the_worktree()
    {
        World w;
        w.open();
        const QString worktree = w.dir.filePath(QStringLiteral("tree"));
        QVERIFY(QDir().mkpath(worktree));
        QVERIFY(
            w.thread(QStringLiteral("t1"), ProviderSpec {QStringLiteral("shell"), {}}, worktree));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"),
                        QStringLiteral("pwd; echo to-stderr >&2; printf 'x y'")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Completed);
        const QStringList lines = w.assistantText("t1", "u1").split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QFileInfo(lines.at(0)).canonicalFilePath(),
                 QFileInfo(worktree).canonicalFilePath());
        QCOMPARE(lines.at(1), QStringLiteral("x y"));
        QCOMPARE(w.activities(QStringLiteral("t1")).constFirst().summary,
                 QStringLiteral("to-stderr"));
    }

    void given_project_root_when_thread_has_no_worktree_then_turn_runs_in_project_root()
    {
        World w;
        w.open();
        QVERIFY(w.thread(QStringLiteral("t1"), agent({"pwd"})));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        QCOMPARE(QFileInfo(w.assistantText("t1", "u1").trimmed()).canonicalFilePath(),
                 QFileInfo(w.workspace).canonicalFilePath());
    }

    void given_running_turn_when_thread_deleted_then_its_process_is_stopped()
    {
        World w;
        w.open();
        QVERIFY(w.thread(QStringLiteral("t1"),
                         agent({"ignore-signals", "say", "working", "sleep", "60"})));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(!w.assistantText("t1", "u1").isEmpty(), kTimeout);
        QCOMPARE(w.reactor->liveTurnCount(), 1);
        QVERIFY(w.engine->dispatch(ThreadDelete {freshCommandId(), ThreadId("t1")}));
        QTRY_COMPARE_WITH_TIMEOUT(w.reactor->liveTurnCount(), 0, kTimeout);
    }

    void given_next_turn_started_from_a_reaction_when_turn_completes_then_it_runs_too()
    {
        World w;
        w.open();
        auto chain = std::make_shared<ChainReactor>();
        chain->nextTurn = QStringLiteral("u2");
        w.engine->addReactor(chain);
        QVERIFY(w.thread(QStringLiteral("t1"), agent({"say", "{turnId}"})));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u2"), kTimeout);
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Completed);
        QCOMPARE(w.turn("t1", "u2").state, TurnState::Completed);
        QCOMPARE(w.assistantText("t1", "u1"), QStringLiteral("u1"));
        QCOMPARE(w.assistantText("t1", "u2"), QStringLiteral("u2"));
    }

    void given_provider_changed_between_turns_when_next_turn_runs_then_new_provider_is_used()
    {
        World w;
        w.open();
        QVERIFY(w.thread(QStringLiteral("t1"), agent({"say", "first"})));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u1"), kTimeout);
        ThreadMetaUpdate update;
        update.commandId = freshCommandId();
        update.threadId = ThreadId(QStringLiteral("t1"));
        update.provider = ProviderSpec {QStringLiteral("shell"), {}};
        QVERIFY(w.engine->dispatch(update));
        QVERIFY(
            w.start(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("printf second")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u2"), kTimeout);
        QCOMPARE(w.assistantText("t1", "u2"), QStringLiteral("second"));
    }

    void given_thread_without_provider_when_turn_runs_then_project_default_runs_it()
    {
        World w;
        w.open();
        QVERIFY(w.project(agent({"say", "from the default"})));
        QVERIFY(w.thread(QStringLiteral("t1"), std::nullopt));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Completed);
        QCOMPARE(w.assistantText("t1", "u1"), QStringLiteral("from the default"));
    }

    void given_project_default_changed_between_turns_when_next_turn_runs_then_new_default_runs()
    {
        World w;
        w.open();
        QVERIFY(w.project(agent({"say", "first"})));
        QVERIFY(w.thread(QStringLiteral("t1"), std::nullopt));
        QVERIFY(w.thread(QStringLiteral("own"), agent({"say", "own"})));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QCOMPARE(w.assistantText("t1", "u1"), QStringLiteral("first"));

        QVERIFY(w.setProjectDefault({QStringLiteral("shell"), {}}));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("printf second")));
        QCOMPARE(w.turn("t1", "u2").state, TurnState::Completed);
        QCOMPARE(w.assistantText("t1", "u2"), QStringLiteral("second"));

        // A thread that names its own provider is not moved by the project's default.
        QVERIFY(w.run(QStringLiteral("own"), QStringLiteral("o1"), QStringLiteral("go")));
        QCOMPARE(w.assistantText("own", "o1"), QStringLiteral("own"));
    }

    void given_no_thread_provider_nor_project_default_when_turn_starts_then_error_not_stuck()
    {
        World w;
        w.open();
        QVERIFY(w.project(std::nullopt));
        QVERIFY(w.thread(QStringLiteral("t1"), std::nullopt));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        const TurnView turn = w.turn("t1", "u1");
        QCOMPARE(turn.state, TurnState::Error);
        QCOMPARE(turn.error, std::optional<QString>(ProviderReactor::noProviderMessage()));
        const QList<ActivityRow> activities = w.activities(QStringLiteral("t1"));
        QCOMPARE(activities.size(), 1);
        QCOMPARE(activities.constFirst().tone, QStringLiteral("error"));
        QCOMPARE(activities.constFirst().summary,
                 QStringLiteral("no provider: set one on the thread or a default on the project"));
        QVERIFY(!w.engine->readModel().thread(ThreadId(QStringLiteral("t1")))->runningTurnId);
        QCOMPARE(w.reactor->liveTurnCount(), 0);

        // Once the project has a default, the same thread runs.
        QVERIFY(w.setProjectDefault({QStringLiteral("shell"), {}}));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("printf ok")));
        QCOMPARE(w.turn("t1", "u2").state, TurnState::Completed);
        QCOMPARE(w.assistantText("t1", "u2"), QStringLiteral("ok"));
    }

    void given_project_default_removed_when_next_turn_starts_then_error_no_provider()
    {
        World w;
        w.open();
        QVERIFY(w.project(ProviderSpec {QStringLiteral("shell"), {}}));
        QVERIFY(w.thread(QStringLiteral("t1"), std::nullopt));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("printf ran")));
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Completed);

        QVERIFY(w.changeProjectDefault(ProviderCleared {}));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("printf ran")));

        const TurnView turn = w.turn("t1", "u2");
        QCOMPARE(turn.state, TurnState::Error);
        QCOMPARE(turn.error, std::optional<QString>(ProviderReactor::noProviderMessage()));
        QCOMPARE(w.activities(QStringLiteral("t1")).constLast().summary,
                 ProviderReactor::noProviderMessage());
        QVERIFY(w.assistantText("t1", "u2").isEmpty());
        QCOMPARE(w.reactor->liveTurnCount(), 0);
    }

    void given_thread_provider_removed_when_next_turn_runs_then_project_default_runs_it()
    {
        World w;
        w.open();
        QVERIFY(w.project(agent({"say", "from the default"})));
        QVERIFY(w.thread(QStringLiteral("t1"), agent({"say", "own"})));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QCOMPARE(w.assistantText("t1", "u1"), QStringLiteral("own"));

        QVERIFY(w.changeThreadProvider(QStringLiteral("t1"), ProviderCleared {}));
        QVERIFY(w.run(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("go")));

        QCOMPARE(w.turn("t1", "u2").state, TurnState::Completed);
        QCOMPARE(w.assistantText("t1", "u2"), QStringLiteral("from the default"));
    }

    void given_turn_left_running_when_weft_restarts_then_it_is_interrupted_with_a_notice()
    {
        World w;
        w.open(/*withReactor=*/false);
        QVERIFY(w.thread(QStringLiteral("t1"), agent({"say", "hi"})));
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("go")));
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Running); // nothing ran it: a "crash"
        w.close();

        w.open(/*withReactor=*/true);
        QCOMPARE(w.turn("t1", "u1").state, TurnState::Interrupted);
        const ThreadView *thread = w.engine->readModel().thread(ThreadId(QStringLiteral("t1")));
        QVERIFY(!thread->runningTurnId);
        bool noticed = false;
        for (const MessageRow &row : w.messages(QStringLiteral("t1")))
            noticed |= row.role == u"system" && row.text == ProviderReactor::restartNotice()
                && row.turnId == u"u1";
        QVERIFY(noticed);

        // And the thread runs turns again.
        QVERIFY(w.start(QStringLiteral("t1"), QStringLiteral("u2"), QStringLiteral("go")));
        QTRY_VERIFY_WITH_TIMEOUT(w.settled("t1", "u2"), kTimeout);
        QCOMPARE(w.turn("t1", "u2").state, TurnState::Completed);
        QCOMPARE(w.assistantText("t1", "u2"), QStringLiteral("hi"));
    }
};

QTEST_GUILESS_MAIN(ProviderReactorTest)
#include "tst_provider_reactor.moc"

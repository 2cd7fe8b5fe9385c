// The turn gate between the CheckpointReactor and the ProviderReactor, on a real store and
// engine: a turn's process starts only after its baseline is taken, and a turn interrupted
// while it waits settles at once and never runs. The baseline is held on the worker thread
// (JobHold), so "before" and "after" are decided by the test, not by timing.

#include "JobHold.h"
#include "TempRepo.h"

#include "backend/checkpoints/CheckpointReactor.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/git/CheckpointRefs.h"
#include "backend/providers/ProviderReactor.h"
#include "tests/support/Commands.h"
#include "tests/support/OpenEngine.h"

#include <QTest>

using namespace backend;
using namespace testing;

namespace {

const QString kThread = QStringLiteral("t1");
const TurnId kTurn(QStringLiteral("turn-1"));
constexpr int kTimeout = 30'000;

struct World
{
    TempRepo repo;
    JobHold hold; ///< outlives the reactors, whose jobs call it
    std::shared_ptr<TurnGate> gate = std::make_shared<TurnGate>();
    std::shared_ptr<CheckpointReactor> checkpoints;
    std::shared_ptr<ProviderReactor> provider;
    std::unique_ptr<OrchestrationEngine> engine;

    ~World() { hold.release(); } // a held job would keep the reactors' teardown waiting

    /// Starts turn-1 running `shell` with its baseline held on the worker.
    [[nodiscard]] bool startHeld(const QString &shell)
    {
        hold.holdNext();
        return engine->dispatch(turnStart(kThread, kTurn.value, QStringLiteral("m1"), shell))
            && hold.waitEntered();
    }

    /// `inGit` false: the workspace is a plain folder, not a repository.
    bool open(bool inGit = true)
    {
        const QString workspace = inGit ? repo.path : repo.dir.filePath(QStringLiteral("plain"));
        if (inGit ? !repo.init({{QStringLiteral("a.txt"), "a\n"}}) : !QDir().mkpath(workspace))
            return false;
        engine = openEngine(repo.dir.filePath(QStringLiteral("weft.sqlite")));
        if (!engine)
            return false;
        checkpoints = std::make_shared<CheckpointReactor>(
            CheckpointReactor::Options {nullptr, gate, hold.hook()});
        ProviderReactor::Options options;
        options.turnGate = gate;
        provider = std::make_shared<ProviderReactor>(options);
        // As backend::start registers them: checkpoints first.
        engine->addReactor(checkpoints);
        engine->addReactor(provider);
        return engine->dispatch(projectCreate(QStringLiteral("p1"), workspace))
            && engine->dispatch(threadCreate(kThread, QStringLiteral("p1")));
    }

    [[nodiscard]] TurnState turnState() const
    {
        return engine->readModel().thread(ThreadId(kThread))->turns.value(kTurn).state;
    }

    /// Every reaction (the gated start included) and every repository job is done.
    [[nodiscard]] bool settle() const
    {
        return QTest::qWaitFor(
            [this] { return checkpoints->jobsInFlight() == 0 && !engine->reactorsBusy(); },
            kTimeout);
    }
};

} // namespace

class CheckpointGateTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_a_baseline_being_taken_when_the_turn_starts_then_its_process_waits_for_it()
    {
        World w;
        QVERIFY(w.open());

        QVERIFY(w.startHeld(QStringLiteral("echo agent > agent.txt")));

        QCOMPARE(w.provider->liveTurnCount(), 0); // held: no process yet
        w.hold.release();

        QTRY_COMPARE_WITH_TIMEOUT(w.turnState(), TurnState::Completed, kTimeout);
        QVERIFY(w.settle());
        const QString baseline
            = w.repo.output({QStringLiteral("ls-tree"), QStringLiteral("--name-only"),
                             git::baselineRef(kThread, 1)});
        QCOMPARE(baseline, QStringLiteral("a.txt"));
        const QString checkpoint
            = w.repo.output({QStringLiteral("ls-tree"), QStringLiteral("--name-only"),
                             git::checkpointRef(kThread, 1)});
        QVERIFY(checkpoint.contains(QStringLiteral("agent.txt")));
    }

    void given_a_turn_waiting_for_its_baseline_when_interrupted_then_it_settles_and_never_runs()
    {
        World w;
        QVERIFY(w.open());
        QVERIFY(w.startHeld(QStringLiteral("echo ran > ran.txt")));

        QVERIFY(w.engine->dispatch(
            ThreadTurnInterrupt {CommandId::generate(), ThreadId(kThread), kTurn}));

        // Settled by the interrupt itself, while the baseline is still held.
        QCOMPARE(w.turnState(), TurnState::Interrupted);
        w.hold.release();
        QVERIFY(w.settle());
        QCOMPARE(w.provider->liveTurnCount(), 0);
        QVERIFY(!w.repo.exists(QStringLiteral("ran.txt")));
        QCOMPARE(w.turnState(), TurnState::Interrupted);
    }

    void given_a_workspace_not_in_git_when_the_turn_starts_then_it_runs_after_saying_so()
    {
        World w;
        QVERIFY(w.open(false));

        QVERIFY(w.startHeld(QStringLiteral("echo ran > ran.txt")));
        QCOMPARE(w.provider->liveTurnCount(), 0);
        w.hold.release();

        QTRY_COMPARE_WITH_TIMEOUT(w.turnState(), TurnState::Completed, kTimeout);
        QVERIFY(w.settle());
        const auto activities = w.engine->store().activities(kThread, 0, 100);
        QVERIFY(activities && !activities->isEmpty());
        QCOMPARE(activities->first().summary, CheckpointReactor::unavailableNotice());
        QVERIFY(QFile::exists(w.repo.dir.filePath(QStringLiteral("plain/ran.txt"))));
    }

    void given_a_task_thread_when_its_turn_starts_then_nothing_holds_it()
    {
        World w;
        QVERIFY(w.open());
        ThreadCreate task = threadCreate(QStringLiteral("task-thread"), QStringLiteral("p1"));
        task.provider = ProviderSpec {QString::fromLatin1(kTaskProviderKind), {}};
        QVERIFY(w.engine->dispatch(task));

        QVERIFY(w.engine->dispatch(
            turnStart(QStringLiteral("task-thread"), kTurn.value, QStringLiteral("m1"))));

        QVERIFY(!w.gate->isHeld(QStringLiteral("task-thread"), kTurn.value));
        QCOMPARE(w.checkpoints->jobsInFlight(), 0);
        QCOMPARE(w.hold.started.load(), 0);
    }
};

QTEST_GUILESS_MAIN(CheckpointGateTest)
#include "tst_checkpoint_gate.moc"

// Checkpoints inside the real backend thread: with BackendConfig::checkpoints and a turn gate
// the baseline is taken before the provider's process starts, so a shell turn's edits make its
// diff; git requests reach the LibGitManager (as jobs of their workspace); the backend answers
// commands while a capture is held on its worker; stopping it with a capture in flight records
// the capture whole.

#include "JobHold.h"
#include "TempRepo.h"

#include "backend/domain/EventCodec.h"
#include "backend/providers/ProviderReactor.h"
#include "backend/runtime/Backend.h"
#include "tests/support/AppEventLog.h"
#include "tests/support/Commands.h"

#include "backend/git/CheckpointRefs.h"
#include "backend/store/EventStore.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <QTest>

using namespace backend;
using namespace testing;

namespace {

constexpr int kTimeout = 30'000;

/// The application's wiring: checkpoints first, the provider behind the same turn gate.
BackendConfig checkpointConfig(const TempRepo &repo, JobHold *hold = nullptr)
{
    BackendConfig config;
    config.databasePath = repo.dir.filePath(QStringLiteral("weft.sqlite"));
    config.checkpoints = true;
    config.turnGate = std::make_shared<TurnGate>();
    if (hold)
        config.checkpointJobHook = hold->hook();
    ProviderReactor::Options providers;
    providers.turnGate = config.turnGate;
    config.reactors.push_back(std::make_shared<ProviderReactor>(providers));
    return config;
}

void startTurn(BackendThread &backend, const QString &workspace, const QString &shell)
{
    backend.commands().send(orchestration(projectCreate(QStringLiteral("p1"), workspace)));
    backend.commands().send(
        orchestration(threadCreate(QStringLiteral("t1"), QStringLiteral("p1"))));
    backend.commands().send(orchestration(
        turnStart(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("m1"), shell)));
}

} // namespace

class CheckpointBackendTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_checkpoints_on_when_a_shell_turn_edits_files_then_its_diff_is_recorded()
    {
        TempRepo repo;
        QVERIFY(repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        BackendThread backend(checkpointConfig(repo));
        EventLog log(backend.events());
        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::Ready>().size(), 1, kTimeout);

        startTurn(backend, repo.path, QStringLiteral("echo b > b.txt && rm a.txt"));

        QTRY_COMPARE_WITH_TIMEOUT(
            log.domainEvents(QStringLiteral("thread.turn.diff-completed")).size(), 1, kTimeout);
        const StoredEvent stored
            = log.domainEvents(QStringLiteral("thread.turn.diff-completed")).first();
        const auto decoded = decodeEvent(stored.type, stored.payload);
        const auto &diff = std::get<ThreadTurnDiffCompleted>(**decoded);
        QCOMPARE(diff.files.size(), 2);
        QCOMPARE(diff.files.at(0).path, QStringLiteral("a.txt"));
        QCOMPARE(diff.files.at(0).kind, QStringLiteral("deleted"));
        QCOMPARE(diff.files.at(1).path, QStringLiteral("b.txt"));
        QCOMPARE(diff.files.at(1).kind, QStringLiteral("added"));

        backend.commands().send(AppCommand {
            AppCommand::Git {GitRequest {QStringLiteral("g1"),
                                         QStringLiteral("diff"),
                                         {{QStringLiteral("path"), repo.path},
                                          {QStringLiteral("threadId"), QStringLiteral("t1")},
                                          {QStringLiteral("turn"), 1}}}}});
        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::GitEvent>().size(), 1, kTimeout);
        const auto answer = log.all<AppEvent::GitEvent>().first();
        QCOMPARE(answer.kind, QStringLiteral("result"));
        QVERIFY(
            answer.data.value(QStringLiteral("patch")).toString().contains(QStringLiteral("+b")));
    }

    void given_a_capture_held_on_its_worker_when_a_command_arrives_then_the_backend_answers_it()
    {
        TempRepo repo;
        QVERIFY(repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        JobHold hold; // outlives the backend, whose jobs call it
        hold.holdNext(); // the turn's baseline
        BackendThread backend(checkpointConfig(repo, &hold));
        const auto unhold = qScopeGuard([&] { hold.release(); });
        EventLog log(backend.events());
        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::Ready>().size(), 1, kTimeout);
        startTurn(backend, repo.path, QStringLiteral("echo b > b.txt"));
        QVERIFY(hold.waitEntered());

        backend.commands().send(
            orchestration(projectCreate(QStringLiteral("p2"), repo.dir.path())));
        TempRepo other; // another workspace: its git requests do not queue behind this one's
        QVERIFY(other.init({{QStringLiteral("o.txt"), "o\n"}}));
        backend.commands().send(
            AppCommand {AppCommand::Git {GitRequest {QStringLiteral("g1"),
                                                     QStringLiteral("status"),
                                                     {{QStringLiteral("path"), other.path}}}}});

        // Both answered while the baseline is still held on the worker.
        QTRY_COMPARE_WITH_TIMEOUT(log.domainEvents(QStringLiteral("project.created")).size(), 2,
                                  kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::GitEvent>().size(), 1, kTimeout);
        QCOMPARE(log.all<AppEvent::GitEvent>().first().kind, QStringLiteral("result"));
        QVERIFY(log.domainEvents(QStringLiteral("thread.turn.diff-completed")).isEmpty());
        hold.release();
        QTRY_COMPARE_WITH_TIMEOUT(
            log.domainEvents(QStringLiteral("thread.turn.diff-completed")).size(), 1, kTimeout);
    }

    void given_a_capture_in_flight_when_the_backend_stops_then_the_capture_is_recorded_whole()
    {
        TempRepo repo;
        QVERIFY(repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        JobHold hold; // outlives the backend, whose jobs call it
        auto backend = std::make_unique<BackendThread>(checkpointConfig(repo, &hold));
        const auto unhold = qScopeGuard([&] { hold.release(); });
        EventLog log(backend->events());
        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::Ready>().size(), 1, kTimeout);
        hold.holdAt = 2; // the turn's checkpoint, after its baseline
        startTurn(*backend, repo.path, QStringLiteral("echo b > b.txt"));
        QVERIFY(hold.waitEntered());

        backend->commands().close();
        hold.release();
        backend.reset();

        QCOMPARE(
            repo.output({QStringLiteral("show"),
                         git::checkpointRef(QStringLiteral("t1"), 1) + QStringLiteral(":b.txt")}),
            QStringLiteral("b"));
        auto store = EventStore::open(repo.dir.filePath(QStringLiteral("weft.sqlite")));
        QVERIFY(store);
        const auto events = (*store)->readFrom(0, 10'000);
        QVERIFY(events);
        const auto diffs = std::count_if(events->cbegin(), events->cend(), [](const auto &e) {
            return e.type == QLatin1String(ThreadTurnDiffCompleted::kType);
        });
        QCOMPARE(diffs, 1);
    }
};

QTEST_GUILESS_MAIN(CheckpointBackendTest)
#include "tst_checkpoint_backend.moc"

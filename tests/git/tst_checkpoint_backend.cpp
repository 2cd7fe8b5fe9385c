// Checkpoints inside the real backend thread: with BackendConfig::checkpoints the baseline is
// taken before the provider's process starts, so a shell turn's edits make its diff; git
// requests reach the LibGitManager.

#include "TempRepo.h"

#include "backend/domain/EventCodec.h"
#include "backend/providers/ProviderReactor.h"
#include "backend/runtime/Backend.h"
#include "tests/support/AppEventLog.h"
#include "tests/support/Commands.h"

#include <QJsonArray>
#include <QTest>

using namespace backend;
using namespace testing;

namespace {

constexpr int kTimeout = 30'000;

} // namespace

class CheckpointBackendTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_checkpoints_on_when_a_shell_turn_edits_files_then_its_diff_is_recorded()
    {
        TempRepo repo;
        QVERIFY(repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        BackendConfig config;
        config.databasePath = repo.dir.filePath(QStringLiteral("weft.sqlite"));
        config.reactors.push_back(std::make_shared<ProviderReactor>());
        config.checkpoints = true;
        BackendThread backend(config);
        EventLog log(backend.events());
        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::Ready>().size(), 1, kTimeout);

        backend.commands().send(orchestration(projectCreate(QStringLiteral("p1"), repo.path)));
        backend.commands().send(
            orchestration(threadCreate(QStringLiteral("t1"), QStringLiteral("p1"))));
        backend.commands().send(orchestration(
            turnStart(QStringLiteral("t1"), QStringLiteral("u1"), QStringLiteral("m1"),
                      QStringLiteral("echo b > b.txt && rm a.txt"))));

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
};

QTEST_GUILESS_MAIN(CheckpointBackendTest)
#include "tst_checkpoint_backend.moc"

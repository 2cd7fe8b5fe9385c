// The provider reactor inside the real backend thread: start-up reconciliation runs before
// Ready, and turns run on the backend thread.

#include "backend/providers/ProviderReactor.h"
#include "backend/runtime/Backend.h"
#include "tests/support/AppEventLog.h"
#include "tests/support/Commands.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;
using namespace testing;

namespace {

} // namespace

class ProviderBackendTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_turn_left_running_when_backend_restarts_then_ready_shows_it_interrupted()
    {
        QTemporaryDir dir;
        const QString workspace = dir.filePath(QStringLiteral("workspace"));
        QVERIFY(QDir().mkpath(workspace));
        BackendConfig config;
        config.databasePath = dir.filePath(QStringLiteral("weft.sqlite"));

        {
            // A backend without providers: the turn starts and nothing runs it, as after a crash.
            BackendThread backend(config);
            EventLog log(backend.events());
            QTRY_COMPARE(log.all<AppEvent::Ready>().size(), 1);
            backend.commands().send(orchestration(projectCreate("p1", workspace)));
            backend.commands().send(orchestration(threadCreate("t1", "p1")));
            backend.commands().send(orchestration(turnStart("t1", "u1", "m1", "echo one")));
            QTRY_COMPARE(log.domainEvents("thread.turn-started").size(), 1);
        }

        config.reactors.push_back(std::make_shared<ProviderReactor>());
        BackendThread backend(std::move(config)); // the backend thread alone owns the reactor
        EventLog log(backend.events());
        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::Ready>().size(), 1, 10'000);
        const ReadModel model = log.all<AppEvent::Ready>().constFirst().model;
        const ThreadView *thread = model.thread(ThreadId(QStringLiteral("t1")));
        QVERIFY(thread);
        QVERIFY(!thread->runningTurnId);
        QCOMPARE(thread->turns.value(TurnId(QStringLiteral("u1"))).state, TurnState::Interrupted);

        // The thread runs turns again, for real, on the backend thread.
        backend.commands().send(orchestration(turnStart("t1", "u2", "m2", "printf two")));
        const auto completedU2 = [&log] {
            for (const StoredEvent &event : log.domainEvents("thread.turn-completed"))
                if (event.payload.value("turnId").toString() == u"u2")
                    return std::optional<StoredEvent>(event);
            return std::optional<StoredEvent>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(completedU2(), 15'000);
        const StoredEvent completed = *completedU2();
        QCOMPARE(completed.payload.value("outcome").toString(), QStringLiteral("completed"));
        QString text;
        for (const StoredEvent &event : log.domainEvents("thread.message-sent"))
            if (event.payload.value("role").toString() == u"assistant")
                text += event.payload.value("text").toString();
        QCOMPARE(text, QStringLiteral("two"));
    }
};

QTEST_GUILESS_MAIN(ProviderBackendTest)
#include "tst_provider_backend.moc"

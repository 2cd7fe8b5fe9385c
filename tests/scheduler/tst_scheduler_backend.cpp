// The scheduler inside the application's backend thread, with the reactors the GUI runs
// (providers, checkpoints): started workflows run for real, a task's turn is the scheduler's
// alone, an interrupt cancels the task, and a restart carries an interrupted run on.

#include "backend/domain/WorkflowCommands.h"
#include "backend/providers/ProviderReactor.h"
#include "backend/runtime/Backend.h"
#include "backend/scheduler/SchedulerLock.h"
#include "backend/scheduler/SchedulerReactor.h"
#include "tests/support/AppEventLog.h"
#include "tests/support/Commands.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;
using namespace testing;

namespace {

constexpr int kRunTimeoutMs = 30'000;

BackendConfig appConfig(const QString &databasePath)
{
    BackendConfig config;
    config.databasePath = databasePath;
    config.checkpoints = true;
    config.turnGate = std::make_shared<TurnGate>();
    ProviderReactor::Options providers;
    providers.turnGate = config.turnGate;
    config.reactors.push_back(std::make_shared<ProviderReactor>(providers));
    config.reactors.push_back(std::make_shared<SchedulerReactor>(databasePath));
    return config;
}

QString makeWorkspace(const QTemporaryDir &dir)
{
    const QString workspace = dir.filePath(QStringLiteral("workspace"));
    QDir().mkpath(workspace);
    return workspace;
}

QJsonObject shellTask(const QString &id, const QString &shell)
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("shell"), shell}};
}

QJsonObject document(const QJsonArray &tasks, const QJsonArray &dependencies = {})
{
    return QJsonObject {{QStringLiteral("title"), QStringLiteral("Workflow")},
                        {QStringLiteral("tasks"), tasks},
                        {QStringLiteral("dependencies"), dependencies}};
}

QJsonObject edge(const QString &from, const QString &to)
{
    return QJsonObject {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}};
}

void importAndStart(BackendThread &backend, const QString &workspace, const QJsonObject &doc)
{
    backend.commands().send(orchestration(projectCreate(QStringLiteral("p1"), workspace)));
    backend.commands().send(orchestration(WorkflowImport {
        freshCommandId(), WorkflowId(QStringLiteral("w1")), ProjectId(QStringLiteral("p1")), doc}));
    backend.commands().send(
        orchestration(WorkflowStart {freshCommandId(), WorkflowId(QStringLiteral("w1"))}));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// Activities and turn outcomes on the threads of tasks, as "<type>: <detail>" lines.
QStringList taskThreadTrouble(const EventLog &log)
{
    QStringList trouble;
    for (const StoredEvent &e : log.domainEvents(QStringLiteral("thread.activity-appended")))
        trouble.append(QStringLiteral("activity: ") + e.payload.value("summary").toString());
    for (const auto &rejected : log.all<AppEvent::CommandRejected>())
        trouble.append(QStringLiteral("rejected: ") + rejected.message);
    for (const auto &failed : log.all<AppEvent::ReactorFailed>())
        trouble.append(QStringLiteral("reactor failed: ") + failed.message);
    return trouble;
}

} // namespace

class SchedulerBackendTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_app_backend_when_workflow_started_then_tasks_run_in_order_and_it_completes()
    {
        QTemporaryDir dir;
        const QString workspace = makeWorkspace(dir);
        BackendThread backend(appConfig(dir.filePath(QStringLiteral("weft.sqlite"))));
        EventLog log(backend.events());
        QTRY_COMPARE(log.all<AppEvent::Ready>().size(), 1);

        importAndStart(
            backend, workspace,
            document({shellTask(QStringLiteral("a"), QStringLiteral("echo a > a.txt")),
                      shellTask(QStringLiteral("b"), QStringLiteral("cat a.txt > b.txt"))},
                     {edge(QStringLiteral("a"), QStringLiteral("b"))}));

        QTRY_COMPARE_WITH_TIMEOUT(log.domainEvents(QStringLiteral("workflow.completed")).size(), 1,
                                  kRunTimeoutMs);
        const StoredEvent completed
            = log.domainEvents(QStringLiteral("workflow.completed")).first();
        QCOMPARE(completed.payload.value("succeeded").toBool(), true);
        QCOMPARE(readFile(QDir(workspace).filePath(QStringLiteral("b.txt"))), QByteArray("a\n"));
        QCOMPARE(log.domainEvents(QStringLiteral("task.succeeded")).size(), 2);

        // Each attempt was a turn on its task's thread, completed by the scheduler alone: no
        // provider tried to run it, no checkpoint was attempted, nothing was refused.
        const QList<StoredEvent> turns = log.domainEvents(QStringLiteral("thread.turn-completed"));
        QCOMPARE(turns.size(), 2);
        for (const StoredEvent &turn : turns)
            QCOMPARE(turn.payload.value("outcome").toString(), QStringLiteral("completed"));
        QCOMPARE(taskThreadTrouble(log), QStringList());
    }

    void given_running_task_when_user_interrupts_its_turn_then_task_is_canceled()
    {
        QTemporaryDir dir;
        const QString workspace = makeWorkspace(dir);
        BackendThread backend(appConfig(dir.filePath(QStringLiteral("weft.sqlite"))));
        EventLog log(backend.events());
        QTRY_COMPARE(log.all<AppEvent::Ready>().size(), 1);

        importAndStart(backend, workspace,
                       document({shellTask(QStringLiteral("slow"), QStringLiteral("sleep 60")),
                                 shellTask(QStringLiteral("after"), QStringLiteral("touch after"))},
                                {edge(QStringLiteral("slow"), QStringLiteral("after"))}));
        QTRY_COMPARE_WITH_TIMEOUT(log.domainEvents(QStringLiteral("task.attempt-started")).size(),
                                  1, kRunTimeoutMs);
        const StoredEvent started
            = log.domainEvents(QStringLiteral("task.attempt-started")).first();
        const ThreadId threadId(started.payload.value("threadId").toString());
        const TurnId turnId(started.payload.value("turnId").toString());
        QVERIFY(!threadId.value.isEmpty());
        QVERIFY(!turnId.value.isEmpty());

        backend.commands().send(
            orchestration(ThreadTurnInterrupt {freshCommandId(), threadId, turnId}));

        QTRY_COMPARE_WITH_TIMEOUT(log.domainEvents(QStringLiteral("workflow.completed")).size(), 1,
                                  kRunTimeoutMs);
        QCOMPARE(log.domainEvents(QStringLiteral("task.canceled")).size() >= 1, true);
        QCOMPARE(log.domainEvents(QStringLiteral("workflow.completed"))
                     .first()
                     .payload.value("succeeded")
                     .toBool(),
                 false);
        QVERIFY(!QFile::exists(QDir(workspace).filePath(QStringLiteral("after"))));
        // The turn settles: the thread is not left running.
        QTRY_COMPARE_WITH_TIMEOUT(log.domainEvents(QStringLiteral("thread.turn-completed")).size(),
                                  1, kRunTimeoutMs);
    }

    void given_weft_run_holding_the_database_when_app_starts_then_tasks_wait_until_it_stops()
    {
        QTemporaryDir dir;
        const QString workspace = makeWorkspace(dir);
        const QString database = dir.filePath(QStringLiteral("weft.sqlite"));
        auto other = std::make_unique<SchedulerLock>(database); // as `weft run` holds it
        QVERIFY(other->tryAcquire());
        BackendThread backend(appConfig(database));
        EventLog log(backend.events());
        QTRY_COMPARE(log.all<AppEvent::Ready>().size(), 1);
        importAndStart(backend, workspace,
                       document({shellTask(QStringLiteral("a"), QStringLiteral("touch a"))}));
        QTRY_COMPARE(log.domainEvents(QStringLiteral("workflow.started")).size(), 1);
        // Beyond one retry period of the waiting scheduler: nothing may have started.
        QTest::qWait(4000);
        QCOMPARE(log.domainEvents(QStringLiteral("task.attempt-started")).size(), 0);

        other.reset();
        QTRY_COMPARE_WITH_TIMEOUT(log.domainEvents(QStringLiteral("workflow.completed")).size(), 1,
                                  kRunTimeoutMs);
        QVERIFY(QFile::exists(QDir(workspace).filePath(QStringLiteral("a"))));
    }

    void given_attempt_cut_off_by_shutdown_when_backend_restarts_then_task_runs_again_and_succeeds()
    {
        QTemporaryDir dir;
        const QString workspace = makeWorkspace(dir);
        const QString database = dir.filePath(QStringLiteral("weft.sqlite"));
        // The first attempt leaves a mark and hangs; the second finds the mark and finishes.
        QJsonObject task = shellTask(
            QStringLiteral("once"),
            QStringLiteral(
                "echo run >> runs; if [ -f mark ]; then exit 0; fi; touch mark; sleep 60"));
        task.insert(QStringLiteral("retry"),
                    QJsonObject {{QStringLiteral("maxAttempts"), 3},
                                 {QStringLiteral("backoff"),
                                  QJsonObject {{QStringLiteral("type"), QStringLiteral("fixed")},
                                               {QStringLiteral("delayMs"), 0}}}});
        {
            BackendThread backend(appConfig(database));
            EventLog log(backend.events());
            QTRY_COMPARE(log.all<AppEvent::Ready>().size(), 1);
            importAndStart(backend, workspace, document({task}));
            QTRY_VERIFY_WITH_TIMEOUT(
                QFile::exists(QDir(workspace).filePath(QStringLiteral("mark"))), kRunTimeoutMs);
        } // the application quits with the attempt running: its process is killed

        BackendThread backend(appConfig(database));
        EventLog log(backend.events());
        QTRY_COMPARE(log.all<AppEvent::Ready>().size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(log.domainEvents(QStringLiteral("workflow.completed")).size(), 1,
                                  kRunTimeoutMs);
        QCOMPARE(log.domainEvents(QStringLiteral("workflow.completed"))
                     .first()
                     .payload.value("succeeded")
                     .toBool(),
                 true);
        QCOMPARE(readFile(QDir(workspace).filePath(QStringLiteral("runs"))),
                 QByteArray("run\nrun\n"));
    }
};

QTEST_GUILESS_MAIN(SchedulerBackendTest)
#include "tst_scheduler_backend.moc"

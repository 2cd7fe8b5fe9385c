// AttemptListModel against a real backend on a temporary database, with no scheduler: the test
// dispatches a task's transitions itself. Covers a view that follows attempts live and one
// that opens after they happened (a new client on the same store).
#include "backend/domain/Commands.h"
#include "frontend/AppClient.h"
#include "frontend/AttemptListModel.h"
#include "tests/support/ClientCommands.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace backend;
using namespace Qt::StringLiterals;

namespace {

const WorkflowId kWorkflow(u"w"_s);
const TaskId kTask(u"flaky"_s);

/// A client with no reactors: nothing runs unless the test dispatches it.
std::unique_ptr<frontend::AppClient> quietClient(const QString &path)
{
    BackendConfig config;
    config.databasePath = path;
    return std::make_unique<frontend::AppClient>(std::move(config));
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace

class TestAttemptListModel : public QObject
{
    Q_OBJECT

    static bool run(frontend::AppClient &client, Command command)
    {
        return testing::dispatchAndWait(client, std::move(command));
    }

    /// A ready client on a database in `dir` with a prepared task; nullptr when that failed.
    static std::unique_ptr<frontend::AppClient> preparedClient(const QTemporaryDir &dir)
    {
        auto client = quietClient(dir.filePath(u"weft.sqlite"_s));
        if (!QTest::qWaitFor([&] { return client->isReady(); }, 20'000)
            || !prepare(*client, dir.path()))
            return nullptr;
        return client;
    }

    /// A project, a running workflow and a task with two attempts allowed, promoted to ready.
    static bool prepare(frontend::AppClient &client, const QString &root)
    {
        const ProjectId project = ProjectId::generate();
        TaskSpec spec;
        spec.title = u"Flaky"_s;
        spec.shell = u"exit 3"_s;
        spec.retry = RetryPolicy {2, Backoff {}};
        return run(client, ProjectCreate {CommandId::generate(), project, u"P"_s, root})
            && run(client, WorkflowCreate {CommandId::generate(), kWorkflow, project, u"W"_s})
            && run(client, TaskAdd {CommandId::generate(), kWorkflow, kTask, spec})
            && run(client, WorkflowStart {CommandId::generate(), kWorkflow})
            && run(client, TaskPromote {CommandId::generate(), kWorkflow, kTask, now()});
    }

    static bool lease(frontend::AppClient &client, int attempt)
    {
        return run(client,
                   TaskLease {CommandId::generate(), kWorkflow, kTask, WorkerId(u"local-0"_s),
                              attempt, now().addSecs(60)});
    }
    static bool start(frontend::AppClient &client, int attempt)
    {
        // No thread of that id exists: as with the scheduler's recordTurns off.
        return run(client,
                   TaskAttemptStart {CommandId::generate(), kWorkflow, kTask, attempt,
                                     ThreadId(u"no-thread"_s), TurnId(u"turn-%1"_s.arg(attempt))});
    }
    static bool finish(frontend::AppClient &client, int attempt, AttemptOutcome outcome,
                       int exitCode)
    {
        return run(client,
                   TaskAttemptFinish {CommandId::generate(), kWorkflow, kTask, attempt, outcome,
                                      exitCode, std::nullopt});
    }
    static bool failThenSucceed(frontend::AppClient &client)
    {
        return lease(client, 1) && start(client, 1) && finish(client, 1, AttemptOutcome::Failed, 3)
            && run(client, TaskRetrySchedule {CommandId::generate(), kWorkflow, kTask, 1, now()})
            && run(client, TaskPromote {CommandId::generate(), kWorkflow, kTask, now().addMSecs(1)})
            && lease(client, 2) && start(client, 2)
            && finish(client, 2, AttemptOutcome::Succeeded, 0)
            && run(client, TaskSucceed {CommandId::generate(), kWorkflow, kTask});
    }

    /// Points `model` at a task of kWorkflow and waits for its read of the store.
    static bool open(frontend::AttemptListModel &model, frontend::AppClient &client,
                     const TaskId &task)
    {
        model.setClient(&client);
        model.setWorkflowId(kWorkflow.value);
        model.setTaskId(task.value);
        return QTest::qWaitFor([&] { return !model.isLoading(); }, 20'000);
    }

    static void checkFailedThenSucceeded(const frontend::AttemptListModel &model)
    {
        QCOMPARE(model.count(), 2);
        const QVariantMap newest = model.get(0);
        QCOMPARE(newest.value(u"attempt"_s).toInt(), 2);
        QCOMPARE(newest.value(u"outcome"_s).toString(), u"succeeded"_s);
        QCOMPARE(newest.value(u"exitCode"_s).toInt(), 0);
        QCOMPARE(newest.value(u"turnId"_s).toString(), u"turn-2"_s);
        QVERIFY(newest.value(u"durationMs"_s).toLongLong() >= 0);
        const QVariantMap first = model.get(1);
        QCOMPARE(first.value(u"attempt"_s).toInt(), 1);
        QCOMPARE(first.value(u"outcome"_s).toString(), u"failed"_s);
        QCOMPARE(first.value(u"exitCode"_s).toInt(), 3);
        QVERIFY(first.value(u"startedAt"_s).toDateTime().isValid());
        // The thread does not exist: the row offers no turn to open.
        QCOMPARE(first.value(u"hasTurn"_s).toBool(), false);
    }

private Q_SLOTS:
    void given_open_view_when_a_task_fails_once_and_succeeds_then_rows_follow_newest_first()
    {
        QTemporaryDir dir;
        auto client = preparedClient(dir);
        QVERIFY(client);
        frontend::AttemptListModel model;
        QVERIFY(open(model, *client, kTask));
        QCOMPARE(model.count(), 0);

        QVERIFY(lease(*client, 1));
        QTRY_COMPARE_WITH_TIMEOUT(model.count(), 1, 20'000);
        QCOMPARE(model.get(0).value(u"outcome"_s).toString(), u"leased"_s);
        QVERIFY(start(*client, 1));
        QTRY_COMPARE_WITH_TIMEOUT(model.get(0).value(u"outcome"_s).toString(), u"running"_s,
                                  20'000);
        QCOMPARE(model.get(0).value(u"durationMs"_s).toLongLong(), -1);
        QVERIFY(finish(*client, 1, AttemptOutcome::Failed, 3));
        QTRY_COMPARE_WITH_TIMEOUT(model.get(0).value(u"exitCode"_s).toInt(), 3, 20'000);

        QVERIFY(
            run(*client, TaskRetrySchedule {CommandId::generate(), kWorkflow, kTask, 1, now()}));
        QVERIFY(
            run(*client, TaskPromote {CommandId::generate(), kWorkflow, kTask, now().addMSecs(1)}));
        QVERIFY(lease(*client, 2) && start(*client, 2));
        QVERIFY(finish(*client, 2, AttemptOutcome::Succeeded, 0));
        QTRY_COMPARE_WITH_TIMEOUT(model.get(0).value(u"outcome"_s).toString(), u"succeeded"_s,
                                  20'000);
        checkFailedThenSucceeded(model);
    }

    void given_attempts_stored_when_a_new_client_opens_the_task_then_every_attempt_shows()
    {
        QTemporaryDir dir;
        {
            auto before = preparedClient(dir);
            QVERIFY(before);
            QVERIFY(failThenSucceed(*before));
        }
        // The new client gets the read model, which keeps only the latest attempt.
        auto after = quietClient(dir.filePath(u"weft.sqlite"_s));
        QTRY_VERIFY2_WITH_TIMEOUT(
            after->isReady(),
            qPrintable(u"failed: %1, %2"_s.arg(after->hasFailed()).arg(after->lastError())),
            20'000);
        const TaskView *task = after->model().task(kWorkflow, kTask);
        QVERIFY(task);
        QCOMPARE(task->attemptCount, 2);
        frontend::AttemptListModel model;
        QVERIFY(open(model, *after, kTask));
        checkFailedThenSucceeded(model);
    }

    void given_view_of_one_task_when_another_task_changes_then_its_rows_stay()
    {
        QTemporaryDir dir;
        auto client = preparedClient(dir);
        QVERIFY(client);
        frontend::AttemptListModel model;
        QVERIFY(open(model, *client, TaskId(u"other"_s)));
        QVERIFY(lease(*client, 1));
        QCOMPARE(model.count(), 0);
        // Pointing it at the task reads what happened meanwhile.
        model.setTaskId(kTask.value);
        QTRY_COMPARE_WITH_TIMEOUT(model.count(), 1, 20'000);
    }
};

QTEST_GUILESS_MAIN(TestAttemptListModel)

#include "tst_attempt_list_model.moc"

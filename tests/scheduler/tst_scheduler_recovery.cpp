// Restart recovery and the durable loop as a whole: attempts cut off by a restart are failed
// as interrupted_by_restart and retried by policy; recorded successes never run again.

#include "SchedulerHarness.h"

#include "backend/scheduler/CronSchedule.h"

#include <QJsonArray>

using namespace harness;

class TestSchedulerRecovery : public QObject
{
    Q_OBJECT

private slots:
    void given_a_running_attempt_when_weft_restarts_then_it_is_failed_and_retried()
    {
        Harness h(2);
        h.run(R"({"tasks":[{"id":"a","shell":"true"},{"id":"b","shell":"true","retry":
                 {"maxAttempts":3,"backoff":{"type":"fixed","delayMs":0}}}],
                  "dependencies":[]})");
        h.tick();
        h.executor.finish(u"a"_s, AttemptOutcome::Succeeded);
        h.tick();
        QCOMPARE(h.state(u"a"_s), TaskRunState::Succeeded);
        QCOMPARE(h.state(u"b"_s), TaskRunState::Running);

        h.executor.live.clear(); // the process died with Weft
        h.open();
        h.scheduler->recover();
        const TaskView b = h.task(u"b"_s);
        QCOMPARE(b.state, TaskRunState::RetryWait);
        QCOMPARE(b.lastOutcome, AttemptOutcome::Lost);
        QCOMPARE(b.lastError, u"interrupted_by_restart"_s);
        const ReadModel model = h.engine->readModel();
        QVERIFY(!model.thread(*b.threadId)->runningTurnId);
        const qsizetype threads = model.threads.size();

        h.executor.succeedAtOnce = true;
        h.scheduler->runUntilIdle();
        QCOMPARE(h.state(u"b"_s), TaskRunState::Succeeded);
        QCOMPARE(h.task(u"b"_s).attemptCount, 2);
        // The second attempt is a second turn on the thread the first one recorded.
        const ReadModel after = h.engine->readModel();
        QCOMPARE(h.task(u"b"_s).threadId, b.threadId);
        QCOMPARE(after.threads.size(), threads);
        QCOMPARE(after.thread(*b.threadId)->turnOrder.size(), 2);
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"a"_s, u"b"_s, u"b"_s}));
        QVERIFY(h.workflowView().succeeded);
    }

    void given_an_interrupted_attempt_without_retries_when_weft_restarts_then_the_task_fails()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"true"},{"id":"b","shell":"true"}],
                  "dependencies":[{"from":"a","to":"b"}]})");
        h.tick();
        h.executor.live.clear();
        h.open();
        h.scheduler->recover();
        QCOMPARE(h.state(u"a"_s), TaskRunState::Failed);
        QCOMPARE(h.state(u"b"_s), TaskRunState::UpstreamFailed);
    }

    void given_a_diamond_when_running_until_idle_then_every_task_succeeds_in_dependency_order()
    {
        Harness h(4);
        h.executor.succeedAtOnce = true;
        h.run(R"({"tasks":[{"id":"top","shell":"true"},{"id":"left","shell":"true"},
                           {"id":"right","shell":"true"},{"id":"bottom","shell":"true"}],
                  "dependencies":[{"from":"top","to":"left"},{"from":"top","to":"right"},
                                  {"from":"left","to":"bottom"},{"from":"right","to":"bottom"}]})");
        const auto report = h.scheduler->runUntilIdle();
        QCOMPARE(report.rejected, 0);
        QCOMPARE(h.executor.startedTasks(),
                 (QStringList {u"top"_s, u"left"_s, u"right"_s, u"bottom"_s}));
        QCOMPARE(h.workflowView().state, WorkflowState::Completed);
        QVERIFY(h.workflowView().succeeded);
        QCOMPARE(h.scheduler->liveAttempts(), 0);
    }

    void given_a_task_not_before_later_when_ticking_then_it_waits_and_the_wake_time_says_when()
    {
        Harness h(1);
        const QDateTime at = h.clock.now().addSecs(30);
        // Built with QJsonObject: moc misreads a raw string that ends in a quote.
        QJsonObject a {{u"id"_s, u"a"_s},
                       {u"shell"_s, u"true"_s},
                       {u"notBefore"_s, at.toString(Qt::ISODateWithMs)}};
        const QByteArray json = QJsonDocument(QJsonObject {{u"tasks"_s, QJsonArray {a}}}).toJson();
        h.run(json.constData());
        h.tick();
        QVERIFY(h.executor.started.isEmpty());
        QCOMPARE(h.scheduler->nextWakeAt(), at);
        h.clock.set(at);
        h.tick();
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"a"_s}));
    }

    void given_cron_expressions_when_parsing_then_fields_and_errors_are_reported()
    {
        const auto every = CronSchedule::parse(u"*/20 9-10 * * 1-5"_s);
        QVERIFY(every.has_value());
        const QDateTime monday(QDate(2026, 11, 23), QTime(8, 59), Qt::UTC);
        const auto runs = every->occurrences(monday, monday.addSecs(2 * 3600));
        QCOMPARE(runs.size(), 6);
        QCOMPARE(runs.constFirst(), QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC));
        QCOMPARE(runs.constLast(), QDateTime(QDate(2026, 11, 23), QTime(10, 40), Qt::UTC));
        const auto sunday = CronSchedule::parse(u"0 0 * * 7"_s);
        QVERIFY(sunday && sunday->matches(QDateTime(QDate(2026, 11, 22), QTime(0, 0), Qt::UTC)));
        QVERIFY(!CronSchedule::parse(u"61 * * * *"_s));
        QVERIFY(!CronSchedule::parse(u"* * *"_s));
        QVERIFY(!CronSchedule::parse(u"*/0 * * * *"_s));
    }
};

QTEST_GUILESS_MAIN(TestSchedulerRecovery)
#include "tst_scheduler_recovery.moc"

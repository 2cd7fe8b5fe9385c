// The dispatch loop with a manual clock and a fake executor: order, gates, retries, timeouts,
// leases, pause, drain, cron and cancellation. No test sleeps.

#include "SchedulerHarness.h"

using namespace harness;

class TestSchedulerLoop : public QObject
{
    Q_OBJECT

private slots:
    void given_fair_and_busy_workflows_when_one_slot_frees_at_a_time_then_they_take_turns()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"p1","shell":"true","priority":9},
                           {"id":"p2","shell":"true","priority":9},
                           {"id":"p3","shell":"true","priority":9}]})",
              WorkflowId(u"busy"_s));
        h.run(R"({"strategy":"fair","tasks":[{"id":"f1","shell":"true"},
                                             {"id":"f2","shell":"true"}]})",
              WorkflowId(u"fair"_s));
        QStringList order;
        for (int i = 0; i < 5; ++i) {
            h.tick();
            QCOMPARE(h.executor.live.size(), qsizetype(1));
            const QString running = h.executor.live.cbegin().key();
            order.append(running);
            h.executor.finish(running, AttemptOutcome::Succeeded);
        }
        // By priority alone the busy workflow would take the slot three times first.
        QCOMPARE(order, (QStringList {u"p1"_s, u"f1"_s, u"p2"_s, u"f2"_s, u"p3"_s}));
    }

    void given_ready_tasks_when_one_slot_then_priority_first_then_file_order()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"true"},{"id":"b","shell":"true","priority":5},
                           {"id":"c","shell":"true","priority":5},
                           {"id":"d","shell":"true","priority":9}]})");
        for (const char *next : {"d", "b", "c", "a"}) {
            h.tick();
            QCOMPARE(h.executor.started.constLast().taskId.value, QString::fromLatin1(next));
            h.executor.finish(QString::fromLatin1(next), AttemptOutcome::Succeeded);
        }
        h.tick();
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"d"_s, u"b"_s, u"c"_s, u"a"_s}));
        QCOMPARE(h.workflowView().state, WorkflowState::Completed);
        QVERIFY(h.workflowView().succeeded);
    }

    void given_two_tasks_with_one_concurrency_key_when_ticking_then_one_runs_at_a_time()
    {
        Harness h(4);
        h.run(R"({"tasks":[{"id":"a","shell":"true","concurrencyKey":"k"},
                           {"id":"b","shell":"true","concurrencyKey":"k"},
                           {"id":"c","shell":"true"}]})");
        h.tick();
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"a"_s, u"c"_s}));
        QCOMPARE(h.state(u"b"_s), TaskRunState::Ready);
        h.tick();
        QCOMPARE(h.executor.started.size(), 2);
        h.executor.finish(u"a"_s, AttemptOutcome::Succeeded);
        h.tick();
        QCOMPARE(h.executor.startedTasks().constLast(), u"b"_s);
    }

    void given_exponential_backoff_with_jitter_when_an_attempt_fails_then_retry_lies_in_bounds()
    {
        Scheduler::Options o;
        o.jitterSample = [] { return 0.999; };
        Harness h(1, o);
        h.run(R"({"tasks":[{"id":"a","shell":"false","retry":{"maxAttempts":3,"backoff":
                 {"type":"exponential","baseMs":1000,"maxMs":1500,"jitter":0.5}}}]})");
        h.tick();
        h.executor.finish(u"a"_s, AttemptOutcome::Failed, 1);
        h.tick();
        const TaskView t = h.task(u"a"_s);
        QCOMPARE(t.state, TaskRunState::RetryWait);
        const qint64 delay = h.clock.now().msecsTo(t.retryAt);
        QVERIFY2(delay >= 500 && delay <= 1000, qPrintable(QString::number(delay)));
        h.clock.advance(delay - 1);
        h.tick();
        QCOMPARE(h.executor.started.size(), 1);
        h.clock.advance(1);
        h.tick();
        QCOMPARE(h.executor.started.size(), 2);
        QCOMPARE(h.executor.started.constLast().attempt, 2);
        h.executor.finish(u"a"_s, AttemptOutcome::Failed, 1);
        h.tick();
        // Second retry: base doubled to 2000, capped at 1500, minus up to half.
        const qint64 second = h.clock.now().msecsTo(h.task(u"a"_s).retryAt);
        QVERIFY2(second >= 750 && second <= 1500, qPrintable(QString::number(second)));
    }

    void given_fixed_backoff_when_attempts_run_out_then_task_fails_and_dependents_upstream_fail()
    {
        Harness h(2);
        h.run(R"({"tasks":[{"id":"a","shell":"false","retry":{"maxAttempts":2,
                             "backoff":{"type":"fixed","delayMs":100}}},
                           {"id":"b","shell":"true"},{"id":"c","shell":"true"}],
                  "dependencies":[{"from":"a","to":"b"},{"from":"b","to":"c"}]})");
        h.tick();
        h.executor.finish(u"a"_s, AttemptOutcome::Failed, 3);
        h.tick();
        QCOMPARE(h.state(u"a"_s), TaskRunState::RetryWait);
        QCOMPARE(h.clock.now().msecsTo(h.task(u"a"_s).retryAt), 100);
        h.clock.advance(100);
        h.tick();
        h.executor.finish(u"a"_s, AttemptOutcome::Failed, 3);
        h.tick();
        QCOMPARE(h.state(u"a"_s), TaskRunState::Failed);
        QCOMPARE(h.state(u"b"_s), TaskRunState::UpstreamFailed);
        QCOMPARE(h.state(u"c"_s), TaskRunState::UpstreamFailed);
        QCOMPARE(h.workflowView().state, WorkflowState::Completed);
        QVERIFY(!h.workflowView().succeeded);
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"a"_s, u"a"_s}));
    }

    void given_a_timeout_when_the_attempt_runs_past_it_then_it_is_stopped_as_timed_out()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"sleep 100","timeoutMs":5000}]})");
        h.tick();
        h.clock.advance(4999);
        h.tick();
        QVERIFY(!h.executor.stops.contains(u"a"_s));
        h.clock.advance(1);
        h.tick(); // stops it; the fake reports timed_out at once
        h.tick();
        const TaskView t = h.task(u"a"_s);
        QCOMPARE(t.state, TaskRunState::Failed);
        QCOMPARE(t.lastOutcome, AttemptOutcome::TimedOut);
    }

    void given_a_worker_that_stops_answering_when_its_lease_ends_then_the_attempt_is_retried()
    {
        Scheduler::Options o;
        o.leaseMs = 10'000;
        o.heartbeatMs = 3'000;
        Harness h(2, o);
        h.run(R"({"tasks":[{"id":"hung","shell":"true","retry":{"maxAttempts":2,
                             "backoff":{"type":"fixed","delayMs":0}}},
                           {"id":"alive","shell":"true"}]})");
        h.tick();
        h.executor.live[u"hung"_s].responsive = false;
        for (int i = 0; i < 4; ++i) {
            h.clock.advance(3'000);
            h.tick();
        }
        // 12 s on: the answering worker renewed its lease, the other one lost it.
        QCOMPARE(h.state(u"alive"_s), TaskRunState::Running);
        QVERIFY(h.task(u"alive"_s).leaseDeadline > h.clock.now());
        QCOMPARE(h.executor.started.constLast().taskId.value, u"hung"_s);
        QCOMPARE(h.executor.started.constLast().attempt, 2);
        QCOMPARE(h.executor.live.value(u"hung"_s).request.attempt, 2);
    }

    void given_a_paused_workflow_when_ticking_then_nothing_starts_until_resumed()
    {
        Harness h(2);
        h.run(R"({"tasks":[{"id":"a","shell":"true"},{"id":"b","shell":"true"}],
                  "dependencies":[{"from":"a","to":"b"}]})");
        h.tick();
        h.dispatchOk(WorkflowPause {CommandId::generate(), h.workflow});
        h.executor.finish(u"a"_s, AttemptOutcome::Succeeded);
        h.tick();
        QCOMPARE(h.state(u"a"_s), TaskRunState::Succeeded); // in flight: recorded while paused
        QCOMPARE(h.state(u"b"_s), TaskRunState::Scheduled);
        QCOMPARE(h.executor.started.size(), 1);
        h.dispatchOk(WorkflowResume {CommandId::generate(), h.workflow});
        h.tick();
        QCOMPARE(h.state(u"b"_s), TaskRunState::Running);
    }

    void given_a_drain_when_an_attempt_is_in_flight_then_it_is_recorded_and_nothing_new_starts()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"true"},{"id":"b","shell":"true"}]})");
        h.tick();
        h.scheduler->startDrain();
        QVERIFY(!h.scheduler->drainUntilIdle(60'000));
        h.executor.finish(u"a"_s, AttemptOutcome::Succeeded);
        QVERIFY(h.scheduler->drainUntilIdle(60'000));
        QCOMPARE(h.state(u"a"_s), TaskRunState::Succeeded);
        QCOMPARE(h.state(u"b"_s), TaskRunState::Ready);
        QCOMPARE(h.executor.started.size(), 1);
    }

    void given_a_drain_timeout_when_it_passes_then_attempts_left_are_stopped()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"sleep 100"}]})");
        h.tick();
        QVERIFY(!h.scheduler->drainUntilIdle(1'000));
        h.clock.advance(1'000);
        QVERIFY(h.scheduler->drainUntilIdle(1'000));
        QCOMPARE(h.executor.stops.value(u"a"_s), StopReason::Drained);
        QCOMPARE(h.task(u"a"_s).lastOutcome, AttemptOutcome::Canceled);
        // No retry policy, yet not failed: the stopped attempt was not the task's failure.
        QCOMPARE(h.state(u"a"_s), TaskRunState::RetryWait);
        QCOMPARE(h.task(u"a"_s).attemptsUsed(), 0);
    }

    void given_a_drained_task_when_a_new_scheduler_runs_then_it_runs_again_and_succeeds()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"sleep 100"}]})");
        h.tick();
        // A timeout of 0 stops the attempt at once; the fake executor reports it as it stops.
        h.scheduler->drainUntilIdle(0);
        QVERIFY(h.scheduler->drainUntilIdle(0));
        QCOMPARE(h.state(u"a"_s), TaskRunState::RetryWait);

        h.open(); // the engine replayed and a new scheduler, as `weft run --resume` makes
        h.scheduler->recover();
        h.tick();
        QCOMPARE(h.state(u"a"_s), TaskRunState::Running);
        QCOMPARE(h.task(u"a"_s).currentAttempt, 2);
        h.executor.finish(u"a"_s, AttemptOutcome::Succeeded);
        h.tick();
        QCOMPARE(h.state(u"a"_s), TaskRunState::Succeeded);
    }

    void given_a_cron_task_when_ticking_then_runs_inside_the_window_are_added_and_run_when_due()
    {
        Scheduler::Options o;
        o.cronWindowMs = 3'600'000;
        Harness h(2, o);
        h.clock.set(QDateTime(QDate(2026, 11, 23), QTime(9, 0, 0, 0), Qt::UTC));
        h.run(R"({"tasks":[{"id":"report","shell":"true","cron":"*/15 * * * *"}]})");
        h.tick();
        QStringList runs = h.workflowView().taskOrder.size() > 1 ? QStringList() : QStringList();
        for (const TaskId &id : h.workflowView().taskOrder)
            runs.append(id.value);
        QCOMPARE(runs,
                 (QStringList {u"report"_s, u"report@20261123T090000Z"_s,
                               u"report@20261123T091500Z"_s, u"report@20261123T093000Z"_s,
                               u"report@20261123T094500Z"_s, u"report@20261123T100000Z"_s}));
        h.tick();
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"report@20261123T090000Z"_s}));
        QCOMPARE(h.task(u"report@20261123T091500Z"_s).spec.parentTaskId, TaskId(u"report"_s));
        h.clock.advance(15 * 60'000);
        h.tick();
        QCOMPARE(h.executor.startedTasks().constLast(), u"report@20261123T091500Z"_s);
        // The window rolls: a quarter of an hour later one more run exists.
        QCOMPARE(h.workflowView().taskOrder.constLast().value, u"report@20261123T101500Z"_s);
    }

    void
    given_a_running_child_when_its_parent_is_canceled_then_the_hierarchy_is_canceled_and_stopped()
    {
        Harness h(2);
        h.run(R"({"tasks":[{"id":"p","shell":"true"},{"id":"c1","shell":"true","parentTaskId":"p"},
                           {"id":"d","shell":"true"}],
                  "dependencies":[{"from":"c1","to":"d"},{"from":"p","to":"c1",
                                   "type":"preferred_order"}]})");
        h.tick();
        QCOMPARE(h.state(u"c1"_s), TaskRunState::Running);
        h.dispatchOk(TaskCancel {CommandId::generate(), h.workflow, TaskId(u"p"_s)});
        h.tick();
        QVERIFY(h.executor.stops.contains(u"c1"_s));
        QCOMPARE(h.executor.stops.value(u"c1"_s), StopReason::Canceled);
        h.tick();
        QCOMPARE(h.state(u"p"_s), TaskRunState::Canceled);
        QCOMPARE(h.state(u"c1"_s), TaskRunState::Canceled);
        QCOMPARE(h.state(u"d"_s), TaskRunState::Canceled);
        QCOMPARE(h.scheduler->liveAttempts(), 0);
        const ReadModel model = h.engine->readModel();
        const ThreadView *thread = model.thread(*h.task(u"c1"_s).threadId);
        QVERIFY(thread && !thread->runningTurnId);
    }

    void given_a_preferred_order_edge_when_both_are_ready_then_the_prerequisite_goes_first()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"true"},{"id":"b","shell":"true"}],
                  "dependencies":[{"from":"b","to":"a","type":"preferred_order"}]})");
        h.tick();
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"b"_s}));
    }

    void given_a_preferred_order_edge_when_the_prerequisite_waits_then_the_dependent_runs()
    {
        Harness h(2);
        h.run(R"({"tasks":[{"id":"x","shell":"true"},{"id":"b","shell":"true"},
                           {"id":"a","shell":"true"}],
                  "dependencies":[{"from":"x","to":"b"},
                                  {"from":"b","to":"a","type":"preferred_order"}]})");
        h.tick();
        QCOMPARE(h.state(u"b"_s), TaskRunState::Blocked);
        QCOMPARE(h.executor.startedTasks(), (QStringList {u"x"_s, u"a"_s}));
    }

    void given_a_workflow_file_with_a_cycle_when_importing_then_nothing_is_stored()
    {
        Harness h(1);
        const QJsonObject doc
            = QJsonDocument::fromJson(
                  R"({"tasks":[{"id":"a","shell":"true"},{"id":"b","shell":"true"},
                          {"id":"c","shell":"true"}],
                 "dependencies":[{"from":"a","to":"b"},{"from":"b","to":"c"},{"from":"c","to":"a"}]})")
                  .object();
        const auto r = h.dispatch(
            WorkflowImport {CommandId::generate(), h.workflow, ProjectId(u"p"_s), doc});
        QVERIFY(!r);
        QCOMPARE(r.error().code(), u"cycle_detected"_s);
        QVERIFY(!h.engine->readModel().workflow(h.workflow));
        h.tick();
        QVERIFY(h.executor.started.isEmpty());
    }

    void given_output_when_ticking_then_it_becomes_one_delta_on_the_attempts_turn()
    {
        Harness h(1);
        h.run(R"({"tasks":[{"id":"a","shell":"echo hi"}]})");
        h.tick();
        h.executor.say(u"a"_s, u"hello "_s);
        h.executor.say(u"a"_s, u"world"_s);
        h.executor.finish(u"a"_s, AttemptOutcome::Succeeded);
        h.tick();
        const TaskView t = h.task(u"a"_s);
        QCOMPARE(t.state, TaskRunState::Succeeded);
        const ReadModel model = h.engine->readModel();
        const ThreadView *thread = model.thread(*t.threadId);
        QVERIFY(thread);
        QCOMPARE(thread->turnOrder.size(), 1);
        QCOMPARE(thread->turns.value(*t.turnId).state, TurnState::Completed);
        auto messages = h.engine->store().messages(t.threadId->value, 0, 10);
        QVERIFY(messages.has_value());
        QCOMPARE(messages->size(), 2); // the command line, then the output
        QCOMPARE(messages->constLast().text, u"hello world"_s);
    }
};

QTEST_GUILESS_MAIN(TestSchedulerLoop)
#include "tst_scheduler_loop.moc"

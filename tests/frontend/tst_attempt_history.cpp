// The fold of a task's events into its attempts (frontend/AttemptHistory.h): pure, no store.
#include "backend/domain/EventCodec.h"
#include "frontend/AttemptHistory.h"

#include <QtTest>

using namespace backend;
using namespace Qt::StringLiterals;
using frontend::AttemptHistory;

namespace {

const WorkflowId kWorkflow(QStringLiteral("w"));
const TaskId kTask(QStringLiteral("t"));
const QDateTime kT0 = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);

/// Folds `events` as the store would hand them over: in order, one second apart.
AttemptHistory fold(const QList<Event> &events)
{
    AttemptHistory history;
    qint64 sequence = 0;
    for (const Event &e : events) {
        StoredEvent stored;
        stored.sequence = ++sequence;
        stored.aggregateKind = QStringLiteral("task");
        stored.aggregateId = taskAggregateId(kWorkflow, kTask);
        stored.type = eventTypeOf(e);
        stored.payload = encodeEventPayload(e);
        stored.occurredAt = kT0.addSecs(sequence);
        history.apply(stored);
    }
    return history;
}

TaskLeased leased(int attempt)
{
    return {kWorkflow, kTask, WorkerId(QStringLiteral("local-0")), attempt, kT0.addSecs(600)};
}
TaskAttemptStarted started(int attempt)
{
    return {kWorkflow, kTask, attempt, ThreadId(QStringLiteral("thread")),
            TurnId(QStringLiteral("turn-%1").arg(attempt))};
}
TaskAttemptFinished finished(int attempt, AttemptOutcome outcome, std::optional<int> exitCode,
                             std::optional<QString> error = std::nullopt)
{
    return {kWorkflow, kTask, attempt, outcome, exitCode, std::move(error)};
}

} // namespace

class TestAttemptHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_failed_then_succeeded_attempt_when_folded_then_both_with_exit_codes_and_times()
    {
        const AttemptHistory h
            = fold({leased(1), started(1), finished(1, AttemptOutcome::Failed, 3),
                    TaskRetryScheduled {kWorkflow, kTask, 1, kT0}, leased(2), started(2),
                    finished(2, AttemptOutcome::Succeeded, 0), TaskSucceeded {kWorkflow, kTask}});
        QCOMPARE(h.attempts().size(), 2);
        const frontend::AttemptRecord &first = h.attempts().at(0);
        QCOMPARE(first.attempt, 1);
        QCOMPARE(first.outcome, u"failed"_s);
        QCOMPARE(first.exitCode, 3);
        QVERIFY(first.error.isEmpty());
        QCOMPARE(first.startedAt, kT0.addSecs(2));
        QCOMPARE(first.endedAt, kT0.addSecs(3));
        QCOMPARE(first.threadId, u"thread"_s);
        QCOMPARE(first.turnId, u"turn-1"_s);
        const frontend::AttemptRecord &second = h.attempts().at(1);
        QCOMPARE(second.attempt, 2);
        QCOMPARE(second.outcome, u"succeeded"_s);
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(second.turnId, u"turn-2"_s);
    }

    void given_leased_and_started_attempt_when_folded_then_it_is_open_and_running()
    {
        AttemptHistory h = fold({leased(1)});
        QCOMPARE(h.attempts().at(0).outcome, u"leased"_s);
        h = fold({leased(1), started(1)});
        QCOMPARE(h.attempts().size(), 1);
        QCOMPARE(h.attempts().at(0).outcome, u"running"_s);
        QVERIFY(h.attempts().at(0).isOpen());
    }

    void given_lost_attempt_with_a_reason_when_folded_then_the_outcome_names_the_reason()
    {
        const AttemptHistory h
            = fold({leased(1), started(1),
                    finished(1, AttemptOutcome::Lost, std::nullopt, u"lease_expired"_s),
                    TaskRetryScheduled {kWorkflow, kTask, 1, kT0}, leased(2), started(2),
                    finished(2, AttemptOutcome::Lost, std::nullopt, u"interrupted_by_restart"_s)});
        QCOMPARE(h.attempts().at(0).outcome, u"lease_expired"_s);
        QVERIFY(h.attempts().at(0).error.isEmpty());
        QVERIFY(!h.attempts().at(0).exitCode);
        QCOMPARE(h.attempts().at(1).outcome, u"interrupted_by_restart"_s);
    }

    void given_attempt_with_an_error_of_its_own_when_folded_then_the_error_stays()
    {
        const AttemptHistory h = fold({leased(1), started(1),
                                       finished(1, AttemptOutcome::Failed, std::nullopt,
                                                u"cannot start: no such program"_s)});
        QCOMPARE(h.attempts().at(0).outcome, u"failed"_s);
        QCOMPARE(h.attempts().at(0).error, u"cannot start: no such program"_s);
        const AttemptHistory timedOut
            = fold({leased(1), started(1),
                    finished(1, AttemptOutcome::TimedOut, std::nullopt, u"timed_out"_s)});
        QCOMPARE(timedOut.attempts().at(0).outcome, u"timed_out"_s);
        QVERIFY(timedOut.attempts().at(0).error.isEmpty()); // it only repeated the outcome
        const AttemptHistory exited = fold(
            {leased(1), started(1), finished(1, AttemptOutcome::Failed, 3, u"exit status 3"_s)});
        QVERIFY(exited.attempts().at(0).error.isEmpty()); // it only repeated the exit code
        const AttemptHistory killed
            = fold({leased(1), started(1),
                    finished(1, AttemptOutcome::Failed, std::nullopt, u"killed by signal 9"_s)});
        QCOMPARE(killed.attempts().at(0).error, u"killed by signal 9"_s);
    }

    void given_running_attempt_when_the_task_is_canceled_then_the_attempt_ends_canceled()
    {
        const AttemptHistory h
            = fold({leased(1), started(1), TaskCanceled {kWorkflow, kTask, std::nullopt}});
        QCOMPARE(h.attempts().at(0).outcome, u"canceled"_s);
        QCOMPARE(h.attempts().at(0).endedAt, kT0.addSecs(3));
    }

    void given_leased_attempt_given_up_when_retry_or_fail_follows_then_it_ends_lost()
    {
        const AttemptHistory retried
            = fold({leased(1), TaskRetryScheduled {kWorkflow, kTask, 1, kT0}});
        QCOMPARE(retried.attempts().at(0).outcome, u"lost"_s);
        QVERIFY(!retried.attempts().at(0).startedAt.isValid());
        const AttemptHistory failed
            = fold({leased(1), TaskFailed {kWorkflow, kTask, u"lease_expired"_s}});
        QCOMPARE(failed.attempts().at(0).outcome, u"lease_expired"_s);
    }

    void given_a_finished_attempt_when_the_task_fails_then_its_outcome_stays()
    {
        const AttemptHistory h
            = fold({leased(1), started(1), finished(1, AttemptOutcome::Failed, 3),
                    TaskFailed {kWorkflow, kTask, u"exit status 3"_s}});
        QCOMPARE(h.attempts().at(0).outcome, u"failed"_s);
        QVERIFY(h.attempts().at(0).error.isEmpty());
    }

    void given_events_the_fold_does_not_read_when_folded_then_nothing_changes()
    {
        const AttemptHistory h
            = fold({TaskPromoted {kWorkflow, kTask},
                    TaskLeaseRenewed {kWorkflow, kTask, WorkerId(u"local-0"_s), 1, kT0}});
        QVERIFY(h.attempts().isEmpty());
        QVERIFY(!AttemptHistory::eventTypes().contains(u"task.lease-renewed"_s));
    }
};

QTEST_GUILESS_MAIN(TestAttemptHistory)

#include "tst_attempt_history.moc"

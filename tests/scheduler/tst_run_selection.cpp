// The scheduler's selection rule: priority, then FIFO, then id; one running attempt per
// concurrency key; at most the free slots.

#include "backend/scheduler/RunSelection.h"

#include "backend/domain/Projector.h"

#include <QTest>
#include <QTimeZone>

using namespace backend;
using namespace Qt::StringLiterals;

namespace {

RunCandidate candidate(const char *id, int priority, qint64 serial,
                       std::optional<QString> key = std::nullopt, const char *workflow = "w")
{
    return RunCandidate {WorkflowId(QString::fromLatin1(workflow)),
                         TaskId(QString::fromLatin1(id)),
                         priority,
                         serial,
                         std::move(key),
                         {}};
}

RunCandidate inWorkflow(const char *workflow, const char *id, int priority, qint64 serial,
                        SchedulingStrategy strategy, int labelMatches = 0)
{
    RunCandidate c = candidate(id, priority, serial, std::nullopt, workflow);
    c.strategy = strategy;
    c.labelMatches = labelMatches;
    return c;
}

QStringList ids(const QList<RunCandidate> &chosen)
{
    QStringList list;
    for (const RunCandidate &c : chosen)
        list.append(c.workflowId.value + u'/' + c.taskId.value);
    return list;
}

} // namespace

class TestRunSelection : public QObject
{
    Q_OBJECT

private slots:
    void given_two_fair_workflows_when_selecting_then_slots_alternate_whatever_the_priorities()
    {
        constexpr auto fair = SchedulingStrategy::Fair;
        const QList<RunCandidate> candidates {
            inWorkflow("a", "a1", 9, 1, fair), inWorkflow("a", "a2", 9, 2, fair),
            inWorkflow("a", "a3", 9, 3, fair), inWorkflow("b", "b1", 0, 4, fair),
            inWorkflow("b", "b2", 0, 5, fair)};
        LaneCursor cursor;
        QCOMPARE(ids(selectRunnable(candidates, 4, {}, &cursor)),
                 (QStringList {u"a/a1"_s, u"b/b1"_s, u"a/a2"_s, u"b/b2"_s}));
        QCOMPARE(cursor, LaneCursor(WorkflowId(u"b"_s)));
    }

    void given_a_cursor_when_selecting_one_slot_at_a_time_then_the_turn_passes_on()
    {
        constexpr auto fair = SchedulingStrategy::Fair;
        const QList<RunCandidate> candidates {inWorkflow("a", "a1", 0, 1, fair),
                                              inWorkflow("b", "b1", 0, 2, fair),
                                              inWorkflow("c", "c1", 0, 3, fair)};
        LaneCursor cursor;
        QStringList served;
        for (int i = 0; i < 4; ++i)
            served += ids(selectRunnable(candidates, 1, {}, &cursor));
        QCOMPARE(served, (QStringList {u"a/a1"_s, u"b/b1"_s, u"c/c1"_s, u"a/a1"_s}));
        // The lane served last has nothing now: the next lane after it takes the turn.
        cursor = WorkflowId(u"bb"_s);
        QCOMPARE(ids(selectRunnable(candidates, 1, {}, &cursor)), (QStringList {u"c/c1"_s}));
    }

    void given_a_fair_workflow_beside_priority_ones_when_selecting_then_it_shares_slots_in_turn()
    {
        constexpr auto fair = SchedulingStrategy::Fair;
        constexpr auto prio = SchedulingStrategy::Priority;
        const QList<RunCandidate> candidates {
            inWorkflow("p", "p1", 9, 1, prio), inWorkflow("q", "q1", 5, 2, prio),
            inWorkflow("p", "p2", 1, 3, prio), inWorkflow("f", "f1", 0, 4, fair),
            inWorkflow("f", "f2", 0, 5, fair)};
        // The priority workflows share one lane in priority order; the fair one has its own.
        QCOMPARE(ids(selectRunnable(candidates, 5, {})),
                 (QStringList {u"p/p1"_s, u"f/f1"_s, u"q/q1"_s, u"f/f2"_s, u"p/p2"_s}));
    }

    void given_an_affinity_workflow_when_selecting_then_more_matching_labels_go_first()
    {
        constexpr auto affinity = SchedulingStrategy::Affinity;
        const QList<RunCandidate> candidates {inWorkflow("w", "none", 9, 1, affinity, 0),
                                              inWorkflow("w", "one", 5, 2, affinity, 1),
                                              inWorkflow("w", "two", 0, 3, affinity, 2),
                                              inWorkflow("w", "alsoOne", 7, 4, affinity, 1)};
        QCOMPARE(ids(selectRunnable(candidates, 4, {})),
                 (QStringList {u"w/two"_s, u"w/alsoOne"_s, u"w/one"_s, u"w/none"_s}));
        // The same tasks in a priority workflow: labels do not count.
        QList<RunCandidate> plain = candidates;
        for (RunCandidate &c : plain)
            c.strategy = SchedulingStrategy::Priority;
        QCOMPARE(ids(selectRunnable(plain, 4, {})),
                 (QStringList {u"w/none"_s, u"w/alsoOne"_s, u"w/one"_s, u"w/two"_s}));
    }

    void given_priorities_when_selecting_then_higher_first()
    {
        const auto chosen = selectRunnable(
            {candidate("low", 0, 1), candidate("high", 9, 3), candidate("mid", 5, 2)}, 3, {});
        QCOMPARE(ids(chosen), (QStringList {u"w/high"_s, u"w/mid"_s, u"w/low"_s}));
    }

    void given_equal_priorities_when_selecting_then_first_ready_first()
    {
        const auto chosen = selectRunnable(
            {candidate("c", 1, 30), candidate("a", 1, 20), candidate("b", 1, 10)}, 3, {});
        QCOMPARE(ids(chosen), (QStringList {u"w/b"_s, u"w/a"_s, u"w/c"_s}));
    }

    void given_equal_priority_and_serial_when_selecting_then_by_workflow_then_task_id()
    {
        const auto chosen
            = selectRunnable({candidate("b", 1, 5, {}, "w2"), candidate("b", 1, 5, {}, "w1"),
                              candidate("a", 1, 5, {}, "w2")},
                             3, {});
        QCOMPARE(ids(chosen), (QStringList {u"w1/b"_s, u"w2/a"_s, u"w2/b"_s}));
    }

    void given_fewer_slots_than_candidates_when_selecting_then_only_the_best()
    {
        const auto chosen = selectRunnable(
            {candidate("a", 1, 1), candidate("b", 2, 2), candidate("c", 3, 3)}, 2, {});
        QCOMPARE(ids(chosen), (QStringList {u"w/c"_s, u"w/b"_s}));
        QVERIFY(selectRunnable({candidate("a", 1, 1)}, 0, {}).isEmpty());
    }

    void given_a_key_with_a_running_attempt_when_selecting_then_its_candidates_wait()
    {
        const auto chosen = selectRunnable(
            {candidate("gpu-job", 9, 1, u"gpu"_s), candidate("cpu-job", 1, 2, u"cpu"_s)}, 2,
            {{u"gpu"_s, 1}});
        QCOMPARE(ids(chosen), QStringList {u"w/cpu-job"_s});
    }

    void
    given_two_candidates_with_one_key_when_selecting_then_only_the_first_and_the_next_fills_in()
    {
        const auto chosen = selectRunnable(
            {candidate("a", 5, 1, u"db"_s), candidate("b", 4, 2, u"db"_s), candidate("c", 1, 3)}, 2,
            {{u"db"_s, 0}});
        QCOMPARE(ids(chosen), (QStringList {u"w/a"_s, u"w/c"_s}));
    }

    void given_a_model_when_selecting_then_ready_tasks_of_running_workflows_only()
    {
        ReadModel model;
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(0, QTimeZone::utc());
        const WorkflowId run(u"run"_s), paused(u"paused"_s);
        TaskSpec keyed;
        keyed.title = u"k"_s;
        keyed.shell = u"true"_s;
        keyed.concurrencyKey = u"k"_s;
        TaskSpec plain = keyed;
        plain.concurrencyKey.reset();
        plain.priority = 1;
        const QList<Event> history {
            WorkflowCreated {run, ProjectId(u"p"_s), u"R"_s},
            WorkflowStarted {run},
            WorkflowCreated {paused, ProjectId(u"p"_s), u"P"_s},
            WorkflowStarted {paused},
            TaskAdded {run, TaskId(u"holder"_s), keyed, TaskRunState::Scheduled},
            TaskAdded {run, TaskId(u"waiter"_s), keyed, TaskRunState::Scheduled},
            TaskAdded {run, TaskId(u"free"_s), plain, TaskRunState::Scheduled},
            TaskAdded {paused, TaskId(u"held"_s), plain, TaskRunState::Scheduled},
            TaskPromoted {run, TaskId(u"holder"_s)},
            TaskLeased {run, TaskId(u"holder"_s), WorkerId(u"w"_s), 1, at},
            TaskPromoted {run, TaskId(u"waiter"_s)},
            TaskPromoted {run, TaskId(u"free"_s)},
            TaskPromoted {paused, TaskId(u"held"_s)},
            WorkflowPaused {paused},
        };
        for (const Event &e : history)
            apply(model, e, at);
        QCOMPARE(runningByConcurrencyKey(model).value(u"k"_s), 1);
        QCOMPARE(ids(selectRunnable(model, 5)), QStringList {u"run/free"_s});
    }
};

QTEST_GUILESS_MAIN(TestRunSelection)
#include "tst_run_selection.moc"

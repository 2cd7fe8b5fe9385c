// The rules of the workflow and task commands, one behaviour per slot: given a history of
// events, when a command is decided, then exactly these events, or this refusal.

#include "WorkflowBuilders.h"

#include "backend/domain/Decider.h"

#include <QJsonArray>
#include <QTest>

using namespace backend;
using namespace fixtures;
using Code = DeciderError::Code;
using Decision = std::expected<QList<Event>, DeciderError>;

Q_DECLARE_METATYPE(backend::Command)
Q_DECLARE_METATYPE(backend::TaskRunState)
Q_DECLARE_METATYPE(backend::TaskSpec)

namespace {

const TaskId kA = task("a");
const TaskId kB = task("b");
const TaskId kC = task("c");
const TaskId kT = task("t");

void thenEvents(const Decision &decision, const QList<Event> &expected)
{
    if (!decision) {
        QFAIL(qPrintable(
            u"refused with %1: %2"_s.arg(decision.error().codeName(), decision.error().message)));
    }
    QCOMPARE(describe(*decision), describe(expected));
    QVERIFY(sameEvents(*decision, expected));
}

void thenRefused(const Decision &decision, Code code, const QString &mentions = {})
{
    if (decision)
        QFAIL(qPrintable(u"accepted: "_s + describe(*decision).join(u"; "_s)));
    QCOMPARE(decision.error().codeName(), codeName(code));
    QVERIFY2(!decision.error().message.isEmpty(), "a refusal carries a sentence for a person");
    if (!mentions.isEmpty())
        QVERIFY2(decision.error().message.contains(mentions), qPrintable(decision.error().message));
}

QJsonObject entry(const char *id, std::initializer_list<std::pair<QString, QJsonValue>> more = {})
{
    QJsonObject o {{u"id"_s, QString::fromLatin1(id)}, {u"shell"_s, u"true"_s}};
    for (const auto &[k, v] : more)
        o.insert(k, v);
    return o;
}

QJsonObject edge(const char *from, const char *to, const char *type = "blocking")
{
    return QJsonObject {{u"from"_s, QString::fromLatin1(from)},
                        {u"to"_s, QString::fromLatin1(to)},
                        {u"type"_s, QString::fromLatin1(type)}};
}

WorkflowImport importing(QJsonArray tasks, QJsonArray dependencies = {})
{
    return WorkflowImport {kCommand, kWorkflow, kProject,
                           QJsonObject {{u"title"_s, u"Release"_s},
                                        {u"tasks"_s, tasks},
                                        {u"dependencies"_s, dependencies}}};
}

constexpr TaskRunState kAllStates[] = {
    TaskRunState::Blocked,        TaskRunState::Scheduled, TaskRunState::Ready,
    TaskRunState::Leased,         TaskRunState::Running,   TaskRunState::RetryWait,
    TaskRunState::Succeeded,      TaskRunState::Failed,    TaskRunState::Canceled,
    TaskRunState::UpstreamFailed,
};

} // namespace

class TestWorkflowDecider : public QObject
{
    Q_OBJECT

private slots:
    // --- the transition table: every command from every state ---
    void given_a_task_in_each_state_when_each_transition_command_then_only_the_table_accepts_data();
    void given_a_task_in_each_state_when_each_transition_command_then_only_the_table_accepts();

    // --- workflows ---
    void given_a_project_when_creating_a_workflow_then_workflow_created();
    void given_a_workflow_when_creating_one_with_its_id_then_workflow_already_exists();
    void given_no_project_when_creating_a_workflow_then_project_not_found();
    void given_a_slash_in_the_id_when_creating_a_workflow_then_invalid_command();
    void given_a_created_workflow_when_starting_then_workflow_started();
    void given_a_running_workflow_when_starting_again_then_invalid_transition();
    void given_a_running_workflow_when_pausing_and_resuming_then_paused_then_resumed();
    void given_a_running_workflow_when_resuming_then_invalid_transition();
    void given_a_workflow_with_tasks_when_canceling_it_then_open_tasks_and_workflow_canceled();
    void given_a_canceled_workflow_when_any_command_then_workflow_closed();
    void given_a_completed_workflow_when_adding_a_task_then_workflow_closed();

    // --- task.add ---
    void given_a_started_workflow_when_adding_a_task_then_task_added_scheduled();
    void given_a_task_when_adding_one_with_its_id_then_task_already_exists();
    void given_no_workflow_when_adding_a_task_then_workflow_not_found();
    void given_a_bad_spec_when_adding_a_task_then_invalid_task_spec_naming_the_field_data();
    void given_a_bad_spec_when_adding_a_task_then_invalid_task_spec_naming_the_field();
    void given_an_unknown_parent_when_adding_a_task_then_task_not_found();

    // --- task.dependency.declare ---
    void given_two_scheduled_tasks_when_declaring_a_blocking_edge_then_declared_and_blocked();
    void given_a_succeeded_prerequisite_when_declaring_then_declared_and_still_scheduled();
    void given_a_chain_when_declaring_the_closing_edge_then_cycle_detected_naming_the_cycle();
    void given_a_task_when_declaring_it_depends_on_itself_then_cycle_detected();
    void given_a_blocking_edge_when_declaring_the_reverse_preferred_edge_then_accepted();
    void given_an_unknown_prerequisite_when_declaring_then_task_not_found();
    void given_an_edge_when_declaring_it_again_then_dependency_already_exists();
    void given_a_ready_task_when_declaring_a_dependency_then_invalid_transition();

    // --- promotion ---
    void given_a_pending_preferred_prerequisite_when_promoting_then_promoted();
    void given_a_paused_workflow_when_promoting_then_workflow_not_running();
    void given_a_created_workflow_when_promoting_then_workflow_not_running();
    void given_a_not_before_in_the_future_when_promoting_then_not_due();
    void given_a_retry_wait_when_promoting_before_the_retry_time_then_not_due();

    // --- attempts and leases ---
    void given_a_ready_task_when_leasing_the_wrong_attempt_then_attempt_mismatch();
    void given_all_attempts_used_when_leasing_again_then_retries_exhausted();
    void given_one_attempt_allowed_when_scheduling_a_retry_then_retries_exhausted();
    void
    given_the_only_attempt_ended_canceled_when_scheduling_a_retry_then_due_and_next_lease_allowed();
    void given_a_canceled_and_a_failed_attempt_when_one_allowed_then_retries_exhausted();
    void given_a_lease_when_another_worker_heartbeats_then_lease_mismatch();
    void given_a_lease_when_starting_another_attempt_then_attempt_mismatch();
    void given_a_failed_attempt_when_succeeding_then_invalid_transition();
    void given_a_finished_attempt_when_finishing_again_then_attempt_mismatch();

    // --- cascades and completion ---
    void
    given_blocked_dependents_when_the_prerequisite_succeeds_then_only_the_unblocked_are_scheduled();
    void given_the_last_open_task_when_it_succeeds_then_workflow_completed_succeeded();
    void given_a_chain_when_the_first_task_fails_then_blocking_descendants_upstream_failed();
    void
    given_a_hierarchy_when_canceling_the_parent_then_descendants_and_blocking_dependents_canceled();
    void given_a_failed_prerequisite_declared_late_when_upstream_failing_then_upstream_failed();
    void given_no_failed_prerequisite_when_upstream_failing_then_invalid_transition();

    // --- workflow.import ---
    void given_a_valid_file_when_importing_then_workflow_tasks_edges_and_imported();
    void given_a_file_with_a_cycle_when_importing_then_cycle_detected_and_nothing();
    void given_a_file_with_one_bad_entry_when_importing_then_refused_naming_the_entry_data();
    void given_a_file_with_one_bad_entry_when_importing_then_refused_naming_the_entry();
};

// --- the transition table ----------------------------------------------------------------------

void TestWorkflowDecider::
    given_a_task_in_each_state_when_each_transition_command_then_only_the_table_accepts_data()
{
    QTest::addColumn<TaskRunState>("from");
    QTest::addColumn<Command>("command");
    QTest::addColumn<bool>("accepted");
    using S = TaskRunState;
    struct Row
    {
        const char *name;
        Command command;
        QList<S> validFrom;
    };
    const QList<Row> rows {
        {"task.promote", promote(kT, kNow.addSecs(60)), {S::Scheduled, S::RetryWait}},
        {"task.lease", lease(kT), {S::Ready}},
        {"task.lease.heartbeat", heartbeat(kT), {S::Leased, S::Running}},
        {"task.attempt.start", startAttempt(kT), {S::Leased}},
        {"task.attempt.finish", finishAttempt(kT, AttemptOutcome::Failed), {S::Running}},
        {"task.retry.schedule", scheduleRetry(kT), {S::Leased, S::Running}},
        {"task.succeed", succeed(kT), {S::Running}},
        {"task.fail", fail(kT), {S::Leased, S::Running, S::RetryWait}},
        {"task.upstream-fail", upstreamFail(kT), {}}, // no failed prerequisite in these histories
        {"task.cancel",
         cancelTask(kT),
         {S::Blocked, S::Scheduled, S::Ready, S::Leased, S::Running, S::RetryWait}},
    };
    for (const Row &row : rows) {
        for (S from : kAllStates) {
            QTest::addRow("%s from %s", row.name, qPrintable(toWord(from)))
                << from << row.command << row.validFrom.contains(from);
        }
    }
}

void TestWorkflowDecider::
    given_a_task_in_each_state_when_each_transition_command_then_only_the_table_accepts()
{
    QFETCH(TaskRunState, from);
    QFETCH(Command, command);
    QFETCH(bool, accepted);
    const ReadModel model = givenTaskIn(kT, from);
    QCOMPARE(model.task(kWorkflow, kT)->state, from); // the history reached the state
    const Decision decision = decide(command, model);
    if (accepted) {
        QVERIFY2(decision.has_value(), qPrintable(decision ? QString() : decision.error().message));
        return;
    }
    thenRefused(decision, Code::InvalidTransition, toWord(from));
}

// --- workflows ---------------------------------------------------------------------------------

void TestWorkflowDecider::given_a_project_when_creating_a_workflow_then_workflow_created()
{
    thenEvents(decide(WorkflowCreate {kCommand, kWorkflow, kProject, u"Release"_s},
                      given({projectCreated()})),
               workflowCreated());
}

void TestWorkflowDecider::
    given_a_workflow_when_creating_one_with_its_id_then_workflow_already_exists()
{
    thenRefused(decide(WorkflowCreate {kCommand, kWorkflow, kProject, u"Again"_s},
                       given({projectCreated(), workflowCreated()})),
                Code::WorkflowAlreadyExists);
}

void TestWorkflowDecider::given_no_project_when_creating_a_workflow_then_project_not_found()
{
    thenRefused(decide(WorkflowCreate {kCommand, kWorkflow, kProject, u"Release"_s}, ReadModel {}),
                Code::ProjectNotFound);
}

void TestWorkflowDecider::given_a_slash_in_the_id_when_creating_a_workflow_then_invalid_command()
{
    thenRefused(decide(WorkflowCreate {kCommand, WorkflowId(u"a/b"_s), kProject, u"Release"_s},
                       given({projectCreated()})),
                Code::InvalidCommand);
}

void TestWorkflowDecider::given_a_created_workflow_when_starting_then_workflow_started()
{
    thenEvents(decide(WorkflowStart {kCommand, kWorkflow},
                      given({projectCreated(), workflowCreated(), taskAdded(kA)})),
               workflowStarted());
}

void TestWorkflowDecider::given_a_running_workflow_when_starting_again_then_invalid_transition()
{
    thenRefused(decide(WorkflowStart {kCommand, kWorkflow}, givenStartedWorkflow()),
                Code::InvalidTransition, u"running"_s);
}

void TestWorkflowDecider::
    given_a_running_workflow_when_pausing_and_resuming_then_paused_then_resumed()
{
    ReadModel model = givenStartedWorkflow();
    const Decision paused = decide(WorkflowPause {kCommand, kWorkflow}, model);
    QVERIFY(paused);
    QVERIFY(sameEvents(*paused, {WorkflowPaused {kWorkflow}}));
    apply(model, paused->constFirst(), kAt);
    thenEvents(decide(WorkflowResume {kCommand, kWorkflow}, model), {WorkflowResumed {kWorkflow}});
}

void TestWorkflowDecider::given_a_running_workflow_when_resuming_then_invalid_transition()
{
    thenRefused(decide(WorkflowResume {kCommand, kWorkflow}, givenStartedWorkflow()),
                Code::InvalidTransition);
}

void TestWorkflowDecider::
    given_a_workflow_with_tasks_when_canceling_it_then_open_tasks_and_workflow_canceled()
{
    const ReadModel model = givenStartedWorkflow(
        {taskAdded(kA), promoted(kA), running(kA), succeeded(kA), taskAdded(kB), taskAdded(kC)});
    thenEvents(decide(WorkflowCancel {kCommand, kWorkflow}, model),
               {TaskCanceled {kWorkflow, kB, std::nullopt},
                TaskCanceled {kWorkflow, kC, std::nullopt}, WorkflowCanceled {kWorkflow}});
}

void TestWorkflowDecider::given_a_canceled_workflow_when_any_command_then_workflow_closed()
{
    const ReadModel model = givenStartedWorkflow({taskAdded(kA),
                                                  {TaskCanceled {kWorkflow, kA, std::nullopt}},
                                                  {WorkflowCanceled {kWorkflow}}});
    thenRefused(decide(addTask(kB), model), Code::WorkflowClosed);
    thenRefused(decide(WorkflowResume {kCommand, kWorkflow}, model), Code::WorkflowClosed);
    thenRefused(decide(cancelTask(kA), model), Code::WorkflowClosed);
}

void TestWorkflowDecider::given_a_completed_workflow_when_adding_a_task_then_workflow_closed()
{
    const ReadModel model = givenStartedWorkflow({taskAdded(kA),
                                                  promoted(kA),
                                                  running(kA),
                                                  succeeded(kA),
                                                  {WorkflowCompleted {kWorkflow, true}}});
    thenRefused(decide(addTask(kB), model), Code::WorkflowClosed, u"completed"_s);
}

// --- task.add ----------------------------------------------------------------------------------

void TestWorkflowDecider::given_a_started_workflow_when_adding_a_task_then_task_added_scheduled()
{
    thenEvents(decide(addTask(kA, withRetry(spec(), 3)), givenStartedWorkflow()),
               taskAdded(kA, withRetry(spec(), 3)));
}

void TestWorkflowDecider::given_a_task_when_adding_one_with_its_id_then_task_already_exists()
{
    thenRefused(decide(addTask(kA), givenStartedWorkflow({taskAdded(kA)})),
                Code::TaskAlreadyExists);
}

void TestWorkflowDecider::given_no_workflow_when_adding_a_task_then_workflow_not_found()
{
    thenRefused(decide(addTask(kA), given({projectCreated()})), Code::WorkflowNotFound);
}

void TestWorkflowDecider::
    given_a_bad_spec_when_adding_a_task_then_invalid_task_spec_naming_the_field_data()
{
    QTest::addColumn<TaskSpec>("spec");
    QTest::addColumn<QString>("field");
    const auto exponential = [](qint64 base, qint64 max, double jitter) {
        TaskSpec s = spec();
        s.retry = RetryPolicy {3, Backoff {Backoff::Kind::Exponential, 0, base, max, jitter}};
        return s;
    };
    TaskSpec zeroAttempts = withRetry(spec(), 0);
    TaskSpec negativeDelay = withRetry(spec(), 2);
    negativeDelay.retry->backoff.delayMs = -1;
    TaskSpec both = spec();
    both.shell = u"true"_s;
    TaskSpec neither = spec();
    neither.command.clear();
    TaskSpec blankTitle = spec(u"  "_s);
    TaskSpec zeroTimeout = spec();
    zeroTimeout.timeoutMs = 0;
    TaskSpec badCron = spec();
    badCron.cron = u"every minute"_s;
    TaskSpec blankLabel = spec();
    blankLabel.labels = {u"linux"_s, u" "_s};
    QTest::newRow("zero attempts") << zeroAttempts << u"spec.retry.maxAttempts"_s;
    QTest::newRow("negative fixed delay") << negativeDelay << u"spec.retry.backoff.delayMs"_s;
    QTest::newRow("base above max")
        << exponential(5000, 1000, 0.1) << u"spec.retry.backoff.baseMs"_s;
    QTest::newRow("negative base") << exponential(-1, 1000, 0.1) << u"spec.retry.backoff.baseMs"_s;
    QTest::newRow("jitter above 1")
        << exponential(100, 1000, 1.5) << u"spec.retry.backoff.jitter"_s;
    QTest::newRow("negative jitter")
        << exponential(100, 1000, -0.1) << u"spec.retry.backoff.jitter"_s;
    QTest::newRow("command and shell") << both << u"spec.command"_s;
    QTest::newRow("neither command nor shell") << neither << u"spec.command"_s;
    QTest::newRow("blank title") << blankTitle << u"spec.title"_s;
    QTest::newRow("zero timeout") << zeroTimeout << u"spec.timeoutMs"_s;
    QTest::newRow("bad cron") << badCron << u"spec.cron"_s;
    QTest::newRow("blank label") << blankLabel << u"spec.labels[1]"_s;
}

void TestWorkflowDecider::
    given_a_bad_spec_when_adding_a_task_then_invalid_task_spec_naming_the_field()
{
    QFETCH(TaskSpec, spec);
    QFETCH(QString, field);
    thenRefused(decide(addTask(kA, spec), givenStartedWorkflow()), Code::InvalidTaskSpec,
                field + u' ');
}

void TestWorkflowDecider::given_an_unknown_parent_when_adding_a_task_then_task_not_found()
{
    thenRefused(decide(addTask(kA, withParent(spec(), kB)), givenStartedWorkflow()),
                Code::TaskNotFound, u"spec.parentTaskId"_s);
}

// --- task.dependency.declare --------------------------------------------------------------------

void TestWorkflowDecider::
    given_two_scheduled_tasks_when_declaring_a_blocking_edge_then_declared_and_blocked()
{
    thenEvents(decide(declare(kB, {kA}), givenStartedWorkflow({taskAdded(kA), taskAdded(kB)})),
               dependsOn(kB, {kA}));
}

void TestWorkflowDecider::
    given_a_succeeded_prerequisite_when_declaring_then_declared_and_still_scheduled()
{
    const ReadModel model = givenStartedWorkflow(
        {taskAdded(kA), taskAdded(kB), promoted(kA), running(kA), succeeded(kA)});
    thenEvents(decide(declare(kB, {kA}), model),
               dependsOn(kB, {kA}, DependencyType::Blocking, /*becomesBlocked=*/false));
}

void TestWorkflowDecider::
    given_a_chain_when_declaring_the_closing_edge_then_cycle_detected_naming_the_cycle()
{
    // a → b → c; declaring c → a (a depends on c) closes a → b → c → a.
    const ReadModel model = givenStartedWorkflow(
        {taskAdded(kA), taskAdded(kB), taskAdded(kC), dependsOn(kB, {kA}), dependsOn(kC, {kB})});
    const Decision decision = decide(declare(kA, {kC}), model);
    thenRefused(decision, Code::CycleDetected);
    const QString message = decision.error().message;
    QVERIFY2(message.contains(u"a → b"_s) && message.contains(u"b → c"_s)
                 && message.contains(u"c → a"_s),
             qPrintable(message));
}

void TestWorkflowDecider::given_a_task_when_declaring_it_depends_on_itself_then_cycle_detected()
{
    thenRefused(decide(declare(kA, {kA}), givenStartedWorkflow({taskAdded(kA)})),
                Code::CycleDetected, u"a → a"_s);
}

void TestWorkflowDecider::
    given_a_blocking_edge_when_declaring_the_reverse_preferred_edge_then_accepted()
{
    // Preferred-order edges never block, so they cannot close a cycle either.
    const ReadModel model
        = givenStartedWorkflow({taskAdded(kA), taskAdded(kB), dependsOn(kB, {kA})});
    thenEvents(decide(declare(kA, {kB}, DependencyType::PreferredOrder), model),
               dependsOn(kA, {kB}, DependencyType::PreferredOrder));
}

void TestWorkflowDecider::given_an_unknown_prerequisite_when_declaring_then_task_not_found()
{
    thenRefused(decide(declare(kA, {kB}), givenStartedWorkflow({taskAdded(kA)})),
                Code::TaskNotFound, u"b"_s);
}

void TestWorkflowDecider::given_an_edge_when_declaring_it_again_then_dependency_already_exists()
{
    const ReadModel model
        = givenStartedWorkflow({taskAdded(kA), taskAdded(kB), dependsOn(kB, {kA})});
    thenRefused(decide(declare(kB, {kA}, DependencyType::PreferredOrder), model),
                Code::DependencyAlreadyExists);
}

void TestWorkflowDecider::given_a_ready_task_when_declaring_a_dependency_then_invalid_transition()
{
    const ReadModel model = givenStartedWorkflow({taskAdded(kA), taskAdded(kB), promoted(kB)});
    thenRefused(decide(declare(kB, {kA}), model), Code::InvalidTransition, u"ready"_s);
}

// --- promotion ---------------------------------------------------------------------------------

void TestWorkflowDecider::given_a_pending_preferred_prerequisite_when_promoting_then_promoted()
{
    const ReadModel model = givenStartedWorkflow(
        {taskAdded(kA), taskAdded(kB), dependsOn(kB, {kA}, DependencyType::PreferredOrder)});
    QCOMPARE(model.task(kWorkflow, kB)->state, TaskRunState::Scheduled);
    thenEvents(decide(promote(kB), model), promoted(kB));
}

void TestWorkflowDecider::given_a_paused_workflow_when_promoting_then_workflow_not_running()
{
    const ReadModel model = givenStartedWorkflow({taskAdded(kA), {WorkflowPaused {kWorkflow}}});
    thenRefused(decide(promote(kA), model), Code::WorkflowNotRunning, u"paused"_s);
}

void TestWorkflowDecider::given_a_created_workflow_when_promoting_then_workflow_not_running()
{
    const ReadModel model = given({projectCreated(), workflowCreated(), taskAdded(kA)});
    thenRefused(decide(promote(kA), model), Code::WorkflowNotRunning, u"created"_s);
}

void TestWorkflowDecider::given_a_not_before_in_the_future_when_promoting_then_not_due()
{
    TaskSpec later = spec();
    later.notBefore = kNow.addSecs(3600);
    const ReadModel model = givenStartedWorkflow({taskAdded(kA, later)});
    thenRefused(decide(promote(kA, kNow), model), Code::NotDue);
    thenEvents(decide(promote(kA, kNow.addSecs(3600)), model), promoted(kA));
}

void TestWorkflowDecider::given_a_retry_wait_when_promoting_before_the_retry_time_then_not_due()
{
    const ReadModel model = givenTaskIn(kT, TaskRunState::RetryWait); // retry at kNow + 30 s
    thenRefused(decide(promote(kT, kNow), model), Code::NotDue);
    thenEvents(decide(promote(kT, kNow.addSecs(30)), model), promoted(kT));
}

// --- attempts and leases -----------------------------------------------------------------------

void TestWorkflowDecider::given_a_ready_task_when_leasing_the_wrong_attempt_then_attempt_mismatch()
{
    thenRefused(decide(lease(kT, 2), givenTaskIn(kT, TaskRunState::Ready)), Code::AttemptMismatch);
}

void TestWorkflowDecider::given_all_attempts_used_when_leasing_again_then_retries_exhausted()
{
    // maxAttempts 1: attempt 2 is beyond the policy whatever the history.
    const ReadModel model = givenTaskIn(kT, TaskRunState::Ready, spec());
    thenRefused(decide(lease(kT, 2), model), Code::RetriesExhausted);
}

void TestWorkflowDecider::given_one_attempt_allowed_when_scheduling_a_retry_then_retries_exhausted()
{
    const ReadModel model = givenTaskIn(kT, TaskRunState::Running, spec());
    thenRefused(decide(scheduleRetry(kT), model), Code::RetriesExhausted);
}

void TestWorkflowDecider::
    given_the_only_attempt_ended_canceled_when_scheduling_a_retry_then_due_and_next_lease_allowed()
{
    // maxAttempts 1, and the one attempt was stopped by Weft (a drain): it does not count.
    const ReadModel model = givenStartedWorkflow({taskAdded(kT, spec()), promoted(kT), running(kT),
                                                  attemptFinished(kT, AttemptOutcome::Canceled)});
    QCOMPARE(model.task(kWorkflow, kT)->attemptsUsed(), 0);
    thenEvents(decide(scheduleRetry(kT), model), retryScheduled(kT));
    const ReadModel again = givenStartedWorkflow({taskAdded(kT, spec()), promoted(kT), running(kT),
                                                  attemptFinished(kT, AttemptOutcome::Canceled),
                                                  retryScheduled(kT), promoted(kT)});
    QCOMPARE(again.task(kWorkflow, kT)->state, TaskRunState::Ready);
    thenEvents(decide(lease(kT, 2), again), leased(kT, 2));
}

void TestWorkflowDecider::
    given_a_canceled_and_a_failed_attempt_when_one_allowed_then_retries_exhausted()
{
    const ReadModel model = givenStartedWorkflow({taskAdded(kT, spec()), promoted(kT), running(kT),
                                                  attemptFinished(kT, AttemptOutcome::Canceled),
                                                  retryScheduled(kT), promoted(kT), running(kT, 2),
                                                  attemptFinished(kT, AttemptOutcome::Failed, 2)});
    QCOMPARE(model.task(kWorkflow, kT)->attemptsUsed(), 1);
    thenRefused(decide(scheduleRetry(kT, 2), model), Code::RetriesExhausted);
}

void TestWorkflowDecider::given_a_lease_when_another_worker_heartbeats_then_lease_mismatch()
{
    thenRefused(
        decide(heartbeat(kT, 1, WorkerId(u"intruder"_s)), givenTaskIn(kT, TaskRunState::Leased)),
        Code::LeaseMismatch);
}

void TestWorkflowDecider::given_a_lease_when_starting_another_attempt_then_attempt_mismatch()
{
    thenRefused(decide(startAttempt(kT, 2), givenTaskIn(kT, TaskRunState::Leased)),
                Code::AttemptMismatch);
}

void TestWorkflowDecider::given_a_failed_attempt_when_succeeding_then_invalid_transition()
{
    ReadModel model = givenTaskIn(kT, TaskRunState::Running);
    for (const Event &e : attemptFinished(kT, AttemptOutcome::Failed))
        apply(model, e, kAt);
    thenRefused(decide(succeed(kT), model), Code::InvalidTransition, u"failed"_s);
}

void TestWorkflowDecider::given_a_finished_attempt_when_finishing_again_then_attempt_mismatch()
{
    ReadModel model = givenTaskIn(kT, TaskRunState::Running);
    for (const Event &e : attemptFinished(kT, AttemptOutcome::Succeeded))
        apply(model, e, kAt);
    thenRefused(decide(finishAttempt(kT, AttemptOutcome::Succeeded), model), Code::AttemptMismatch);
}

// --- cascades and completion -------------------------------------------------------------------

void TestWorkflowDecider::
    given_blocked_dependents_when_the_prerequisite_succeeds_then_only_the_unblocked_are_scheduled()
{
    // b waits for a only; c waits for a and x; d waits for a in preferred order only.
    const TaskId x = task("x");
    const TaskId d = task("d");
    const ReadModel model = givenStartedWorkflow(
        {taskAdded(kA), taskAdded(x), taskAdded(kB), taskAdded(kC), taskAdded(d),
         dependsOn(kB, {kA}), dependsOn(kC, {kA, x}),
         dependsOn(d, {kA}, DependencyType::PreferredOrder), promoted(kA), running(kA)});
    thenEvents(decide(succeed(kA), model),
               {TaskSucceeded {kWorkflow, kA},
                TaskStateChanged {kWorkflow, kB, TaskRunState::Blocked, TaskRunState::Scheduled}});
}

void TestWorkflowDecider::
    given_the_last_open_task_when_it_succeeds_then_workflow_completed_succeeded()
{
    const ReadModel model
        = givenStartedWorkflow({taskAdded(kA), taskAdded(kB), promoted(kA), running(kA),
                                succeeded(kA), promoted(kB), running(kB)});
    thenEvents(decide(succeed(kB), model),
               {TaskSucceeded {kWorkflow, kB}, WorkflowCompleted {kWorkflow, true}});
}

void TestWorkflowDecider::
    given_a_chain_when_the_first_task_fails_then_blocking_descendants_upstream_failed()
{
    // a → b → c blocking, a ⇢ p preferred: b and c cannot run any more, p still can.
    const TaskId p = task("p");
    const ReadModel model = givenStartedWorkflow(
        {taskAdded(kA), taskAdded(kB), taskAdded(kC), taskAdded(p), dependsOn(kB, {kA}),
         dependsOn(kC, {kB}), dependsOn(p, {kA}, DependencyType::PreferredOrder), promoted(kA),
         running(kA)});
    thenEvents(decide(fail(kA), model),
               {TaskFailed {kWorkflow, kA, u"exit 1"_s}, TaskUpstreamFailed {kWorkflow, kB, kA},
                TaskUpstreamFailed {kWorkflow, kC, kA}});
}

void TestWorkflowDecider::
    given_a_hierarchy_when_canceling_the_parent_then_descendants_and_blocking_dependents_canceled()
{
    // p has children c1 and c2, c2 has child g; d depends (blocking) on c1, e (preferred) on p,
    // done is a child that already succeeded.
    const TaskId p = task("p"), c1 = task("c1"), c2 = task("c2"), g = task("g"), d = task("d"),
                 e = task("e"), done = task("done");
    const ReadModel model = givenStartedWorkflow(
        {taskAdded(p), taskAdded(done, withParent(spec(), p)), taskAdded(c1, withParent(spec(), p)),
         taskAdded(c2, withParent(spec(), p)), taskAdded(g, withParent(spec(), c2)), taskAdded(d),
         taskAdded(e), dependsOn(d, {c1}), dependsOn(e, {p}, DependencyType::PreferredOrder),
         promoted(done), running(done), succeeded(done)});
    thenEvents(decide(cancelTask(p), model),
               {TaskCanceled {kWorkflow, p, std::nullopt}, TaskCanceled {kWorkflow, c1, p},
                TaskCanceled {kWorkflow, c2, p}, TaskCanceled {kWorkflow, d, p},
                TaskCanceled {kWorkflow, g, p}});
}

void TestWorkflowDecider::
    given_a_failed_prerequisite_declared_late_when_upstream_failing_then_upstream_failed()
{
    const ReadModel model
        = givenStartedWorkflow({taskAdded(kA), taskAdded(kB), taskAdded(kC), promoted(kA),
                                running(kA), failed(kA), dependsOn(kB, {kA}), dependsOn(kC, {kB})});
    thenEvents(decide(upstreamFail(kB), model),
               {TaskUpstreamFailed {kWorkflow, kB, kA}, TaskUpstreamFailed {kWorkflow, kC, kA},
                WorkflowCompleted {kWorkflow, false}});
}

void TestWorkflowDecider::
    given_no_failed_prerequisite_when_upstream_failing_then_invalid_transition()
{
    const ReadModel model
        = givenStartedWorkflow({taskAdded(kA), taskAdded(kB), dependsOn(kB, {kA})});
    thenRefused(decide(upstreamFail(kB), model), Code::InvalidTransition);
}

// --- workflow.import ---------------------------------------------------------------------------

void TestWorkflowDecider::given_a_valid_file_when_importing_then_workflow_tasks_edges_and_imported()
{
    const QJsonArray tasks {
        entry("fetch", {{u"title"_s, u"Fetch"_s}, {u"weight"_s, 2.5}}),
        entry("build", {{u"priority"_s, 5}}),
        entry("docs"),
    };
    const QJsonArray deps {edge("fetch", "build"), edge("fetch", "docs", "preferred_order")};
    TaskSpec fetch;
    fetch.title = u"Fetch"_s;
    fetch.shell = u"true"_s;
    fetch.weight = 2.5;
    TaskSpec build;
    build.title = u"build"_s;
    build.shell = u"true"_s;
    build.priority = 5;
    TaskSpec docs;
    docs.title = u"docs"_s;
    docs.shell = u"true"_s;
    thenEvents(decide(importing(tasks, deps), given({projectCreated()})),
               {WorkflowCreated {kWorkflow, kProject, u"Release"_s},
                TaskAdded {kWorkflow, task("fetch"), fetch, TaskRunState::Scheduled},
                TaskAdded {kWorkflow, task("build"), build, TaskRunState::Blocked},
                TaskAdded {kWorkflow, task("docs"), docs, TaskRunState::Scheduled},
                TaskDependencyDeclared {
                    kWorkflow, task("build"), {task("fetch")}, DependencyType::Blocking},
                TaskDependencyDeclared {
                    kWorkflow, task("docs"), {task("fetch")}, DependencyType::PreferredOrder},
                WorkflowImported {kWorkflow, 3, 2}});
}

void TestWorkflowDecider::given_a_file_with_a_cycle_when_importing_then_cycle_detected_and_nothing()
{
    const QJsonArray tasks {entry("a"), entry("b"), entry("c")};
    const QJsonArray deps {edge("a", "b"), edge("b", "c"), edge("c", "a")};
    const Decision decision = decide(importing(tasks, deps), given({projectCreated()}));
    thenRefused(decision, Code::CycleDetected);
    QVERIFY2(decision.error().message.contains(u"a → b → c → a"_s),
             qPrintable(decision.error().message));
}

void TestWorkflowDecider::
    given_a_file_with_one_bad_entry_when_importing_then_refused_naming_the_entry_data()
{
    QTest::addColumn<QJsonArray>("tasks");
    QTest::addColumn<QJsonArray>("dependencies");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("entry");
    const QJsonObject badBackoff {
        {u"maxAttempts"_s, 3},
        {u"backoff"_s,
         QJsonObject {{u"type"_s, u"exponential"_s}, {u"baseMs"_s, 9000}, {u"maxMs"_s, 1000}}}};
    const QJsonObject typedBackoff {{u"maxAttempts"_s, 3},
                                    {u"backoff"_s,
                                     QJsonObject {{u"type"_s, u"exponential"_s},
                                                  {u"baseMs"_s, u"soon"_s},
                                                  {u"maxMs"_s, 1000}}}};
    QTest::newRow("missing id") << QJsonArray {entry("a"), QJsonObject {{u"shell"_s, u"true"_s}}}
                                << QJsonArray {} << u"invalid_workflow_document"_s
                                << u"tasks[1].id"_s;
    QTest::newRow("duplicate id") << QJsonArray {entry("a"), entry("b"), entry("a")}
                                  << QJsonArray {} << u"task_already_exists"_s << u"tasks[2].id"_s;
    QTest::newRow("unknown endpoint")
        << QJsonArray {entry("a"), entry("b")} << QJsonArray {edge("a", "b"), edge("a", "zzz")}
        << u"task_not_found"_s << u"dependencies[1].to"_s;
    QTest::newRow("base above max")
        << QJsonArray {entry("a"), entry("b"), entry("c"), entry("d", {{u"retry"_s, badBackoff}})}
        << QJsonArray {} << u"invalid_task_spec"_s << u"tasks[3].retry.backoff.baseMs"_s;
    QTest::newRow("mistyped field")
        << QJsonArray {entry("a"), entry("b", {{u"retry"_s, typedBackoff}})} << QJsonArray {}
        << u"invalid_task_spec"_s << u"tasks[1].retry.backoff.baseMs"_s;
    QTest::newRow("no command") << QJsonArray {QJsonObject {{u"id"_s, u"a"_s}}} << QJsonArray {}
                                << u"invalid_task_spec"_s << u"tasks[0].command"_s;
    QTest::newRow("bad edge type")
        << QJsonArray {entry("a"), entry("b")} << QJsonArray {edge("a", "b", "sometimes")}
        << u"invalid_workflow_document"_s << u"dependencies[0].type"_s;
    QTest::newRow("self loop") << QJsonArray {entry("a")} << QJsonArray {edge("a", "a")}
                               << u"cycle_detected"_s << u"dependencies[0]"_s;
    QTest::newRow("later parent") << QJsonArray {entry("a", {{u"parentTaskId"_s, u"b"_s}}),
                                                 entry("b")}
                                  << QJsonArray {} << u"task_not_found"_s
                                  << u"tasks[0].parentTaskId"_s;
}

void TestWorkflowDecider::
    given_a_file_with_one_bad_entry_when_importing_then_refused_naming_the_entry()
{
    QFETCH(QJsonArray, tasks);
    QFETCH(QJsonArray, dependencies);
    QFETCH(QString, code);
    QFETCH(QString, entry);
    const Decision decision = decide(importing(tasks, dependencies), given({projectCreated()}));
    QVERIFY(!decision);
    QCOMPARE(decision.error().codeName(), code);
    QVERIFY2(decision.error().message.startsWith(entry + u' ')
                 || decision.error().message.startsWith(entry + u'.'),
             qPrintable(decision.error().message));
}

QTEST_GUILESS_MAIN(TestWorkflowDecider)
#include "tst_workflow_decider.moc"

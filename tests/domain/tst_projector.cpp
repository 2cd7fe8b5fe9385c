// The read model `backend::apply` / `backend::project` fold from events: given a history, when
// one more event is folded in, then the model reads like this.

#include "DomainFixtures.h"

#include "backend/domain/Projector.h"

#include <QTest>

using namespace backend;
using namespace fixtures;

Q_DECLARE_METATYPE(backend::TurnOutcome)
Q_DECLARE_METATYPE(backend::TurnState)
Q_DECLARE_METATYPE(std::optional<int>)
Q_DECLARE_METATYPE(std::optional<QString>)

namespace {

/// A later moment than kAt, to see which timestamps an event touches.
const QDateTime kLater = kAt.addSecs(90);

void fold(ReadModel &model, const QList<Event> &events, const QDateTime &at = kAt)
{
    for (const Event &event : events)
        apply(model, event, at);
}

} // namespace

class TestProjector : public QObject
{
    Q_OBJECT

private slots:
    // projects
    void given_nothing_when_a_project_is_created_then_it_is_live_with_title_root_and_times();
    void given_a_project_when_only_its_title_is_updated_then_the_root_stays();
    void given_a_project_when_it_is_deleted_then_it_stays_flagged_deleted();
    void given_a_project_when_its_default_provider_is_set_then_only_it_changes();
    void given_threads_with_and_without_provider_when_resolved_then_own_else_project_default();
    void given_a_project_with_a_default_when_it_is_removed_then_it_has_none();
    void given_a_thread_with_a_provider_when_it_is_removed_then_the_project_default_resolves();

    // threads
    void given_a_project_when_a_thread_is_created_then_it_is_idle_with_its_binding();
    void given_a_thread_when_only_its_title_is_updated_then_the_rest_stays();
    void given_a_thread_when_it_is_archived_then_it_is_archived();
    void given_an_archived_thread_when_it_is_unarchived_then_it_is_not_archived();
    void given_a_thread_when_it_is_deleted_then_it_stays_flagged_deleted();
    void given_a_thread_when_its_status_changes_then_the_status_follows();

    // turns
    void given_a_thread_when_a_turn_starts_then_it_is_running_and_latest();
    void given_a_running_turn_when_it_completes_then_state_exit_and_running_cleared_data();
    void given_a_running_turn_when_it_completes_then_state_exit_and_running_cleared();
    void given_a_completed_turn_when_a_second_turn_starts_then_turn_order_keeps_both();
    void given_a_running_turn_when_an_interrupt_is_requested_then_the_turn_is_flagged();

    // messages and activities
    void given_a_thread_when_a_user_message_is_sent_then_it_counts_once();
    void given_a_running_turn_when_an_assistant_message_streams_then_it_counts_once();
    void given_a_running_turn_when_two_assistant_messages_stream_then_each_counts_once();
    void given_a_running_turn_when_activities_are_appended_then_they_are_counted();
    void given_streamed_assistant_message_when_turn_completes_then_id_stays_taken_without_owner();

    // envelope bookkeeping of `project`
    void given_nothing_when_a_stored_project_created_is_projected_then_envelope_is_recorded();
    void given_a_project_when_its_next_stored_event_is_projected_then_version_follows();
    void given_a_thread_when_a_stored_thread_event_is_projected_then_only_its_version_moves();
    void
    given_a_model_when_an_unknown_event_type_is_projected_then_only_sequence_and_version_advance();
    void
    given_a_model_when_an_undecodable_payload_is_projected_then_only_sequence_and_version_advance();
};

// ---------------------------------------------------------------------------------------------
// projects

void TestProjector::
    given_nothing_when_a_project_is_created_then_it_is_live_with_title_root_and_times()
{
    ReadModel model;

    apply(model, ProjectCreated {.projectId = kProject, .title = u"Weft"_s, .workspaceRoot = kRoot},
          kAt);

    const ProjectView *p = model.project(kProject);
    QVERIFY(p);
    QCOMPARE(p->id, kProject);
    QCOMPARE(p->title, u"Weft"_s);
    QCOMPARE(p->workspaceRoot, kRoot);
    QVERIFY(!p->deleted);
    QCOMPARE(p->createdAt, kAt);
    QCOMPARE(p->updatedAt, kAt);
    QCOMPARE(model.liveProjectAt(kRoot), p);
}

void TestProjector::given_a_project_when_only_its_title_is_updated_then_the_root_stays()
{
    ReadModel model = given({projectCreated(kProject, kRoot)});

    apply(model,
          ProjectMetaUpdated {
              .projectId = kProject, .title = u"Weft 2"_s, .workspaceRoot = std::nullopt},
          kLater);

    const ProjectView *p = model.project(kProject);
    QVERIFY(p);
    QCOMPARE(p->title, u"Weft 2"_s);
    QCOMPARE(p->workspaceRoot, kRoot);
    QCOMPARE(p->createdAt, kAt);
    QCOMPARE(p->updatedAt, kLater);
}

void TestProjector::given_a_project_when_its_default_provider_is_set_then_only_it_changes()
{
    ReadModel model = given({projectCreated(kProject, kRoot)});
    QVERIFY(!model.project(kProject)->defaultProvider);

    apply(model,
          ProjectMetaUpdated {.projectId = kProject,
                              .title = std::nullopt,
                              .workspaceRoot = std::nullopt,
                              .defaultProvider = kShell},
          kLater);

    const ProjectView *p = model.project(kProject);
    QVERIFY(p);
    QCOMPARE(p->defaultProvider, std::optional(kShell));
    QCOMPARE(p->title, u"Weft"_s);
    QCOMPARE(p->workspaceRoot, kRoot);
    QCOMPARE(p->updatedAt, kLater);
}

void TestProjector::
    given_threads_with_and_without_provider_when_resolved_then_own_else_project_default()
{
    const ProviderSpec claude {u"claude"_s, {}};
    ReadModel model = given({projectCreated(kProject, kRoot), threadCreated(kThread)});
    apply(model,
          ThreadCreated {.threadId = kOtherThread,
                         .projectId = kProject,
                         .title = u"Default"_s,
                         .provider = std::nullopt,
                         .branch = std::nullopt,
                         .worktreePath = std::nullopt},
          kAt);
    QVERIFY(!model.providerOf(*model.thread(kOtherThread)));

    apply(model,
          ProjectMetaUpdated {.projectId = kProject,
                              .title = std::nullopt,
                              .workspaceRoot = std::nullopt,
                              .defaultProvider = claude},
          kLater);

    QCOMPARE(model.providerOf(*model.thread(kOtherThread)), std::optional(claude));
    QCOMPARE(model.providerOf(*model.thread(kThread)), std::optional(kShell));
}

void TestProjector::given_a_project_with_a_default_when_it_is_removed_then_it_has_none()
{
    ReadModel model = given({projectCreated(kProject, kRoot)});
    fold(model,
         {ProjectMetaUpdated {.projectId = kProject,
                              .title = std::nullopt,
                              .workspaceRoot = std::nullopt,
                              .defaultProvider = kShell}});
    // An update that does not name the default leaves it.
    fold(model,
         {ProjectMetaUpdated {.projectId = kProject,
                              .title = u"Renamed"_s,
                              .workspaceRoot = std::nullopt,
                              .defaultProvider = std::nullopt}});
    QCOMPARE(model.project(kProject)->defaultProvider, std::optional(kShell));

    apply(model,
          ProjectMetaUpdated {.projectId = kProject,
                              .title = std::nullopt,
                              .workspaceRoot = std::nullopt,
                              .defaultProvider = ProviderCleared {}},
          kLater);

    const ProjectView *p = model.project(kProject);
    QVERIFY(p);
    QVERIFY(!p->defaultProvider);
    QCOMPARE(p->title, u"Renamed"_s);
    QCOMPARE(p->updatedAt, kLater);
}

void TestProjector::
    given_a_thread_with_a_provider_when_it_is_removed_then_the_project_default_resolves()
{
    const ProviderSpec claude {u"claude"_s, {}};
    ReadModel model = given({projectCreated(kProject, kRoot), threadCreated(kThread)});
    fold(model,
         {ProjectMetaUpdated {.projectId = kProject,
                              .title = std::nullopt,
                              .workspaceRoot = std::nullopt,
                              .defaultProvider = claude}});
    QCOMPARE(model.providerOf(*model.thread(kThread)), std::optional(kShell));

    apply(model,
          ThreadMetaUpdated {.threadId = kThread,
                             .title = std::nullopt,
                             .provider = ProviderCleared {},
                             .branch = std::nullopt,
                             .worktreePath = std::nullopt},
          kLater);

    const ThreadView *t = model.thread(kThread);
    QVERIFY(!t->provider);
    QCOMPARE(t->title, u"Fix the parser"_s);
    QCOMPARE(model.providerOf(*t), std::optional(claude));
}

void TestProjector::given_a_project_when_it_is_deleted_then_it_stays_flagged_deleted()
{
    ReadModel model = given({projectCreated(kProject, kRoot)});

    apply(model, ProjectDeleted {.projectId = kProject}, kLater);

    const ProjectView *p = model.project(kProject);
    QVERIFY2(p, "a deleted project keeps its id taken");
    QVERIFY(p->deleted);
    QCOMPARE(model.liveProjectAt(kRoot), nullptr);
}

// ---------------------------------------------------------------------------------------------
// threads

void TestProjector::given_a_project_when_a_thread_is_created_then_it_is_idle_with_its_binding()
{
    ReadModel model = given({projectCreated()});

    apply(model,
          ThreadCreated {.threadId = kThread,
                         .projectId = kProject,
                         .title = u"Fix the parser"_s,
                         .provider = kShell,
                         .branch = u"fix/parser"_s,
                         .worktreePath = u"/home/dev/weft-parser"_s},
          kAt);

    const ThreadView *t = model.thread(kThread);
    QVERIFY(t);
    QCOMPARE(t->id, kThread);
    QCOMPARE(t->projectId, kProject);
    QCOMPARE(t->title, u"Fix the parser"_s);
    QCOMPARE(t->provider, std::optional(kShell));
    QCOMPARE(t->branch, std::optional(u"fix/parser"_s));
    QCOMPARE(t->worktreePath, std::optional(u"/home/dev/weft-parser"_s));
    QCOMPARE(t->status, ThreadStatus::Idle);
    QVERIFY(!t->archived);
    QVERIFY(!t->deleted);
    QVERIFY(!t->runningTurnId);
    QVERIFY(!t->latestTurnId);
    QVERIFY(t->turns.isEmpty());
    QCOMPARE(t->messageCount, 0);
    QCOMPARE(t->activityCount, 0);
    QCOMPARE(t->createdAt, kAt);
    QCOMPARE(model.liveThreadsOf(kProject), QList<ThreadId> {kThread});
}

void TestProjector::given_a_thread_when_only_its_title_is_updated_then_the_rest_stays()
{
    ReadModel model = givenThread();
    const ThreadView before = *model.thread(kThread);

    apply(model,
          ThreadMetaUpdated {.threadId = kThread,
                             .title = u"Fix the lexer"_s,
                             .provider = std::nullopt,
                             .branch = std::nullopt,
                             .worktreePath = std::nullopt},
          kLater);

    ThreadView expected = before;
    expected.title = u"Fix the lexer"_s;
    expected.updatedAt = kLater;
    QVERIFY(*model.thread(kThread) == expected);
}

void TestProjector::given_a_thread_when_it_is_archived_then_it_is_archived()
{
    ReadModel model = givenThread();

    apply(model, ThreadArchived {.threadId = kThread}, kLater);

    QVERIFY(model.thread(kThread)->archived);
    QVERIFY2(!model.thread(kThread)->deleted, "archived is not deleted");
}

void TestProjector::given_an_archived_thread_when_it_is_unarchived_then_it_is_not_archived()
{
    ReadModel model = given({projectCreated(), threadCreated(), threadArchived()});

    apply(model, ThreadUnarchived {.threadId = kThread}, kLater);

    QVERIFY(!model.thread(kThread)->archived);
}

void TestProjector::given_a_thread_when_it_is_deleted_then_it_stays_flagged_deleted()
{
    ReadModel model = givenThread();

    apply(model, ThreadDeleted {.threadId = kThread, .projectId = kProject}, kLater);

    const ThreadView *t = model.thread(kThread);
    QVERIFY2(t, "a deleted thread keeps its id taken");
    QVERIFY(t->deleted);
    QVERIFY(!t->isLive());
    QVERIFY(model.liveThreadsOf(kProject).isEmpty());
}

void TestProjector::given_a_thread_when_its_status_changes_then_the_status_follows()
{
    ReadModel model = givenThread();

    apply(model, ThreadStatusChanged {.threadId = kThread, .status = ThreadStatus::Running}, kAt);
    QCOMPARE(model.thread(kThread)->status, ThreadStatus::Running);
    apply(model, ThreadStatusChanged {.threadId = kThread, .status = ThreadStatus::Error}, kAt);
    QCOMPARE(model.thread(kThread)->status, ThreadStatus::Error);
}

// ---------------------------------------------------------------------------------------------
// turns

void TestProjector::given_a_thread_when_a_turn_starts_then_it_is_running_and_latest()
{
    ReadModel model = givenThread();

    fold(model, turnStarted(kTurn1, kUserMessage1), kLater);

    const ThreadView *t = model.thread(kThread);
    QCOMPARE(t->status, ThreadStatus::Running);
    QCOMPARE(t->runningTurnId, std::optional(kTurn1));
    QCOMPARE(t->latestTurnId, std::optional(kTurn1));
    QCOMPARE(t->turnOrder, QList<TurnId> {kTurn1});
    QVERIFY(t->turns.contains(kTurn1));
    const TurnView &turn = t->turns[kTurn1];
    QCOMPARE(turn.id, kTurn1);
    QCOMPARE(turn.state, TurnState::Running);
    QCOMPARE(turn.userMessageId, kUserMessage1);
    QCOMPARE(turn.startedAt, kLater);
    QVERIFY(!turn.interruptRequested);
}

void TestProjector::
    given_a_running_turn_when_it_completes_then_state_exit_and_running_cleared_data()
{
    QTest::addColumn<TurnOutcome>("outcome");
    QTest::addColumn<std::optional<int>>("exitCode");
    QTest::addColumn<std::optional<QString>>("error");
    QTest::addColumn<TurnState>("state");
    QTest::newRow("completed") << TurnOutcome::Completed << std::optional(0)
                               << std::optional<QString>() << TurnState::Completed;
    QTest::newRow("error") << TurnOutcome::Error << std::optional(2)
                           << std::optional(u"cmake: build failed"_s) << TurnState::Error;
    QTest::newRow("interrupted") << TurnOutcome::Interrupted << std::optional<int>()
                                 << std::optional<QString>() << TurnState::Interrupted;
}

void TestProjector::given_a_running_turn_when_it_completes_then_state_exit_and_running_cleared()
{
    QFETCH(TurnOutcome, outcome);
    QFETCH(std::optional<int>, exitCode);
    QFETCH(std::optional<QString>, error);
    QFETCH(TurnState, state);
    ReadModel model = givenRunningTurn();

    apply(model,
          ThreadTurnCompleted {.threadId = kThread,
                               .turnId = kTurn1,
                               .outcome = outcome,
                               .exitCode = exitCode,
                               .error = error},
          kLater);

    const ThreadView *t = model.thread(kThread);
    QVERIFY(!t->runningTurnId);
    QCOMPARE(t->latestTurnId, std::optional(kTurn1));
    const TurnView &turn = t->turns[kTurn1];
    QCOMPARE(turn.state, state);
    QCOMPARE(turn.exitCode, exitCode);
    QCOMPARE(turn.error, error);
    QCOMPARE(turn.completedAt, kLater);
}

void TestProjector::given_a_completed_turn_when_a_second_turn_starts_then_turn_order_keeps_both()
{
    ReadModel model = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                             turnCompleted(kTurn1)});

    fold(model, turnStarted(kTurn2, kUserMessage2));

    const ThreadView *t = model.thread(kThread);
    QCOMPARE(t->turnOrder, (QList<TurnId> {kTurn1, kTurn2}));
    QCOMPARE(t->latestTurnId, std::optional(kTurn2));
    QCOMPARE(t->runningTurnId, std::optional(kTurn2));
    QCOMPARE(t->turns[kTurn1].state, TurnState::Completed);
    QCOMPARE(t->turns[kTurn2].state, TurnState::Running);
}

void TestProjector::given_a_running_turn_when_an_interrupt_is_requested_then_the_turn_is_flagged()
{
    ReadModel model = givenRunningTurn();

    apply(model, ThreadTurnInterruptRequested {.threadId = kThread, .turnId = kTurn1}, kLater);

    const ThreadView *t = model.thread(kThread);
    QVERIFY(t->turns[kTurn1].interruptRequested);
    QCOMPARE(t->turns[kTurn1].state, TurnState::Running);
    QCOMPARE(t->runningTurnId, std::optional(kTurn1));
}

// ---------------------------------------------------------------------------------------------
// messages and activities

void TestProjector::given_a_thread_when_a_user_message_is_sent_then_it_counts_once()
{
    ReadModel model = givenThread();

    fold(model, turnStarted(kTurn1, kUserMessage1));

    const ThreadView *t = model.thread(kThread);
    QCOMPARE(t->messageCount, 1);
    QVERIFY(t->messageIds.contains(kUserMessage1));
}

void TestProjector::given_a_running_turn_when_an_assistant_message_streams_then_it_counts_once()
{
    ReadModel model = givenRunningTurn(); // the user message: 1

    fold(model, assistantDeltaStreamed(kTurn1, kAssistantMessage1, u"Let "_s));
    fold(model, assistantDeltaStreamed(kTurn1, kAssistantMessage1, u"me "_s));
    fold(model, assistantDeltaStreamed(kTurn1, kAssistantMessage1, u"look"_s));
    fold(model, assistantMessageCompleted(kTurn1, kAssistantMessage1));

    const ThreadView *t = model.thread(kThread);
    QCOMPARE(t->messageCount, 2);
    QCOMPARE(t->messageIds, (QSet<MessageId> {kUserMessage1, kAssistantMessage1}));
}

void TestProjector::given_a_running_turn_when_two_assistant_messages_stream_then_each_counts_once()
{
    ReadModel model = givenRunningTurn();

    fold(model, assistantDeltaStreamed(kTurn1, kAssistantMessage1));
    fold(model, assistantDeltaStreamed(kTurn1, kAssistantMessage2));
    fold(model, assistantDeltaStreamed(kTurn1, kAssistantMessage1));
    fold(model, assistantMessageCompleted(kTurn1, kAssistantMessage1));
    fold(model, assistantMessageCompleted(kTurn1, kAssistantMessage2));

    const ThreadView *t = model.thread(kThread);
    QCOMPARE(t->messageCount, 3);
    QCOMPARE(t->messageIds,
             (QSet<MessageId> {kUserMessage1, kAssistantMessage1, kAssistantMessage2}));
}

void TestProjector::given_a_running_turn_when_activities_are_appended_then_they_are_counted()
{
    ReadModel model = givenRunningTurn();
    const auto activity = [](const QString &id) {
        return ThreadActivityAppended {.threadId = kThread,
                                       .turnId = kTurn1,
                                       .activityId = ActivityId(id),
                                       .tone = ActivityTone::Tool,
                                       .kind = u"tool.call"_s,
                                       .summary = u"ran cmake"_s,
                                       .payload = QJsonObject()};
    };

    apply(model, activity(u"command-a"_s), kAt);
    apply(model, activity(u"command-b"_s), kAt);

    const ThreadView *t = model.thread(kThread);
    QCOMPARE(t->activityCount, 2);
    QCOMPARE(t->messageCount, 1);
}

// ---------------------------------------------------------------------------------------------
// envelope bookkeeping of `project`
// Payloads are written out by hand in the documented shape (struct field names, camelCase).
// An event this build cannot read changes no state, but it still occupies its place in the
// aggregate's stream: the engine stamps the next event at `versionOf(aggregate) + 1`, so a
// version left behind would collide with the stored (aggregate, streamVersion) on the next append.

void TestProjector::
    given_nothing_when_a_stored_project_created_is_projected_then_envelope_is_recorded()
{
    ReadModel model;

    project(model,
            storedEvent(1, u"project"_s, kProject.value, 1, u"project.created"_s,
                        QJsonObject {{u"projectId"_s, kProject.value},
                                     {u"title"_s, u"Weft"_s},
                                     {u"workspaceRoot"_s, kRoot}},
                        kLater));

    QCOMPARE(model.sequence, 1);
    const ProjectView *p = model.project(kProject);
    QVERIFY2(p, "project.created was decoded and applied");
    QCOMPARE(p->title, u"Weft"_s);
    QCOMPARE(p->workspaceRoot, kRoot);
    QCOMPARE(p->version, 1);
    QCOMPARE(p->createdAt, kLater); // the event's occurredAt stamps the view
}

void TestProjector::given_a_project_when_its_next_stored_event_is_projected_then_version_follows()
{
    ReadModel model;
    project(model,
            storedEvent(4, u"project"_s, kProject.value, 1, u"project.created"_s,
                        QJsonObject {{u"projectId"_s, kProject.value},
                                     {u"title"_s, u"Weft"_s},
                                     {u"workspaceRoot"_s, kRoot}}));

    project(model,
            storedEvent(9, u"project"_s, kProject.value, 2, u"project.meta-updated"_s,
                        QJsonObject {{u"projectId"_s, kProject.value}, {u"title"_s, u"Weft 2"_s}}));

    QCOMPARE(model.sequence, 9);
    QCOMPARE(model.project(kProject)->version, 2);
    QCOMPARE(model.project(kProject)->title, u"Weft 2"_s);
}

void TestProjector::
    given_a_thread_when_a_stored_thread_event_is_projected_then_only_its_version_moves()
{
    ReadModel model = givenThread();
    model.sequence = 2;
    model.projects[kProject].version = 1;
    model.threads[kThread].version = 1;

    project(model,
            storedEvent(3, u"thread"_s, kThread.value, 2, u"thread.archived"_s,
                        QJsonObject {{u"threadId"_s, kThread.value}}));

    QCOMPARE(model.sequence, 3);
    QVERIFY(model.thread(kThread)->archived);
    QCOMPARE(model.thread(kThread)->version, 2);
    QCOMPARE(model.project(kProject)->version, 1);
}

void TestProjector::
    given_a_model_when_an_unknown_event_type_is_projected_then_only_sequence_and_version_advance()
{
    ReadModel model = givenRunningTurn();
    model.sequence = 5;
    model.projects[kProject].version = 1;
    model.threads[kThread].version = 4;
    ReadModel expected = model;
    expected.sequence = 6;
    expected.threads[kThread].version = 5;

    // A newer Weft's event on a thread this build knows.
    project(model,
            storedEvent(6, u"thread"_s, kThread.value, 5, u"thread.checkpoint-captured"_s,
                        QJsonObject {{u"threadId"_s, kThread.value},
                                     {u"turnId"_s, kTurn1.value},
                                     {u"ref"_s, u"refs/weft/checkpoints/1"_s}}));

    QCOMPARE(model.sequence, 6);
    QCOMPARE(model.thread(kThread)->version, 5);
    QVERIFY2(model == expected, "nothing but the sequence and the stream version changed");
}

void TestProjector::
    given_a_model_when_an_undecodable_payload_is_projected_then_only_sequence_and_version_advance()
{
    ReadModel model = givenThread();
    model.sequence = 2;
    model.threads[kThread].version = 1;
    ReadModel expected = model;
    expected.sequence = 3;
    expected.threads[kThread].version = 2;

    // A known type whose payload lacks the thread id altogether.
    project(model,
            storedEvent(3, u"thread"_s, kThread.value, 2, u"thread.archived"_s,
                        QJsonObject {{u"unexpected"_s, true}}));

    QCOMPARE(model.sequence, 3);
    QCOMPARE(model.thread(kThread)->version, 2);
    QVERIFY2(model == expected, "nothing but the sequence and the stream version changed");
}

void TestProjector::
    given_streamed_assistant_message_when_turn_completes_then_id_stays_taken_without_owner()
{
    ReadModel model = givenRunningTurn();
    fold(model, assistantDeltaStreamed(kTurn1, kAssistantMessage1));
    QCOMPARE(model.thread(kThread)->assistantMessageTurns.value(kAssistantMessage1), kTurn1);

    fold(model, turnCompleted(kTurn1));

    const ThreadView *t = model.thread(kThread);
    QVERIFY(t->messageIds.contains(kAssistantMessage1));
    QVERIFY(t->assistantMessageTurns.isEmpty());
}

QTEST_GUILESS_MAIN(TestProjector)
#include "tst_projector.moc"

// The business rules of `backend::decide`, one behaviour per slot: given a history of events
// (folded with `apply`), when a command is decided, then exactly these events, or this refusal.

#include "DomainFixtures.h"

#include "backend/domain/Decider.h"

#include <QTest>

#include <algorithm>

using namespace backend;
using namespace fixtures;
using Code = DeciderError::Code;
using Decision = std::expected<QList<Event>, DeciderError>;

Q_DECLARE_METATYPE(backend::Command)
Q_DECLARE_METATYPE(backend::TurnOutcome)
Q_DECLARE_METATYPE(backend::ThreadStatus)
Q_DECLARE_METATYPE(std::optional<int>)
Q_DECLARE_METATYPE(std::optional<QString>)

namespace {

// Both helpers end the test on a mismatch, so call them as a test's last statement.

void thenEvents(const Decision &decision, const QList<Event> &expected)
{
    if (!decision) {
        QFAIL(qPrintable(
            u"refused with %1: %2"_s.arg(decision.error().codeName(), decision.error().message)));
    }
    QCOMPARE(describe(*decision), describe(expected));
    QVERIFY(sameEvents(*decision, expected));
}

void thenRefused(const Decision &decision, Code code)
{
    if (decision)
        QFAIL(qPrintable(u"accepted: "_s + describe(*decision).join(u"; "_s)));
    QCOMPARE(decision.error().codeName(), codeName(code));
    QVERIFY2(!decision.error().message.isEmpty(), "a refusal carries a sentence for a person");
}

/// Adds one row per thread command aimed at `thread`; `turnCommandsOnly` keeps the commands
/// that act on a turn (start, interrupt, assistant delta and complete, activity, complete).
void addThreadCommandRows(const ThreadId &thread, bool turnCommandsOnly)
{
    QTest::addColumn<Command>("command");
    if (!turnCommandsOnly) {
        QTest::newRow("thread.meta.update") << Command(updateThread(thread, u"Renamed"_s));
        QTest::newRow("thread.archive") << Command(archiveThread(thread));
        QTest::newRow("thread.unarchive") << Command(unarchiveThread(thread));
        QTest::newRow("thread.delete") << Command(deleteThread(thread));
    }
    QTest::newRow("thread.turn.start")
        << Command(startTurn(kTurn2, kUserMessage2, u"Again"_s, thread));
    QTest::newRow("thread.turn.interrupt") << Command(interruptTurn(kTurn1, thread));
    QTest::newRow("thread.message.assistant.delta")
        << Command(sendAssistantDelta(kTurn1, kAssistantMessage1, u"Hi"_s, thread));
    QTest::newRow("thread.message.assistant.complete")
        << Command(completeAssistantMessage(kTurn1, kAssistantMessage1, thread));
    QTest::newRow("thread.activity.append") << Command(appendActivity(kTurn1, thread));
    QTest::newRow("thread.turn.complete")
        << Command(completeTurn(kTurn1, TurnOutcome::Completed, thread));
}

} // namespace

class TestDecider : public QObject
{
    Q_OBJECT

private slots:
    // project.create
    void given_nothing_when_creating_a_project_then_project_created();
    void given_a_project_when_creating_one_with_its_id_then_project_already_exists();
    void given_a_deleted_project_when_creating_one_with_its_id_then_project_already_exists();
    void given_a_live_project_when_creating_another_at_its_root_then_workspace_root_in_use();
    void given_a_deleted_project_when_creating_another_at_its_root_then_project_created();
    void given_nothing_when_creating_a_project_with_a_blank_value_then_invalid_command_data();
    void given_nothing_when_creating_a_project_with_a_blank_value_then_invalid_command();
    void given_nothing_when_creating_a_project_with_a_default_provider_then_it_is_recorded();
    void
    given_nothing_when_creating_a_project_with_a_bad_default_provider_then_invalid_command_data();
    void given_nothing_when_creating_a_project_with_a_bad_default_provider_then_invalid_command();

    // project.meta.update
    void given_a_project_when_updating_title_and_root_then_project_meta_updated();
    void given_a_project_when_updating_only_the_title_then_the_root_is_left_absent();
    void given_a_project_when_moving_it_to_its_own_root_then_project_meta_updated();
    void given_two_projects_when_moving_one_to_the_others_root_then_workspace_root_in_use();
    void given_a_deleted_project_at_a_root_when_moving_another_there_then_project_meta_updated();
    void given_nothing_when_updating_a_project_then_project_not_found();
    void given_a_deleted_project_when_updating_it_then_project_deleted();
    void given_a_project_when_updating_it_to_a_blank_value_then_invalid_command_data();
    void given_a_project_when_updating_it_to_a_blank_value_then_invalid_command();
    void given_a_project_when_changing_its_default_provider_then_project_meta_updated();
    void given_a_project_when_changing_its_default_provider_to_a_task_then_invalid_command();
    void given_a_project_when_removing_its_default_then_project_meta_updated_data();
    void given_a_project_when_removing_its_default_then_project_meta_updated();

    // project.delete
    void given_a_project_without_threads_when_deleting_it_then_project_deleted();
    void given_a_project_with_a_live_thread_when_deleting_it_then_project_has_live_threads();
    void given_a_project_with_an_archived_thread_when_deleting_it_then_project_has_live_threads();
    void given_a_project_with_only_deleted_threads_when_deleting_it_then_project_deleted();
    void given_a_project_with_live_threads_when_force_deleting_then_threads_then_project_deleted();
    void given_a_project_with_a_deleted_thread_when_force_deleting_then_it_is_not_deleted_again();
    void given_two_projects_when_force_deleting_one_then_the_others_threads_stay();
    void given_nothing_when_deleting_a_project_then_project_not_found();
    void given_a_deleted_project_when_deleting_it_again_then_project_deleted();

    // thread.create
    void given_a_project_when_creating_a_thread_then_thread_created();
    void given_a_project_when_creating_a_thread_on_a_branch_then_branch_and_worktree_kept();
    void given_a_thread_when_creating_one_with_its_id_then_thread_already_exists();
    void given_a_deleted_thread_when_creating_one_with_its_id_then_thread_already_exists();
    void given_nothing_when_creating_a_thread_then_project_not_found();
    void given_a_deleted_project_when_creating_a_thread_in_it_then_project_deleted();
    void given_a_project_when_creating_a_thread_with_a_blank_title_then_invalid_command_data();
    void given_a_project_when_creating_a_thread_with_a_blank_title_then_invalid_command();
    void given_a_project_when_creating_a_thread_without_provider_then_provider_left_unset();
    void given_a_project_when_creating_a_thread_with_a_blank_provider_kind_then_invalid_command();

    // thread.meta.update
    void given_a_thread_when_renaming_it_then_thread_meta_updated();
    void given_a_thread_when_renaming_it_to_a_blank_title_then_invalid_command();
    void given_a_thread_with_a_provider_when_removing_it_then_thread_meta_updated();
    void given_a_thread_when_giving_it_the_task_kind_then_invalid_command();
    void given_a_task_thread_when_changing_its_provider_then_invalid_command_data();
    void given_a_task_thread_when_changing_its_provider_then_invalid_command();
    void given_a_task_thread_when_renaming_it_then_thread_meta_updated();

    // any thread command
    void given_no_thread_when_a_thread_command_arrives_then_thread_not_found_data();
    void given_no_thread_when_a_thread_command_arrives_then_thread_not_found();
    void given_a_deleted_thread_when_a_thread_command_arrives_then_thread_deleted_data();
    void given_a_deleted_thread_when_a_thread_command_arrives_then_thread_deleted();
    void given_an_archived_thread_when_a_turn_command_arrives_then_thread_archived_data();
    void given_an_archived_thread_when_a_turn_command_arrives_then_thread_archived();

    // thread.archive / thread.unarchive / thread.delete
    void given_a_thread_when_archiving_it_then_thread_archived();
    void given_an_archived_thread_when_archiving_it_then_thread_archived_error();
    void given_a_running_turn_when_archiving_the_thread_then_turn_already_running();
    void given_a_completed_turn_when_archiving_the_thread_then_thread_archived();
    void given_an_archived_thread_when_unarchiving_it_then_thread_unarchived();
    void given_a_thread_when_unarchiving_it_then_thread_not_archived();
    void given_a_thread_when_deleting_it_then_thread_deleted();
    void given_an_archived_thread_when_deleting_it_then_thread_deleted();

    // thread.turn.start
    void given_an_idle_thread_when_starting_a_turn_then_message_turn_and_status_running();
    void given_a_completed_turn_when_starting_the_next_then_turn_started();
    void given_a_running_turn_when_starting_another_then_turn_already_running();
    void given_a_completed_turn_when_starting_one_with_its_id_then_turn_already_exists();
    void given_a_user_message_when_starting_a_turn_with_its_id_then_message_id_taken();
    void given_an_assistant_message_when_starting_a_turn_with_its_id_then_message_id_taken();
    void given_a_thread_when_starting_a_turn_with_blank_text_then_invalid_command_data();
    void given_a_thread_when_starting_a_turn_with_blank_text_then_invalid_command();

    // thread.turn.interrupt
    void given_a_running_turn_when_interrupting_it_then_turn_interrupt_requested();
    void given_an_idle_thread_when_interrupting_a_turn_then_turn_not_running();
    void given_a_completed_turn_when_interrupting_it_then_turn_not_running();

    // thread.message.assistant.delta
    void given_a_running_turn_when_an_assistant_delta_arrives_then_streaming_message_sent();
    void given_a_streaming_message_when_the_next_delta_arrives_then_streaming_message_sent();
    void given_a_running_turn_when_a_delta_uses_the_user_message_id_then_message_id_taken();
    void given_an_earlier_turns_reply_when_a_delta_reuses_its_id_then_message_id_taken();
    void given_an_earlier_turns_user_message_when_a_delta_reuses_its_id_then_message_id_taken();
    void given_a_running_turn_when_a_delta_names_another_turn_then_turn_not_running();
    void given_an_idle_thread_when_an_assistant_delta_arrives_then_turn_not_running();

    // thread.message.assistant.complete
    void given_a_streaming_message_when_completing_it_then_final_empty_message_sent();
    void given_an_idle_thread_when_completing_an_assistant_message_then_turn_not_running();

    // thread.message.system.append
    void given_an_archived_thread_when_appending_a_system_message_then_system_message_sent();
    void given_a_used_message_id_when_appending_a_system_message_then_message_id_taken();
    void given_an_unknown_turn_when_appending_a_system_message_then_invalid_command();

    // thread.activity.append
    void given_a_running_turn_when_appending_an_activity_then_activity_appended_with_command_id();
    void given_a_completed_turn_when_appending_an_activity_then_turn_not_running();

    // thread.turn.complete
    void given_a_running_turn_when_completing_it_then_turn_completed_and_status_data();
    void given_a_running_turn_when_completing_it_then_turn_completed_and_status();
    void given_a_completed_turn_when_completing_it_again_then_turn_not_running();
    void given_a_running_turn_when_completing_another_turn_then_turn_not_running();
};

// ---------------------------------------------------------------------------------------------
// project.create

void TestDecider::given_nothing_when_creating_a_project_then_project_created()
{
    const ReadModel model;

    const auto decision = decide(createProject(kProject, u"Weft"_s, kRoot), model);

    thenEvents(
        decision,
        {ProjectCreated {.projectId = kProject, .title = u"Weft"_s, .workspaceRoot = kRoot}});
}

void TestDecider::given_a_project_when_creating_one_with_its_id_then_project_already_exists()
{
    const ReadModel model = given({projectCreated(kProject, kRoot)});

    const auto decision = decide(createProject(kProject, u"Again"_s, kOtherRoot), model);

    thenRefused(decision, Code::ProjectAlreadyExists);
}

void TestDecider::
    given_a_deleted_project_when_creating_one_with_its_id_then_project_already_exists()
{
    const ReadModel model = given({projectCreated(kProject, kRoot), projectDeleted(kProject)});

    const auto decision = decide(createProject(kProject, u"Again"_s, kOtherRoot), model);

    thenRefused(decision, Code::ProjectAlreadyExists);
}

void TestDecider::
    given_a_live_project_when_creating_another_at_its_root_then_workspace_root_in_use()
{
    const ReadModel model = given({projectCreated(kProject, kRoot)});

    const auto decision = decide(createProject(kOtherProject, u"Other"_s, kRoot), model);

    thenRefused(decision, Code::WorkspaceRootInUse);
}

void TestDecider::given_a_deleted_project_when_creating_another_at_its_root_then_project_created()
{
    const ReadModel model = given({projectCreated(kProject, kRoot), projectDeleted(kProject)});

    const auto decision = decide(createProject(kOtherProject, u"Other"_s, kRoot), model);

    thenEvents(
        decision,
        {ProjectCreated {.projectId = kOtherProject, .title = u"Other"_s, .workspaceRoot = kRoot}});
}

void TestDecider::
    given_nothing_when_creating_a_project_with_a_blank_value_then_invalid_command_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("root");
    QTest::newRow("empty title") << QString() << kRoot;
    QTest::newRow("whitespace title") << u" \t "_s << kRoot;
    QTest::newRow("empty root") << u"Weft"_s << QString();
    QTest::newRow("whitespace root") << u"Weft"_s << u"  "_s;
}

void TestDecider::given_nothing_when_creating_a_project_with_a_blank_value_then_invalid_command()
{
    QFETCH(QString, title);
    QFETCH(QString, root);
    const ReadModel model;

    const auto decision = decide(createProject(kProject, title, root), model);

    thenRefused(decision, Code::InvalidCommand);
}

void TestDecider::
    given_nothing_when_creating_a_project_with_a_default_provider_then_it_is_recorded()
{
    const ReadModel model;
    ProjectCreate command = createProject(kProject, u"Weft"_s, kRoot);
    command.defaultProvider = kShell;

    const auto decision = decide(command, model);

    thenEvents(decision,
               {ProjectCreated {.projectId = kProject,
                                .title = u"Weft"_s,
                                .workspaceRoot = kRoot,
                                .defaultProvider = kShell}});
}

void TestDecider::
    given_nothing_when_creating_a_project_with_a_bad_default_provider_then_invalid_command_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("empty kind") << QString();
    QTest::newRow("whitespace kind") << u"  "_s;
    QTest::newRow("the scheduler's kind") << QString::fromLatin1(kTaskProviderKind);
}

void TestDecider::
    given_nothing_when_creating_a_project_with_a_bad_default_provider_then_invalid_command()
{
    QFETCH(QString, kind);
    const ReadModel model;
    ProjectCreate command = createProject(kProject, u"Weft"_s, kRoot);
    command.defaultProvider = ProviderSpec {kind, {}};

    const auto decision = decide(command, model);

    thenRefused(decision, Code::InvalidCommand);
    QVERIFY2(decision.error().message.contains(u"defaultProvider"_s),
             qPrintable(decision.error().message));
}

// ---------------------------------------------------------------------------------------------
// project.meta.update

void TestDecider::given_a_project_when_updating_title_and_root_then_project_meta_updated()
{
    const ReadModel model = given({projectCreated(kProject, kRoot)});

    const auto decision = decide(updateProject(kProject, u"Weft 2"_s, kOtherRoot), model);

    thenEvents(decision,
               {ProjectMetaUpdated {
                   .projectId = kProject, .title = u"Weft 2"_s, .workspaceRoot = kOtherRoot}});
}

void TestDecider::given_a_project_when_updating_only_the_title_then_the_root_is_left_absent()
{
    const ReadModel model = given({projectCreated(kProject, kRoot)});

    const auto decision = decide(updateProject(kProject, u"Weft 2"_s, std::nullopt), model);

    thenEvents(decision,
               {ProjectMetaUpdated {
                   .projectId = kProject, .title = u"Weft 2"_s, .workspaceRoot = std::nullopt}});
}

void TestDecider::given_a_project_when_moving_it_to_its_own_root_then_project_meta_updated()
{
    const ReadModel model = given({projectCreated(kProject, kRoot)});

    const auto decision = decide(updateProject(kProject, std::nullopt, kRoot), model);

    thenEvents(decision,
               {ProjectMetaUpdated {
                   .projectId = kProject, .title = std::nullopt, .workspaceRoot = kRoot}});
}

void TestDecider::given_two_projects_when_moving_one_to_the_others_root_then_workspace_root_in_use()
{
    const ReadModel model
        = given({projectCreated(kProject, kRoot), projectCreated(kOtherProject, kOtherRoot)});

    const auto decision = decide(updateProject(kOtherProject, std::nullopt, kRoot), model);

    thenRefused(decision, Code::WorkspaceRootInUse);
}

void TestDecider::
    given_a_deleted_project_at_a_root_when_moving_another_there_then_project_meta_updated()
{
    const ReadModel model = given({projectCreated(kProject, kRoot), projectDeleted(kProject),
                                   projectCreated(kOtherProject, kOtherRoot)});

    const auto decision = decide(updateProject(kOtherProject, std::nullopt, kRoot), model);

    thenEvents(decision,
               {ProjectMetaUpdated {
                   .projectId = kOtherProject, .title = std::nullopt, .workspaceRoot = kRoot}});
}

void TestDecider::given_nothing_when_updating_a_project_then_project_not_found()
{
    const ReadModel model;

    const auto decision = decide(updateProject(kProject, u"Weft 2"_s, std::nullopt), model);

    thenRefused(decision, Code::ProjectNotFound);
}

void TestDecider::given_a_deleted_project_when_updating_it_then_project_deleted()
{
    const ReadModel model = given({projectCreated(kProject, kRoot), projectDeleted(kProject)});

    const auto decision = decide(updateProject(kProject, u"Weft 2"_s, std::nullopt), model);

    thenRefused(decision, Code::ProjectDeleted);
}

void TestDecider::given_a_project_when_updating_it_to_a_blank_value_then_invalid_command_data()
{
    QTest::addColumn<std::optional<QString>>("title");
    QTest::addColumn<std::optional<QString>>("root");
    QTest::newRow("empty title") << std::optional(QString()) << std::optional<QString>();
    QTest::newRow("whitespace title") << std::optional(u"  "_s) << std::optional<QString>();
    QTest::newRow("empty root") << std::optional<QString>() << std::optional(QString());
    QTest::newRow("whitespace root") << std::optional<QString>() << std::optional(u"\t"_s);
}

void TestDecider::given_a_project_when_updating_it_to_a_blank_value_then_invalid_command()
{
    QFETCH(std::optional<QString>, title);
    QFETCH(std::optional<QString>, root);
    const ReadModel model = given({projectCreated(kProject, kRoot)});

    const auto decision = decide(updateProject(kProject, title, root), model);

    thenRefused(decision, Code::InvalidCommand);
}

void TestDecider::given_a_project_when_changing_its_default_provider_then_project_meta_updated()
{
    const ReadModel model = given({projectCreated(kProject, kRoot)});
    ProjectMetaUpdate command = updateProject(kProject, std::nullopt, std::nullopt);
    command.defaultProvider = kShell;

    const auto decision = decide(command, model);

    thenEvents(decision,
               {ProjectMetaUpdated {.projectId = kProject,
                                    .title = std::nullopt,
                                    .workspaceRoot = std::nullopt,
                                    .defaultProvider = kShell}});
}

void TestDecider::
    given_a_project_when_changing_its_default_provider_to_a_task_then_invalid_command()
{
    const ReadModel model = given({projectCreated(kProject, kRoot)});
    ProjectMetaUpdate command = updateProject(kProject, std::nullopt, std::nullopt);
    command.defaultProvider = ProviderSpec {QString::fromLatin1(kTaskProviderKind), {}};

    const auto decision = decide(command, model);

    thenRefused(decision, Code::InvalidCommand);
}

void TestDecider::given_a_project_when_removing_its_default_then_project_meta_updated_data()
{
    QTest::addColumn<bool>("hadDefault");
    QTest::newRow("with a default") << true;
    // Removing a default that is not there asks for the state the project is already in:
    // accepted like any other update, so a script need not read the project first.
    QTest::newRow("without one") << false;
}

void TestDecider::given_a_project_when_removing_its_default_then_project_meta_updated()
{
    QFETCH(bool, hadDefault);
    ReadModel model = given({projectCreated(kProject, kRoot)});
    if (hadDefault)
        model = given({projectCreated(kProject, kRoot),
                       {ProjectMetaUpdated {.projectId = kProject,
                                            .title = std::nullopt,
                                            .workspaceRoot = std::nullopt,
                                            .defaultProvider = kShell}}});
    ProjectMetaUpdate command = updateProject(kProject, std::nullopt, std::nullopt);
    command.defaultProvider = ProviderCleared {};

    const auto decision = decide(command, model);

    thenEvents(decision,
               {ProjectMetaUpdated {.projectId = kProject,
                                    .title = std::nullopt,
                                    .workspaceRoot = std::nullopt,
                                    .defaultProvider = ProviderCleared {}}});
}

// ---------------------------------------------------------------------------------------------
// project.delete

void TestDecider::given_a_project_without_threads_when_deleting_it_then_project_deleted()
{
    const ReadModel model = given({projectCreated()});

    const auto decision = decide(deleteProject(kProject, false), model);

    thenEvents(decision, {ProjectDeleted {.projectId = kProject}});
}

void TestDecider::
    given_a_project_with_a_live_thread_when_deleting_it_then_project_has_live_threads()
{
    const ReadModel model = givenThread();

    const auto decision = decide(deleteProject(kProject, false), model);

    thenRefused(decision, Code::ProjectHasLiveThreads);
}

void TestDecider::
    given_a_project_with_an_archived_thread_when_deleting_it_then_project_has_live_threads()
{
    // Archived is not deleted: the thread is still live.
    const ReadModel model = given({projectCreated(), threadCreated(), threadArchived()});

    const auto decision = decide(deleteProject(kProject, false), model);

    thenRefused(decision, Code::ProjectHasLiveThreads);
}

void TestDecider::given_a_project_with_only_deleted_threads_when_deleting_it_then_project_deleted()
{
    const ReadModel model = given({projectCreated(), threadCreated(), threadDeleted()});

    const auto decision = decide(deleteProject(kProject, false), model);

    thenEvents(decision, {ProjectDeleted {.projectId = kProject}});
}

void TestDecider::
    given_a_project_with_live_threads_when_force_deleting_then_threads_then_project_deleted()
{
    const ReadModel model = given({projectCreated(), threadCreated(kThread),
                                   threadCreated(kOtherThread), threadArchived(kOtherThread)});

    auto decision = decide(deleteProject(kProject, true), model);

    // The spec fixes "each live thread, then the project"; the order among the threads is free.
    if (decision && decision->size() > 1) {
        std::sort(decision->begin(), decision->end() - 1, [](const Event &a, const Event &b) {
            return aggregateOf(a).id < aggregateOf(b).id;
        });
    }
    thenEvents(decision,
               {ThreadDeleted {.threadId = kThread, .projectId = kProject},
                ThreadDeleted {.threadId = kOtherThread, .projectId = kProject},
                ProjectDeleted {.projectId = kProject}});
}

void TestDecider::
    given_a_project_with_a_deleted_thread_when_force_deleting_then_it_is_not_deleted_again()
{
    const ReadModel model = given({projectCreated(), threadCreated(kThread),
                                   threadCreated(kOtherThread), threadDeleted(kOtherThread)});

    const auto decision = decide(deleteProject(kProject, true), model);

    thenEvents(decision,
               {ThreadDeleted {.threadId = kThread, .projectId = kProject},
                ProjectDeleted {.projectId = kProject}});
}

void TestDecider::given_two_projects_when_force_deleting_one_then_the_others_threads_stay()
{
    const ReadModel model
        = given({projectCreated(kProject, kRoot), projectCreated(kOtherProject, kOtherRoot),
                 threadCreated(kThread, kProject), threadCreated(kOtherThread, kOtherProject)});

    const auto decision = decide(deleteProject(kProject, true), model);

    thenEvents(decision,
               {ThreadDeleted {.threadId = kThread, .projectId = kProject},
                ProjectDeleted {.projectId = kProject}});
}

void TestDecider::given_nothing_when_deleting_a_project_then_project_not_found()
{
    const ReadModel model;

    const auto decision = decide(deleteProject(kProject, true), model);

    thenRefused(decision, Code::ProjectNotFound);
}

void TestDecider::given_a_deleted_project_when_deleting_it_again_then_project_deleted()
{
    const ReadModel model = given({projectCreated(), projectDeleted()});

    const auto decision = decide(deleteProject(kProject, true), model);

    thenRefused(decision, Code::ProjectDeleted);
}

// ---------------------------------------------------------------------------------------------
// thread.create

void TestDecider::given_a_project_when_creating_a_thread_then_thread_created()
{
    const ReadModel model = given({projectCreated()});

    const auto decision = decide(createThread(kThread, kProject, u"Fix the parser"_s), model);

    thenEvents(decision,
               {ThreadCreated {.threadId = kThread,
                               .projectId = kProject,
                               .title = u"Fix the parser"_s,
                               .provider = kShell,
                               .branch = std::nullopt,
                               .worktreePath = std::nullopt}});
}

void TestDecider::given_a_project_when_creating_a_thread_on_a_branch_then_branch_and_worktree_kept()
{
    const ReadModel model = given({projectCreated()});
    ThreadCreate command = createThread(kThread, kProject, u"Fix the parser"_s);
    command.branch = u"fix/parser"_s;
    command.worktreePath = u"/home/dev/weft-parser"_s;

    const auto decision = decide(command, model);

    thenEvents(decision,
               {ThreadCreated {.threadId = kThread,
                               .projectId = kProject,
                               .title = u"Fix the parser"_s,
                               .provider = kShell,
                               .branch = u"fix/parser"_s,
                               .worktreePath = u"/home/dev/weft-parser"_s}});
}

void TestDecider::given_a_thread_when_creating_one_with_its_id_then_thread_already_exists()
{
    const ReadModel model = givenThread();

    const auto decision = decide(createThread(kThread, kProject), model);

    thenRefused(decision, Code::ThreadAlreadyExists);
}

void TestDecider::given_a_deleted_thread_when_creating_one_with_its_id_then_thread_already_exists()
{
    const ReadModel model = given({projectCreated(), threadCreated(), threadDeleted()});

    const auto decision = decide(createThread(kThread, kProject), model);

    thenRefused(decision, Code::ThreadAlreadyExists);
}

void TestDecider::given_nothing_when_creating_a_thread_then_project_not_found()
{
    const ReadModel model;

    const auto decision = decide(createThread(kThread, kProject), model);

    thenRefused(decision, Code::ProjectNotFound);
}

void TestDecider::given_a_deleted_project_when_creating_a_thread_in_it_then_project_deleted()
{
    const ReadModel model = given({projectCreated(), projectDeleted()});

    const auto decision = decide(createThread(kThread, kProject), model);

    thenRefused(decision, Code::ProjectDeleted);
}

void TestDecider::
    given_a_project_when_creating_a_thread_with_a_blank_title_then_invalid_command_data()
{
    QTest::addColumn<QString>("title");
    QTest::newRow("empty") << QString();
    QTest::newRow("whitespace") << u"   "_s;
}

void TestDecider::given_a_project_when_creating_a_thread_with_a_blank_title_then_invalid_command()
{
    QFETCH(QString, title);
    const ReadModel model = given({projectCreated()});

    const auto decision = decide(createThread(kThread, kProject, title), model);

    thenRefused(decision, Code::InvalidCommand);
}

void TestDecider::given_a_project_when_creating_a_thread_without_provider_then_provider_left_unset()
{
    const ReadModel model = given({projectCreated()});
    ThreadCreate command = createThread(kThread, kProject, u"Fix the parser"_s);
    command.provider.reset();

    const auto decision = decide(command, model);

    thenEvents(decision,
               {ThreadCreated {.threadId = kThread,
                               .projectId = kProject,
                               .title = u"Fix the parser"_s,
                               .provider = std::nullopt,
                               .branch = std::nullopt,
                               .worktreePath = std::nullopt}});
}

void TestDecider::
    given_a_project_when_creating_a_thread_with_a_blank_provider_kind_then_invalid_command()
{
    const ReadModel model = given({projectCreated()});
    ThreadCreate command = createThread(kThread, kProject, u"Fix the parser"_s);
    command.provider = ProviderSpec {u" "_s, {}};

    const auto decision = decide(command, model);

    thenRefused(decision, Code::InvalidCommand);
}

// ---------------------------------------------------------------------------------------------
// thread.meta.update

void TestDecider::given_a_thread_when_renaming_it_then_thread_meta_updated()
{
    const ReadModel model = givenThread();

    const auto decision = decide(updateThread(kThread, u"Fix the lexer"_s), model);

    thenEvents(decision,
               {ThreadMetaUpdated {.threadId = kThread,
                                   .title = u"Fix the lexer"_s,
                                   .provider = std::nullopt,
                                   .branch = std::nullopt,
                                   .worktreePath = std::nullopt}});
}

void TestDecider::given_a_thread_when_renaming_it_to_a_blank_title_then_invalid_command()
{
    const ReadModel model = givenThread();

    const auto decision = decide(updateThread(kThread, u" "_s), model);

    thenRefused(decision, Code::InvalidCommand);
}

void TestDecider::given_a_thread_with_a_provider_when_removing_it_then_thread_meta_updated()
{
    const ReadModel model = givenThread();
    ThreadMetaUpdate command = updateThread(kThread, std::nullopt);
    command.provider = ProviderCleared {};

    const auto decision = decide(command, model);

    thenEvents(decision,
               {ThreadMetaUpdated {.threadId = kThread,
                                   .title = std::nullopt,
                                   .provider = ProviderCleared {},
                                   .branch = std::nullopt,
                                   .worktreePath = std::nullopt}});
}

void TestDecider::given_a_thread_when_giving_it_the_task_kind_then_invalid_command()
{
    const ReadModel model = givenThread();
    ThreadMetaUpdate command = updateThread(kThread, std::nullopt);
    command.provider = ProviderSpec {QString::fromLatin1(kTaskProviderKind), {}};

    const auto decision = decide(command, model);

    thenRefused(decision, Code::InvalidCommand);
}

void TestDecider::given_a_task_thread_when_changing_its_provider_then_invalid_command_data()
{
    QTest::addColumn<bool>("remove");
    QTest::newRow("another provider") << false;
    QTest::newRow("none, the project's default") << true;
}

void TestDecider::given_a_task_thread_when_changing_its_provider_then_invalid_command()
{
    QFETCH(bool, remove);
    const ReadModel model = given({projectCreated(), taskThreadCreated()});
    ThreadMetaUpdate command = updateThread(kThread, std::nullopt);
    if (remove)
        command.provider = ProviderCleared {};
    else
        command.provider = kShell;

    const auto decision = decide(command, model);

    thenRefused(decision, Code::InvalidCommand);
}

void TestDecider::given_a_task_thread_when_renaming_it_then_thread_meta_updated()
{
    const ReadModel model = given({projectCreated(), taskThreadCreated()});

    const auto decision = decide(updateThread(kThread, u"Build"_s), model);

    thenEvents(decision,
               {ThreadMetaUpdated {.threadId = kThread,
                                   .title = u"Build"_s,
                                   .provider = std::nullopt,
                                   .branch = std::nullopt,
                                   .worktreePath = std::nullopt}});
}

// ---------------------------------------------------------------------------------------------
// Any thread command

void TestDecider::given_no_thread_when_a_thread_command_arrives_then_thread_not_found_data()
{
    addThreadCommandRows(kOtherThread, false);
}

void TestDecider::given_no_thread_when_a_thread_command_arrives_then_thread_not_found()
{
    QFETCH(Command, command);
    const ReadModel model = givenRunningTurn(); // kThread exists; the commands name kOtherThread

    const auto decision = decide(command, model);

    thenRefused(decision, Code::ThreadNotFound);
}

void TestDecider::given_a_deleted_thread_when_a_thread_command_arrives_then_thread_deleted_data()
{
    addThreadCommandRows(kThread, false);
}

void TestDecider::given_a_deleted_thread_when_a_thread_command_arrives_then_thread_deleted()
{
    QFETCH(Command, command);
    // Deleted while its turn was running: "deleted" wins over every other refusal.
    const ReadModel model = given(
        {projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1), threadDeleted()});

    const auto decision = decide(command, model);

    thenRefused(decision, Code::ThreadDeleted);
}

void TestDecider::given_an_archived_thread_when_a_turn_command_arrives_then_thread_archived_data()
{
    addThreadCommandRows(kThread, true);
}

void TestDecider::given_an_archived_thread_when_a_turn_command_arrives_then_thread_archived()
{
    QFETCH(Command, command);
    const ReadModel model
        = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                 turnCompleted(kTurn1), threadArchived()});

    const auto decision = decide(command, model);

    thenRefused(decision, Code::ThreadArchived);
}

// ---------------------------------------------------------------------------------------------
// thread.archive / thread.unarchive / thread.delete

void TestDecider::given_a_thread_when_archiving_it_then_thread_archived()
{
    const ReadModel model = givenThread();

    const auto decision = decide(archiveThread(kThread), model);

    thenEvents(decision, {ThreadArchived {.threadId = kThread}});
}

void TestDecider::given_an_archived_thread_when_archiving_it_then_thread_archived_error()
{
    const ReadModel model = given({projectCreated(), threadCreated(), threadArchived()});

    const auto decision = decide(archiveThread(kThread), model);

    thenRefused(decision, Code::ThreadArchived);
}

void TestDecider::given_a_running_turn_when_archiving_the_thread_then_turn_already_running()
{
    // Interrupt first, so no turn is orphaned on an archived thread.
    const ReadModel model = givenRunningTurn();

    const auto decision = decide(archiveThread(kThread), model);

    thenRefused(decision, Code::TurnAlreadyRunning);
}

void TestDecider::given_a_completed_turn_when_archiving_the_thread_then_thread_archived()
{
    const ReadModel model = given({projectCreated(), threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(archiveThread(kThread), model);

    thenEvents(decision, {ThreadArchived {.threadId = kThread}});
}

void TestDecider::given_an_archived_thread_when_unarchiving_it_then_thread_unarchived()
{
    const ReadModel model = given({projectCreated(), threadCreated(), threadArchived()});

    const auto decision = decide(unarchiveThread(kThread), model);

    thenEvents(decision, {ThreadUnarchived {.threadId = kThread}});
}

void TestDecider::given_a_thread_when_unarchiving_it_then_thread_not_archived()
{
    const ReadModel model = givenThread();

    const auto decision = decide(unarchiveThread(kThread), model);

    thenRefused(decision, Code::ThreadNotArchived);
}

void TestDecider::given_a_thread_when_deleting_it_then_thread_deleted()
{
    const ReadModel model = givenThread();

    const auto decision = decide(deleteThread(kThread), model);

    thenEvents(decision, {ThreadDeleted {.threadId = kThread, .projectId = kProject}});
}

void TestDecider::given_an_archived_thread_when_deleting_it_then_thread_deleted()
{
    const ReadModel model = given({projectCreated(), threadCreated(), threadArchived()});

    const auto decision = decide(deleteThread(kThread), model);

    thenEvents(decision, {ThreadDeleted {.threadId = kThread, .projectId = kProject}});
}

// ---------------------------------------------------------------------------------------------
// thread.turn.start

void TestDecider::given_an_idle_thread_when_starting_a_turn_then_message_turn_and_status_running()
{
    const ReadModel model = givenThread();

    const auto decision = decide(startTurn(kTurn1, kUserMessage1, u"Fix the parser bug"_s), model);

    thenEvents(decision,
               {
                   ThreadMessageSent {.threadId = kThread,
                                      .messageId = kUserMessage1,
                                      .role = MessageRole::User,
                                      .text = u"Fix the parser bug"_s,
                                      .turnId = kTurn1,
                                      .streaming = false},
                   ThreadTurnStarted {
                       .threadId = kThread, .turnId = kTurn1, .userMessageId = kUserMessage1},
                   ThreadStatusChanged {.threadId = kThread, .status = ThreadStatus::Running},
               });
}

void TestDecider::given_a_completed_turn_when_starting_the_next_then_turn_started()
{
    const ReadModel model = given({projectCreated(), threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(startTurn(kTurn2, kUserMessage2, u"Now the lexer"_s), model);

    thenEvents(decision,
               {
                   ThreadMessageSent {.threadId = kThread,
                                      .messageId = kUserMessage2,
                                      .role = MessageRole::User,
                                      .text = u"Now the lexer"_s,
                                      .turnId = kTurn2,
                                      .streaming = false},
                   ThreadTurnStarted {
                       .threadId = kThread, .turnId = kTurn2, .userMessageId = kUserMessage2},
                   ThreadStatusChanged {.threadId = kThread, .status = ThreadStatus::Running},
               });
}

void TestDecider::given_a_running_turn_when_starting_another_then_turn_already_running()
{
    const ReadModel model = givenRunningTurn();

    const auto decision = decide(startTurn(kTurn2, kUserMessage2), model);

    thenRefused(decision, Code::TurnAlreadyRunning);
}

void TestDecider::given_a_completed_turn_when_starting_one_with_its_id_then_turn_already_exists()
{
    const ReadModel model = given({projectCreated(), threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(startTurn(kTurn1, kUserMessage2), model);

    thenRefused(decision, Code::TurnAlreadyExists);
}

void TestDecider::given_a_user_message_when_starting_a_turn_with_its_id_then_message_id_taken()
{
    const ReadModel model = given({projectCreated(), threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(startTurn(kTurn2, kUserMessage1), model);

    thenRefused(decision, Code::MessageIdTaken);
}

void TestDecider::
    given_an_assistant_message_when_starting_a_turn_with_its_id_then_message_id_taken()
{
    const ReadModel model
        = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                 assistantDeltaStreamed(kTurn1, kAssistantMessage1),
                 assistantMessageCompleted(kTurn1, kAssistantMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(startTurn(kTurn2, kAssistantMessage1), model);

    thenRefused(decision, Code::MessageIdTaken);
}

void TestDecider::given_a_thread_when_starting_a_turn_with_blank_text_then_invalid_command_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("whitespace") << u" \n\t "_s;
}

void TestDecider::given_a_thread_when_starting_a_turn_with_blank_text_then_invalid_command()
{
    QFETCH(QString, text);
    const ReadModel model = givenThread();

    const auto decision = decide(startTurn(kTurn1, kUserMessage1, text), model);

    thenRefused(decision, Code::InvalidCommand);
}

// ---------------------------------------------------------------------------------------------
// thread.turn.interrupt

void TestDecider::given_a_running_turn_when_interrupting_it_then_turn_interrupt_requested()
{
    const ReadModel model = givenRunningTurn();

    const auto decision = decide(interruptTurn(kTurn1), model);

    thenEvents(decision, {ThreadTurnInterruptRequested {.threadId = kThread, .turnId = kTurn1}});
}

void TestDecider::given_an_idle_thread_when_interrupting_a_turn_then_turn_not_running()
{
    const ReadModel model = givenThread();

    const auto decision = decide(interruptTurn(kTurn1), model);

    thenRefused(decision, Code::TurnNotRunning);
}

void TestDecider::given_a_completed_turn_when_interrupting_it_then_turn_not_running()
{
    const ReadModel model = given({projectCreated(), threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(interruptTurn(kTurn1), model);

    thenRefused(decision, Code::TurnNotRunning);
}

// ---------------------------------------------------------------------------------------------
// thread.message.assistant.delta

void TestDecider::given_a_running_turn_when_an_assistant_delta_arrives_then_streaming_message_sent()
{
    const ReadModel model = givenRunningTurn();

    const auto decision
        = decide(sendAssistantDelta(kTurn1, kAssistantMessage1, u"Let me "_s), model);

    thenEvents(decision,
               {ThreadMessageSent {.threadId = kThread,
                                   .messageId = kAssistantMessage1,
                                   .role = MessageRole::Assistant,
                                   .text = u"Let me "_s,
                                   .turnId = kTurn1,
                                   .streaming = true}});
}

void TestDecider::
    given_a_streaming_message_when_the_next_delta_arrives_then_streaming_message_sent()
{
    const ReadModel model
        = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                 assistantDeltaStreamed(kTurn1, kAssistantMessage1, u"Let "_s)});

    const auto decision
        = decide(sendAssistantDelta(kTurn1, kAssistantMessage1, u"me look"_s), model);

    thenEvents(decision,
               {ThreadMessageSent {.threadId = kThread,
                                   .messageId = kAssistantMessage1,
                                   .role = MessageRole::Assistant,
                                   .text = u"me look"_s,
                                   .turnId = kTurn1,
                                   .streaming = true}});
}

void TestDecider::given_a_running_turn_when_a_delta_uses_the_user_message_id_then_message_id_taken()
{
    const ReadModel model = givenRunningTurn();

    const auto decision = decide(sendAssistantDelta(kTurn1, kUserMessage1), model);

    thenRefused(decision, Code::MessageIdTaken);
}

void TestDecider::given_an_earlier_turns_reply_when_a_delta_reuses_its_id_then_message_id_taken()
{
    const ReadModel model
        = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                 assistantDeltaStreamed(kTurn1, kAssistantMessage1),
                 assistantMessageCompleted(kTurn1, kAssistantMessage1), turnCompleted(kTurn1),
                 turnStarted(kTurn2, kUserMessage2)});

    const auto decision = decide(sendAssistantDelta(kTurn2, kAssistantMessage1), model);

    thenRefused(decision, Code::MessageIdTaken);
}

void TestDecider::
    given_an_earlier_turns_user_message_when_a_delta_reuses_its_id_then_message_id_taken()
{
    const ReadModel model
        = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                 turnCompleted(kTurn1), turnStarted(kTurn2, kUserMessage2)});

    const auto decision = decide(sendAssistantDelta(kTurn2, kUserMessage1), model);

    thenRefused(decision, Code::MessageIdTaken);
}

void TestDecider::given_a_running_turn_when_a_delta_names_another_turn_then_turn_not_running()
{
    const ReadModel model = givenRunningTurn();

    const auto decision = decide(sendAssistantDelta(kTurn2, kAssistantMessage1), model);

    thenRefused(decision, Code::TurnNotRunning);
}

void TestDecider::given_an_idle_thread_when_an_assistant_delta_arrives_then_turn_not_running()
{
    const ReadModel model = givenThread();

    const auto decision = decide(sendAssistantDelta(kTurn1, kAssistantMessage1), model);

    thenRefused(decision, Code::TurnNotRunning);
}

// ---------------------------------------------------------------------------------------------
// thread.message.assistant.complete

void TestDecider::given_a_streaming_message_when_completing_it_then_final_empty_message_sent()
{
    const ReadModel model
        = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                 assistantDeltaStreamed(kTurn1, kAssistantMessage1)});

    const auto decision = decide(completeAssistantMessage(kTurn1, kAssistantMessage1), model);

    thenEvents(decision,
               {ThreadMessageSent {.threadId = kThread,
                                   .messageId = kAssistantMessage1,
                                   .role = MessageRole::Assistant,
                                   .text = QString(),
                                   .turnId = kTurn1,
                                   .streaming = false}});
}

void TestDecider::given_an_idle_thread_when_completing_an_assistant_message_then_turn_not_running()
{
    const ReadModel model = givenThread();

    const auto decision = decide(completeAssistantMessage(kTurn1, kAssistantMessage1), model);

    thenRefused(decision, Code::TurnNotRunning);
}

// ---------------------------------------------------------------------------------------------
// thread.message.system.append

namespace {
ThreadMessageSystemAppend systemMessage(const MessageId &message, std::optional<TurnId> turn)
{
    return {CommandId(u"command-system"_s), kThread, message, std::move(turn),
            u"Weft restarted; the turn was interrupted."_s};
}
} // namespace

void TestDecider::
    given_an_archived_thread_when_appending_a_system_message_then_system_message_sent()
{
    const ReadModel model = given({projectCreated(),
                                   threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1),
                                   turnCompleted(kTurn1),
                                   {ThreadArchived {kThread}}});

    const auto decision = decide(systemMessage(MessageId(u"m-system"_s), kTurn1), model);

    thenEvents(decision,
               {ThreadMessageSent {.threadId = kThread,
                                   .messageId = MessageId(u"m-system"_s),
                                   .role = MessageRole::System,
                                   .text = u"Weft restarted; the turn was interrupted."_s,
                                   .turnId = kTurn1,
                                   .streaming = false}});
}

void TestDecider::given_a_used_message_id_when_appending_a_system_message_then_message_id_taken()
{
    const auto decision = decide(systemMessage(kUserMessage1, std::nullopt), givenRunningTurn());
    thenRefused(decision, Code::MessageIdTaken);
}

void TestDecider::given_an_unknown_turn_when_appending_a_system_message_then_invalid_command()
{
    const auto decision
        = decide(systemMessage(MessageId(u"m-system"_s), TurnId(u"no-such-turn"_s)), givenThread());
    thenRefused(decision, Code::InvalidCommand);
}

// ---------------------------------------------------------------------------------------------
// thread.activity.append

void TestDecider::
    given_a_running_turn_when_appending_an_activity_then_activity_appended_with_command_id()
{
    const ReadModel model = givenRunningTurn();
    ThreadActivityAppend command = appendActivity(kTurn1);
    command.commandId = CommandId(u"command-activity-7"_s);

    const auto decision = decide(command, model);

    thenEvents(decision,
               {ThreadActivityAppended {.threadId = kThread,
                                        .turnId = kTurn1,
                                        .activityId = ActivityId(u"command-activity-7"_s),
                                        .tone = ActivityTone::Tool,
                                        .kind = u"tool.call"_s,
                                        .summary = u"ran cmake --build"_s,
                                        .payload = QJsonObject {{u"exitCode"_s, 0}}}});
}

void TestDecider::given_a_completed_turn_when_appending_an_activity_then_turn_not_running()
{
    const ReadModel model = given({projectCreated(), threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(appendActivity(kTurn1), model);

    thenRefused(decision, Code::TurnNotRunning);
}

// ---------------------------------------------------------------------------------------------
// thread.turn.complete

void TestDecider::given_a_running_turn_when_completing_it_then_turn_completed_and_status_data()
{
    QTest::addColumn<TurnOutcome>("outcome");
    QTest::addColumn<std::optional<int>>("exitCode");
    QTest::addColumn<std::optional<QString>>("error");
    QTest::addColumn<ThreadStatus>("status");
    QTest::newRow("completed → ready") << TurnOutcome::Completed << std::optional(0)
                                       << std::optional<QString>() << ThreadStatus::Ready;
    QTest::newRow("error → error")
        << TurnOutcome::Error << std::optional(2) << std::optional(u"cmake: build failed"_s)
        << ThreadStatus::Error;
    QTest::newRow("interrupted → interrupted")
        << TurnOutcome::Interrupted << std::optional<int>() << std::optional<QString>()
        << ThreadStatus::Interrupted;
}

void TestDecider::given_a_running_turn_when_completing_it_then_turn_completed_and_status()
{
    QFETCH(TurnOutcome, outcome);
    QFETCH(std::optional<int>, exitCode);
    QFETCH(std::optional<QString>, error);
    QFETCH(ThreadStatus, status);
    const ReadModel model = givenRunningTurn();
    ThreadTurnComplete command = completeTurn(kTurn1, outcome);
    command.exitCode = exitCode;
    command.error = error;

    const auto decision = decide(command, model);

    thenEvents(decision,
               {
                   ThreadTurnCompleted {.threadId = kThread,
                                        .turnId = kTurn1,
                                        .outcome = outcome,
                                        .exitCode = exitCode,
                                        .error = error},
                   ThreadStatusChanged {.threadId = kThread, .status = status},
               });
}

void TestDecider::given_a_completed_turn_when_completing_it_again_then_turn_not_running()
{
    const ReadModel model = given({projectCreated(), threadCreated(),
                                   turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

    const auto decision = decide(completeTurn(kTurn1), model);

    thenRefused(decision, Code::TurnNotRunning);
}

void TestDecider::given_a_running_turn_when_completing_another_turn_then_turn_not_running()
{
    const ReadModel model = givenRunningTurn();

    const auto decision = decide(completeTurn(kTurn2), model);

    thenRefused(decision, Code::TurnNotRunning);
}

QTEST_GUILESS_MAIN(TestDecider)
#include "tst_decider.moc"

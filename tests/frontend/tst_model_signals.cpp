// The list models fed by a real backend on a temporary database: after the first read, one
// event changes them by rowsInserted or by dataChanged on one row — never by a model reset,
// which would make every view rebuild its delegates and lose its scroll position.
#include "backend/domain/Commands.h"
#include "backend/domain/WorkflowCommands.h"
#include "frontend/AppClient.h"
#include "frontend/MessageListModel.h"
#include "frontend/ProjectListModel.h"
#include "frontend/TaskListModel.h"
#include "frontend/ThreadListModel.h"
#include "frontend/TurnListModel.h"
#include "tests/support/ClientCommands.h"
#include "tests/support/Commands.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace backend;
using namespace Qt::StringLiterals;

namespace {

/// Every way a model can tell its views it changed.
struct Spies
{
    explicit Spies(QAbstractItemModel *model)
        : inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , moved(model, &QAbstractItemModel::rowsMoved)
        , changed(model, &QAbstractItemModel::dataChanged)
        , reset(model, &QAbstractItemModel::modelReset)
        , layout(model, &QAbstractItemModel::layoutChanged)
    {
    }
    void clear()
    {
        for (QSignalSpy *spy : {&inserted, &removed, &moved, &changed, &reset, &layout})
            spy->clear();
    }

    QSignalSpy inserted, removed, moved, changed, reset, layout;
};

/// Nothing but one inserted row, at `row`.
void checkInsertedOne(const Spies &s, int row)
{
    QCOMPARE(s.reset.size(), 0);
    QCOMPARE(s.layout.size(), 0);
    QCOMPARE(s.removed.size(), 0);
    QCOMPARE(s.moved.size(), 0);
    QCOMPARE(s.inserted.size(), 1);
    QCOMPARE(s.inserted.first().at(1).toInt(), row);
    QCOMPARE(s.inserted.first().at(2).toInt(), row);
}

/// Rows changed in place, every signal on the one row `row`; no row came or went.
void checkChangedOnly(const Spies &s, int row)
{
    QCOMPARE(s.reset.size(), 0);
    QCOMPARE(s.layout.size(), 0);
    QCOMPARE(s.inserted.size(), 0);
    QCOMPARE(s.removed.size(), 0);
    QCOMPARE(s.moved.size(), 0);
    QVERIFY(!s.changed.isEmpty());
    for (const QList<QVariant> &args : s.changed) {
        QCOMPARE(args.at(0).toModelIndex().row(), row);
        QCOMPARE(args.at(1).toModelIndex().row(), row);
    }
}

} // namespace

class TestModelSignals : public QObject
{
    Q_OBJECT

    static bool run(frontend::AppClient &client, Command command)
    {
        return testing::dispatchAndWait(client, std::move(command));
    }

    /// A ready client with no reactors (nothing runs unless the test dispatches it) and a
    /// project with a thread.
    bool prepare()
    {
        BackendConfig config;
        config.databasePath = m_dir->filePath(u"weft.sqlite"_s);
        m_client = std::make_unique<frontend::AppClient>(std::move(config));
        return QTest::qWaitFor([&] { return m_client->isReady(); }, 20'000)
            && run(*m_client,
                   ProjectCreate {CommandId::generate(), m_project, u"P"_s, m_dir->path()})
            && createThread(m_thread);
    }

    bool createThread(const ThreadId &thread)
    {
        return run(*m_client, testing::threadCreate(thread.value, m_project.value));
    }

    bool startTurn(const TurnId &turn)
    {
        return run(*m_client,
                   ThreadTurnStart {CommandId::generate(), m_thread, turn, MessageId::generate(),
                                    u"echo hi"_s});
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<frontend::AppClient> m_client;
    ProjectId m_project;
    ThreadId m_thread;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_project = ProjectId::generate();
        m_thread = ThreadId::generate();
        QVERIFY(prepare());
    }

    void cleanup()
    {
        m_client.reset();
        m_dir.reset();
    }

    void given_project_list_when_a_project_is_created_or_renamed_then_one_row_changes()
    {
        frontend::ProjectListModel model;
        model.setClient(m_client.get());
        QCOMPARE(model.count(), 1);
        Spies spies(&model);
        const ProjectId second = ProjectId::generate();
        const QString root = m_dir->filePath(u"second"_s);
        QVERIFY(QDir().mkpath(root));
        QVERIFY(run(*m_client, ProjectCreate {CommandId::generate(), second, u"Q"_s, root}));
        checkInsertedOne(spies, 1);

        spies.clear();
        QVERIFY(
            run(*m_client, ProjectMetaUpdate {CommandId::generate(), second, u"Renamed"_s, {}}));
        checkChangedOnly(spies, 1);
    }

    void given_thread_list_when_a_thread_is_created_started_and_archived_then_one_row_changes()
    {
        frontend::ThreadListModel model;
        model.setClient(m_client.get());
        model.setProjectId(m_project.value);
        QCOMPARE(model.count(), 1);
        Spies spies(&model);
        const ThreadId second = ThreadId::generate();
        QVERIFY(createThread(second));
        checkInsertedOne(spies, 1);

        spies.clear();
        QVERIFY(run(*m_client,
                    ThreadTurnStart {CommandId::generate(), second, TurnId::generate(),
                                     MessageId::generate(), u"echo hi"_s}));
        checkChangedOnly(spies, 1);

        spies.clear();
        QVERIFY(run(*m_client, ThreadArchive {CommandId::generate(), m_thread}));
        checkChangedOnly(spies, 0);
    }

    void given_open_messages_when_a_turn_streams_then_deltas_change_one_row()
    {
        frontend::MessageListModel model;
        model.setClient(m_client.get());
        model.setThreadId(m_thread.value);
        QVERIFY(QTest::qWaitFor([&] { return !model.isLoading(); }, 20'000));
        QCOMPARE(model.count(), 0);
        Spies spies(&model);
        const TurnId turn = TurnId::generate();
        QVERIFY(startTurn(turn));
        checkInsertedOne(spies, 0); // the user's message

        spies.clear();
        const MessageId reply = MessageId::generate();
        QVERIFY(run(
            *m_client,
            ThreadMessageAssistantDelta {CommandId::generate(), m_thread, reply, turn, u"Hel"_s}));
        checkInsertedOne(spies, 1);

        for (const QString &delta : {u"lo"_s, u", world"_s}) {
            spies.clear();
            QVERIFY(run(
                *m_client,
                ThreadMessageAssistantDelta {CommandId::generate(), m_thread, reply, turn, delta}));
            checkChangedOnly(spies, 1);
        }
        QCOMPARE(model.get(1).value(u"text"_s).toString(), u"Hello, world"_s);

        spies.clear();
        QVERIFY(run(*m_client,
                    ThreadMessageAssistantComplete {CommandId::generate(), m_thread, reply, turn}));
        checkChangedOnly(spies, 1);
        QCOMPARE(model.get(1).value(u"streaming"_s).toBool(), false);
    }

    void given_open_turns_when_a_turn_starts_and_completes_then_one_row_changes()
    {
        frontend::TurnListModel model;
        model.setClient(m_client.get());
        model.setThreadId(m_thread.value);
        QCOMPARE(model.count(), 0);
        Spies spies(&model);
        const TurnId turn = TurnId::generate();
        QVERIFY(startTurn(turn));
        checkInsertedOne(spies, 0);

        spies.clear();
        QVERIFY(run(*m_client,
                    ThreadTurnComplete {CommandId::generate(), m_thread, turn,
                                        TurnOutcome::Completed, 0, std::nullopt}));
        checkChangedOnly(spies, 0);
        QCOMPARE(model.get(0).value(u"turnState"_s).toString(), u"completed"_s);
    }

    void given_open_tasks_when_a_task_is_added_and_promoted_then_one_row_changes()
    {
        const WorkflowId workflow(u"w"_s);
        QVERIFY(
            run(*m_client, WorkflowCreate {CommandId::generate(), workflow, m_project, u"W"_s}));
        TaskSpec spec;
        spec.title = u"First"_s;
        spec.shell = u"true"_s;
        QVERIFY(run(*m_client, TaskAdd {CommandId::generate(), workflow, TaskId(u"a"_s), spec}));
        frontend::TaskListModel model;
        model.setClient(m_client.get());
        model.setWorkflowId(workflow.value);
        QCOMPARE(model.count(), 1);
        Spies spies(&model);
        spec.title = u"Second"_s;
        QVERIFY(run(*m_client, TaskAdd {CommandId::generate(), workflow, TaskId(u"b"_s), spec}));
        checkInsertedOne(spies, 1);

        QVERIFY(run(*m_client, WorkflowStart {CommandId::generate(), workflow}));
        spies.clear();
        QVERIFY(run(*m_client,
                    TaskPromote {CommandId::generate(), workflow, TaskId(u"b"_s),
                                 QDateTime::currentDateTimeUtc()}));
        checkChangedOnly(spies, 1);
        QCOMPARE(model.get(u"b"_s).value(u"state"_s).toString(), u"ready"_s);
    }
};

QTEST_MAIN(TestModelSignals)

#include "tst_model_signals.moc"

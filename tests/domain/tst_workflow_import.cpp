// workflow.import through a real engine on a temporary store: a file is stored whole or not at
// all, and what is stored replays to the same model.

#include "backend/engine/OrchestrationEngine.h"
#include "backend/store/EventStore.h"
#include "tests/support/Commands.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;
using namespace Qt::StringLiterals;

namespace {

QJsonObject entry(const QString &id, QJsonObject more = {})
{
    more.insert(u"id"_s, id);
    if (!more.contains(u"command"_s))
        more.insert(u"shell"_s, u"echo "_s + id);
    return more;
}

QJsonObject edge(const QString &from, const QString &to)
{
    return QJsonObject {{u"from"_s, from}, {u"to"_s, to}};
}

WorkflowImport importing(const QString &workflowId, const QJsonArray &tasks,
                         const QJsonArray &dependencies)
{
    return WorkflowImport {testing::freshCommandId(), WorkflowId(workflowId), ProjectId(u"p1"_s),
                           QJsonObject {{u"tasks"_s, tasks}, {u"dependencies"_s, dependencies}}};
}

} // namespace

class TestWorkflowImport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock;
    int m_counter = 0;
    QString m_path;

    std::unique_ptr<OrchestrationEngine> openEngine()
    {
        auto store = EventStore::open(m_path);
        if (!store)
            qFatal("store: %s", qPrintable(store.error().message));
        auto engine = OrchestrationEngine::create(std::move(*store), {0, &m_clock});
        if (!engine)
            qFatal("engine: %s", qPrintable(engine.error().message));
        return std::move(*engine);
    }

private slots:
    void init() { m_path = m_dir.filePath(u"weft-%1.sqlite"_s.arg(++m_counter)); }

    void given_a_file_with_one_bad_entry_when_imported_then_rejected_and_nothing_stored()
    {
        auto engine = openEngine();
        QVERIFY(engine->dispatch(testing::projectCreate(u"p1"_s, u"/work/p1"_s)));
        const qint64 before = *engine->store().lastSequence();
        QJsonArray tasks;
        for (int i = 0; i < 50; ++i)
            tasks.append(entry(u"t%1"_s.arg(i)));
        // entry 37: a backoff whose base exceeds its maximum
        tasks[37] = entry(u"t37"_s,
                          QJsonObject {{u"retry"_s,
                                        QJsonObject {{u"maxAttempts"_s, 3},
                                                     {u"backoff"_s,
                                                      QJsonObject {{u"type"_s, u"exponential"_s},
                                                                   {u"baseMs"_s, 5000},
                                                                   {u"maxMs"_s, 10}}}}}});
        QJsonArray deps;
        for (int i = 1; i < 50; ++i)
            deps.append(edge(u"t%1"_s.arg(i - 1), u"t%1"_s.arg(i)));
        const DispatchResult result = engine->dispatch(importing(u"wf"_s, tasks, deps));
        QVERIFY(!result);
        QVERIFY(result.error().isRejection());
        QCOMPARE(result.error().code(), u"invalid_task_spec"_s);
        QVERIFY2(result.error().message().startsWith(u"tasks[37].retry.backoff.baseMs"_s),
                 qPrintable(result.error().message()));
        QCOMPARE(*engine->store().lastSequence(), before);
        QVERIFY(!engine->readModel().workflow(WorkflowId(u"wf"_s)));
    }

    void given_a_strategy_in_the_file_when_imported_then_the_workflow_keeps_it_across_restarts()
    {
        auto engine = openEngine();
        QVERIFY(engine->dispatch(testing::projectCreate(u"p1"_s, u"/work/p1"_s)));
        WorkflowImport fair = importing(u"wf"_s, QJsonArray {entry(u"a"_s)}, {});
        fair.document.insert(u"strategy"_s, u"fair"_s);
        QVERIFY(engine->dispatch(fair));
        QCOMPARE(engine->readModel().workflow(WorkflowId(u"wf"_s))->strategy,
                 SchedulingStrategy::Fair);

        const qint64 before = *engine->store().lastSequence();
        WorkflowImport bogus = importing(u"wf2"_s, QJsonArray {entry(u"a"_s)}, {});
        bogus.document.insert(u"strategy"_s, u"fastest"_s);
        const DispatchResult refused = engine->dispatch(bogus);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), u"invalid_workflow_document"_s);
        QVERIFY2(refused.error().message().startsWith(u"strategy must be one of"_s),
                 qPrintable(refused.error().message()));
        QCOMPARE(*engine->store().lastSequence(), before);

        engine.reset();
        QCOMPARE(openEngine()->readModel().workflow(WorkflowId(u"wf"_s))->strategy,
                 SchedulingStrategy::Fair);
    }

    void given_a_file_with_a_cycle_when_imported_then_rejected_whole()
    {
        auto engine = openEngine();
        QVERIFY(engine->dispatch(testing::projectCreate(u"p1"_s, u"/work/p1"_s)));
        const qint64 before = *engine->store().lastSequence();
        const DispatchResult result = engine->dispatch(importing(
            u"wf"_s, QJsonArray {entry(u"a"_s), entry(u"b"_s), entry(u"c"_s)},
            QJsonArray {edge(u"a"_s, u"b"_s), edge(u"b"_s, u"c"_s), edge(u"c"_s, u"b"_s)}));
        QVERIFY(!result);
        QCOMPARE(result.error().code(), u"cycle_detected"_s);
        QVERIFY2(result.error().message().contains(u"b → c → b"_s),
                 qPrintable(result.error().message()));
        QCOMPARE(*engine->store().lastSequence(), before);
    }

    void given_a_valid_file_when_imported_then_every_task_and_edge_stored_and_replayed()
    {
        auto engine = openEngine();
        QVERIFY(engine->dispatch(testing::projectCreate(u"p1"_s, u"/work/p1"_s)));
        const DispatchResult result = engine->dispatch(
            importing(u"wf"_s, QJsonArray {entry(u"fetch"_s), entry(u"build"_s), entry(u"test"_s)},
                      QJsonArray {edge(u"fetch"_s, u"build"_s), edge(u"build"_s, u"test"_s)}));
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message()));
        // created, 3 × added, 2 × declared, imported
        QCOMPARE(result->size(), qsizetype(7));
        QCOMPARE(result->first().aggregateKind, u"workflow"_s);
        QCOMPARE(result->at(1).aggregateKind, u"task"_s);
        QCOMPARE(result->at(1).aggregateId, u"wf/fetch"_s);
        QCOMPARE(result->at(1).streamVersion, qint64(1));
        QCOMPARE(result->at(4).aggregateId, u"wf/build"_s); // build's edge: its second event
        QCOMPARE(result->at(4).streamVersion, qint64(2));
        QCOMPARE(result->last().type, u"workflow.imported"_s);
        QCOMPARE(result->last().streamVersion, qint64(2));

        const ReadModel live = engine->readModel();
        const WorkflowView *w = live.workflow(WorkflowId(u"wf"_s));
        QVERIFY(w);
        QCOMPARE(w->tasks.size(), qsizetype(3));
        QCOMPARE(w->task(TaskId(u"test"_s))->state, TaskRunState::Blocked);
        QCOMPARE(w->task(TaskId(u"fetch"_s))->state, TaskRunState::Scheduled);

        engine.reset();
        auto reopened = openEngine();
        QVERIFY(reopened->readModel() == live);

        // The same file into a second workflow: task ids are scoped by their workflow.
        QVERIFY(reopened->dispatch(
            importing(u"wf2"_s, QJsonArray {entry(u"fetch"_s), entry(u"build"_s), entry(u"test"_s)},
                      QJsonArray {edge(u"fetch"_s, u"build"_s)})));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowImport)
#include "tst_workflow_import.moc"

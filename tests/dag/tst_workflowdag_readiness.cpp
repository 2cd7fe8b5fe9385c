// Which tasks may start given the completed ones.

#include "DagTestUtil.h"

#include <QTest>

using namespace backend;
using namespace dagtest;

class TestWorkflowDagReadiness : public QObject
{
    Q_OBJECT

private slots:
    void given_nothingCompleted_when_asked_then_rootsAreReady()
    {
        const WorkflowDag dag
            = graph({"a", "b", "c", "d"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
        QCOMPARE(dag.readyNodes({}), ids("a"));
        QCOMPARE(dag.blockedNodes({}), ids("b c d"));
        QVERIFY(*dag.isReady("a", {}));
        QVERIFY(!*dag.isReady("b", {}));
    }

    void given_partOfDiamondCompleted_when_asked_then_joinWaitsForBothBranches()
    {
        const WorkflowDag dag
            = graph({"a", "b", "c", "d"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
        QCOMPARE(dag.readyNodes(idSet("a b")), ids("c"));
        QCOMPARE(dag.blockedNodes(idSet("a b")), ids("d"));
        QCOMPARE(dag.readyNodes(idSet("a b c")), ids("d"));
        QVERIFY(*dag.isReady("d", idSet("a b c")));
    }

    void given_completedNode_when_asked_then_neitherReadyNorBlocked()
    {
        const WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}});
        QCOMPARE(dag.readyNodes(idSet("a b")), QStringList {});
        QCOMPARE(dag.blockedNodes(idSet("a b")), QStringList {});
        QVERIFY(!*dag.isReady("a", idSet("a")));
    }

    void given_preferredEdge_when_asked_then_itNeverBlocks()
    {
        const WorkflowDag dag = graph({"a", "b"}, {{"a", "b", Preferred}});
        QCOMPARE(dag.readyNodes({}), ids("a b"));
        QVERIFY(*dag.isReady("b", {}));
    }

    void given_unknownCompletedIds_when_asked_then_ignored()
    {
        const WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}});
        QCOMPARE(dag.readyNodes(idSet("zzz")), ids("a"));
        QCOMPARE(dag.blockedNodes(idSet("zzz")), ids("b"));
    }

    void given_emptyGraph_when_asked_then_nothingReady()
    {
        QVERIFY(WorkflowDag().readyNodes({}).isEmpty());
        QVERIFY(WorkflowDag().blockedNodes({}).isEmpty());
    }

    void given_cycle_when_asked_then_itsNodesStayBlocked()
    {
        const WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}, {"b", "a"}}, true);
        QCOMPARE(dag.readyNodes({}), ids("c"));
        QCOMPARE(dag.blockedNodes({}), ids("a b"));
    }
};

QTEST_APPLESS_MAIN(TestWorkflowDagReadiness)
#include "tst_workflowdag_readiness.moc"

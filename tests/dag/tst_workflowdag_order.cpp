// Topological orders, the critical path and the layering.

#include "DagTestUtil.h"

#include <QTest>

using namespace backend;
using namespace dagtest;

class TestWorkflowDagOrder : public QObject
{
    Q_OBJECT

private slots:
    void given_independentNodes_when_sorted_then_insertionOrderBreaksTies()
    {
        const WorkflowDag dag = graph({"c", "a", "b"});
        QCOMPARE(*dag.topologicalSort(), ids("c a b"));
        QCOMPARE(*dag.topologicalSortKahn(), ids("c a b"));
    }

    void given_diamond_when_sorted_then_prerequisitesComeFirst()
    {
        const WorkflowDag dag
            = graph({"d", "c", "b", "a"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
        QCOMPARE(*dag.topologicalSort(), ids("a c b d"));
        QCOMPARE(*dag.topologicalSortKahn(), ids("a b c d"));
    }

    void given_longChain_when_sorted_then_chainOrderWithoutDeepRecursion()
    {
        WorkflowDag dag;
        const int n = 50'000;
        for (int i = n - 1; i >= 0; --i)
            QVERIFY(dag.addNode(QString::number(i)));
        for (int i = 1; i < n; ++i)
            QVERIFY(dag.addEdge(QString::number(i - 1), QString::number(i)));
        const QStringList order = *dag.topologicalSort();
        QCOMPARE(order.size(), n);
        QCOMPARE(order.first(), QStringLiteral("0"));
        QCOMPARE(order.last(), QString::number(n - 1));
        const CriticalPath path = *dag.criticalPath();
        QCOMPARE(path.weight, double(n));
        QCOMPARE(path.nodes.size(), n);
        QCOMPARE(dag.layers()->size(), n);
    }

    void given_preferredEdge_when_sorted_then_itOrdersTies()
    {
        // b and a are both free; the preferred edge b → a puts b first despite insertion order.
        const WorkflowDag dag = graph({"a", "b"}, {{"b", "a", Preferred}});
        QCOMPARE(*dag.topologicalSort(), ids("b a"));
        QCOMPARE(*dag.topologicalSortKahn(), ids("a b"));
    }

    void given_preferredEdgeAgainstBlocking_when_sorted_then_blockingWins()
    {
        // a → b blocking, b → a preferred: the preferred one cannot be honoured.
        const WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}, {"b", "a", Preferred}});
        QVERIFY(!dag.hasCycle());
        QCOMPARE(*dag.topologicalSort(), ids("a b"));
    }

    void given_preferredCycle_when_sorted_then_orderIsStillComplete()
    {
        const WorkflowDag dag = graph(
            {"a", "b", "c"}, {{"a", "b", Preferred}, {"b", "c", Preferred}, {"c", "a", Preferred}});
        QVERIFY(!dag.hasCycle());
        QCOMPARE(*dag.topologicalSort(), ids("a b c"));
    }

    void given_preferredChainBehindBlocking_when_sorted_then_preferredOrderHolds()
    {
        // x waits for a; y would be next by insertion but x is preferred before y.
        const WorkflowDag dag = graph({"a", "y", "x"}, {{"a", "x"}, {"x", "y", Preferred}});
        QCOMPARE(*dag.topologicalSort(), ids("a x y"));
    }

    void given_diamondWithWeights_when_criticalPath_then_heaviestBranch()
    {
        WorkflowDag dag;
        QVERIFY(dag.addNode("a", 1));
        QVERIFY(dag.addNode("b", 2));
        QVERIFY(dag.addNode("c", 5));
        QVERIFY(dag.addNode("d", 1));
        for (auto [from, to] : {std::pair {"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}})
            QVERIFY(dag.addEdge(from, to));
        const CriticalPath path = *dag.criticalPath();
        QCOMPARE(path.weight, 7.0);
        QCOMPARE(path.nodes, ids("a c d"));
    }

    void given_weightOverrides_when_criticalPath_then_overridesCount()
    {
        const WorkflowDag dag
            = graph({"a", "b", "c", "d"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
        const CriticalPath path = *dag.criticalPath({{"b", 10.0}});
        QCOMPARE(path.weight, 12.0);
        QCOMPARE(path.nodes, ids("a b d"));
        QCOMPARE(dag.criticalPath({{"x", 1.0}}).error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.criticalPath({{"a", -1.0}}).error().code, DagErrorCode::InvalidOperation);
    }

    void given_preferredEdges_when_criticalPath_then_onlyBlockingEdgesCount()
    {
        const WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b", Preferred}, {"b", "c"}});
        const CriticalPath path = *dag.criticalPath();
        QCOMPARE(path.weight, 2.0);
        QCOMPARE(path.nodes, ids("b c"));
    }

    void given_disconnectedParts_when_criticalPath_then_heaviestPartWins()
    {
        WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}});
        QVERIFY(dag.setWeight("c", 5));
        QCOMPARE(dag.criticalPath()->nodes, ids("c"));
    }

    void given_diamond_when_layered_then_longestPathLayers()
    {
        const WorkflowDag dag
            = graph({"a", "b", "c", "d", "e"},
                    {{"a", "b"}, {"b", "c"}, {"a", "c"}, {"d", "c"}, {"a", "e", Preferred}});
        const QList<QStringList> expected {ids("a d e"), ids("b"), ids("c")};
        QCOMPARE(*dag.layers(), expected);
        QCOMPARE(dag.condensedLayers().size(), 3);
    }

    void given_emptyGraph_when_layered_then_noLayers()
    {
        QVERIFY(WorkflowDag().layers()->isEmpty());
        QVERIFY(WorkflowDag().condensedLayers().isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestWorkflowDagOrder)
#include "tst_workflowdag_order.moc"

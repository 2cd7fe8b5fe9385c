// Cycles: refused by addEdge, kept by the unchecked paths and reported by findCycles.

#include "DagTestUtil.h"

#include <QTest>

using namespace backend;
using namespace dagtest;

class TestWorkflowDagCycles : public QObject
{
    Q_OBJECT

private slots:
    void given_twoNodes_when_blockingEdgeClosesCycle_then_refusedAndGraphUnchanged()
    {
        WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}});
        const auto result = dag.addEdge("b", "a");
        QVERIFY(!result);
        QCOMPARE(result.error().code, DagErrorCode::CycleDetected);
        QCOMPARE(result.error().nodes, ids("b a"));
        QCOMPARE(dag.edgeCount(), 1);
        QVERIFY(!dag.edgeType("b", "a"));
        QVERIFY(result.error().message().contains("b → a → b"));
    }

    void given_chain_when_blockingEdgeClosesLongCycle_then_cycleNamedInOrder()
    {
        WorkflowDag dag = graph({"a", "b", "c", "d"}, {{"a", "b"}, {"b", "c"}, {"c", "d"}});
        const auto result = dag.addEdge("d", "a");
        QCOMPARE(result.error().code, DagErrorCode::CycleDetected);
        QCOMPARE(result.error().nodes, ids("d a b c"));
        QCOMPARE(dag.edgeCount(), 3);
    }

    void given_chain_when_preferredEdgeWouldCloseCycle_then_allowed()
    {
        WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}});
        QVERIFY(dag.addEdge("c", "a", Preferred));
        QVERIFY(!dag.hasCycle());
        QVERIFY(dag.findCycles().isEmpty());
        QCOMPARE(*dag.topologicalSort(), ids("a b c"));
    }

    void given_preferredCycle_when_blockingEdgeAdded_then_onlyBlockingEdgesCount()
    {
        WorkflowDag dag = graph({"a", "b"}, {{"b", "a", Preferred}});
        QVERIFY(dag.addEdge("a", "b"));
        QVERIFY(!dag.hasCycle());
    }

    void given_uncheckedSelfLoop_when_validated_then_reportedAsCycle()
    {
        const WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}, {"b", "b"}}, true);
        QVERIFY(dag.hasCycle());
        QCOMPARE(dag.validateNoSelfLoops().error().code, DagErrorCode::SelfLoop);
        QCOMPARE(dag.validateNoSelfLoops().error().nodes, ids("b"));
        const QList<DagCycle> cycles = dag.findCycles();
        QCOMPARE(cycles.size(), 1);
        QCOMPARE(cycles.first().nodes, ids("b"));
        QCOMPARE(cycles.first().cycle, ids("b"));
    }

    void given_preferredSelfLoop_when_validated_then_noCycleButSelfLoop()
    {
        const WorkflowDag dag = graph({"a"}, {{"a", "a", Preferred}}, true);
        QVERIFY(!dag.hasCycle());
        QVERIFY(dag.findCycles().isEmpty());
        QVERIFY(!dag.validateNoSelfLoops());
        QCOMPARE(*dag.topologicalSort(), ids("a"));
    }

    void given_acyclicGraph_when_validated_then_fine()
    {
        const WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}});
        QVERIFY(dag.validateNoSelfLoops());
        QVERIFY(dag.validateAcyclic());
    }

    void given_twoNodeCycle_when_ordered_then_cycleDetectedEverywhere()
    {
        const WorkflowDag dag = graph({"x", "a", "b"}, {{"a", "b"}, {"b", "a"}}, true);
        QVERIFY(dag.hasCycle());
        QCOMPARE(dag.topologicalSort().error().code, DagErrorCode::CycleDetected);
        QCOMPARE(dag.topologicalSortKahn().error().code, DagErrorCode::CycleDetected);
        QCOMPARE(dag.criticalPath().error().code, DagErrorCode::CycleDetected);
        QCOMPARE(dag.layers().error().code, DagErrorCode::CycleDetected);
        QCOMPARE(dag.topologicalSort().error().nodes, ids("a b"));
        QCOMPARE(dag.validateAcyclic().error().nodes, ids("a b"));
        QCOMPARE(dag.findCycles().size(), 1);
        QCOMPARE(dag.findCycles().first().nodes, ids("a b"));
    }

    void given_cycleHiddenDeepInLargeGraph_when_searched_then_exactlyItsNodesReported()
    {
        // A 2000-node layered DAG with one back edge from node 1900 to node 100 along a chain.
        WorkflowDag dag;
        const int n = 2000;
        for (int i = 0; i < n; ++i)
            QVERIFY(dag.addNode(QString::number(i)));
        for (int i = 1; i < n; ++i) {
            QVERIFY(dag.addEdge(QString::number(i - 1), QString::number(i)));
            if (i >= 7)
                QVERIFY(dag.addEdge(QString::number(i - 7), QString::number(i)));
        }
        QVERIFY(!dag.hasCycle());
        QCOMPARE(dag.addEdge("1900", "100").error().code, DagErrorCode::CycleDetected);
        QVERIFY(dag.addEdgeUnchecked("1900", "100"));
        QVERIFY(dag.hasCycle());
        const QList<DagCycle> cycles = dag.findCycles();
        QCOMPARE(cycles.size(), 1);
        QCOMPARE(cycles.first().nodes.size(), 1801);
        QCOMPARE(cycles.first().nodes.first(), QStringLiteral("100"));
        QCOMPARE(cycles.first().nodes.last(), QStringLiteral("1900"));
        // The cycle is real: consecutive nodes are joined by blocking edges.
        const QStringList cycle = cycles.first().cycle;
        QCOMPARE(cycle.first(), QStringLiteral("100"));
        for (qsizetype i = 0; i < cycle.size(); ++i)
            QVERIFY(dag.edgeType(cycle.at(i), cycle.at((i + 1) % cycle.size())) == Blocking);
        QVERIFY(cycle.size() < 400); // the shortest way round uses the +7 edges
    }

    void given_severalComponents_when_searched_then_oneGroupEachInInsertionOrder()
    {
        const WorkflowDag dag = graph({"p", "q", "a", "b", "c", "s", "t"},
                                      {{"c", "a"},
                                       {"a", "b"},
                                       {"b", "c"},
                                       {"p", "q"},
                                       {"q", "p"},
                                       {"s", "s"},
                                       {"q", "a"},
                                       {"c", "t"}},
                                      true);
        const QList<DagCycle> cycles = dag.findCycles();
        QCOMPARE(cycles.size(), 3);
        QCOMPARE(cycles.at(0).nodes, ids("p q"));
        QCOMPARE(cycles.at(0).cycle, ids("p q"));
        QCOMPARE(cycles.at(1).nodes, ids("a b c"));
        QCOMPARE(cycles.at(1).cycle, ids("a b c"));
        QCOMPARE(cycles.at(2).nodes, ids("s"));
        const QList<QStringList> layers {ids("p q s"), ids("a b c"), ids("t")};
        QCOMPARE(dag.condensedLayers(), layers);
    }

    void given_cycle_when_blockingEdgeRemoved_then_acyclicAgain()
    {
        WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}, {"b", "a"}}, true);
        QVERIFY(dag.removeEdge("b", "a"));
        QVERIFY(!dag.hasCycle());
        QCOMPARE(*dag.topologicalSort(), ids("a b"));
    }
};

QTEST_APPLESS_MAIN(TestWorkflowDagCycles)
#include "tst_workflowdag_cycles.moc"

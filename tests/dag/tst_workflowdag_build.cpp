// Building a WorkflowDag and its structural queries.

#include "DagTestUtil.h"

#include <QTest>

#include <cmath>

using namespace backend;
using namespace dagtest;

class TestWorkflowDagBuild : public QObject
{
    Q_OBJECT

private slots:
    void given_emptyGraph_when_queried_then_everythingIsEmpty()
    {
        const WorkflowDag dag;
        QCOMPARE(dag.nodeCount(), 0);
        QCOMPARE(dag.edgeCount(), 0);
        QVERIFY(dag.roots().isEmpty());
        QVERIFY(dag.leaves().isEmpty());
        QVERIFY(dag.nodes().isEmpty());
        QVERIFY(dag.isConnected());
        QVERIFY(!dag.hasCycle());
        QCOMPARE(*dag.topologicalSort(), QStringList {});
        QCOMPARE(dag.criticalPath()->weight, 0.0);
        QVERIFY(dag.findCycles().isEmpty());
    }

    void given_singleNode_when_queried_then_itIsRootAndLeaf()
    {
        const WorkflowDag dag = graph({"a"});
        QCOMPARE(dag.nodeCount(), 1);
        QCOMPARE(dag.roots(), ids("a"));
        QCOMPARE(dag.leaves(), ids("a"));
        QCOMPARE(*dag.weight("a"), 1.0);
        QVERIFY(dag.isConnected());
    }

    void given_existingNode_when_addedAgain_then_nodeAlreadyExists()
    {
        WorkflowDag dag = graph({"a"});
        const auto result = dag.addNode("a", 3.0);
        QVERIFY(!result);
        QCOMPARE(result.error().code, DagErrorCode::NodeAlreadyExists);
        QCOMPARE(*dag.weight("a"), 1.0);
        QVERIFY(result.error().message().contains("\"a\""));
    }

    void given_badWeight_when_nodeAdded_then_invalidOperation()
    {
        WorkflowDag dag;
        QCOMPARE(dag.addNode("a", -1.0).error().code, DagErrorCode::InvalidOperation);
        QCOMPARE(dag.addNode("b", std::nan("")).error().code, DagErrorCode::InvalidOperation);
        QCOMPARE(dag.nodeCount(), 0);
    }

    void given_unknownNode_when_edgeAdded_then_nodeNotFound()
    {
        WorkflowDag dag = graph({"a"});
        const auto result = dag.addEdge("a", "x");
        QCOMPARE(result.error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(result.error().nodes, ids("x"));
        QCOMPARE(dag.addEdge("y", "a").error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.addEdgeUnchecked("y", "a").error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.edgeCount(), 0);
    }

    void given_node_when_edgeToItselfAdded_then_selfLoop()
    {
        WorkflowDag dag = graph({"a"});
        QCOMPARE(dag.addEdge("a", "a").error().code, DagErrorCode::SelfLoop);
        QCOMPARE(dag.addEdge("a", "a", Preferred).error().code, DagErrorCode::SelfLoop);
        QCOMPARE(dag.edgeCount(), 0);
    }

    void given_edge_when_addedAgainOfAnyType_then_edgeAlreadyExists()
    {
        WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}});
        QCOMPARE(dag.addEdge("a", "b").error().code, DagErrorCode::EdgeAlreadyExists);
        QCOMPARE(dag.addEdge("a", "b", Preferred).error().code, DagErrorCode::EdgeAlreadyExists);
        QCOMPARE(dag.addEdgeUnchecked("a", "b").error().code, DagErrorCode::EdgeAlreadyExists);
        QCOMPARE(dag.edgeCount(), 1);
        QCOMPARE(dag.edgeType("a", "b"), std::optional(Blocking));
        QCOMPARE(dag.edgeType("b", "a"), std::nullopt);
    }

    void given_diamond_when_queried_then_neighboursAndClosuresMatch()
    {
        const WorkflowDag dag
            = graph({"a", "b", "c", "d"}, {{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}});
        QCOMPARE(dag.nodeCount(), 4);
        QCOMPARE(dag.edgeCount(), 4);
        QCOMPARE(*dag.dependencies("d"), ids("b c"));
        QCOMPARE(*dag.dependents("a"), ids("b c"));
        QCOMPARE(*dag.ancestors("d"), ids("a b c"));
        QCOMPARE(*dag.descendants("a"), ids("b c d"));
        QCOMPARE(*dag.ancestors("a"), QStringList {});
        QCOMPARE(dag.roots(), ids("a"));
        QCOMPARE(dag.leaves(), ids("d"));
        QVERIFY(dag.isConnected());
    }

    void given_unknownNode_when_queried_then_nodeNotFound()
    {
        const WorkflowDag dag = graph({"a"});
        QCOMPARE(dag.dependencies("x").error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.dependents("x").error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.ancestors("x").error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.descendants("x").error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.weight("x").error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(dag.isReady("x", {}).error().code, DagErrorCode::NodeNotFound);
    }

    void given_mixedEdges_when_filteredToBlocking_then_preferredEdgesAreSkipped()
    {
        const WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b", Preferred}, {"b", "c"}});
        QCOMPARE(*dag.dependencies("b"), ids("a"));
        QCOMPARE(*dag.dependencies("b", EdgeFilter::BlockingOnly), QStringList {});
        QCOMPARE(*dag.ancestors("c"), ids("a b"));
        QCOMPARE(*dag.ancestors("c", EdgeFilter::BlockingOnly), ids("b"));
        QCOMPARE(dag.roots(), ids("a"));
        QCOMPARE(dag.roots(EdgeFilter::BlockingOnly), ids("a b"));
        QCOMPARE(dag.leaves(EdgeFilter::BlockingOnly), ids("a c"));
    }

    void given_disconnectedParts_when_checked_then_notConnected()
    {
        const WorkflowDag dag = graph({"a", "b", "c", "d"}, {{"a", "b"}, {"d", "c"}});
        QVERIFY(!dag.isConnected());
        QCOMPARE(dag.roots(), ids("a d"));
        QCOMPARE(dag.leaves(), ids("b c"));
        QCOMPARE(*dag.descendants("a"), ids("b"));
    }

    void given_nodeWithEdges_when_removed_then_itsEdgesGoToo()
    {
        WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}, {"a", "c"}});
        QVERIFY(dag.removeNode("b"));
        QCOMPARE(dag.nodeCount(), 2);
        QCOMPARE(dag.edgeCount(), 1);
        QVERIFY(!dag.contains("b"));
        QCOMPARE(*dag.dependencies("c"), ids("a"));
        QCOMPARE(dag.removeNode("b").error().code, DagErrorCode::NodeNotFound);
        QVERIFY(dag.addNode("b"));
        QCOMPARE(dag.nodes(), ids("a c b"));
    }

    void given_edge_when_removed_then_onlyItGoes()
    {
        WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}, {"a", "c"}});
        QVERIFY(dag.removeEdge("a", "b"));
        QCOMPARE(dag.edgeCount(), 1);
        QCOMPARE(*dag.dependents("a"), ids("c"));
        QCOMPARE(dag.removeEdge("a", "b").error().code, DagErrorCode::EdgeNotFound);
        QCOMPARE(dag.removeEdge("a", "x").error().code, DagErrorCode::NodeNotFound);
        QVERIFY(dag.addEdge("b", "a"));
    }

    void given_manyRemovals_when_graphCompacts_then_orderAndEdgesSurvive()
    {
        WorkflowDag dag;
        for (int i = 0; i < 500; ++i)
            QVERIFY(dag.addNode(QString::number(i)));
        for (int i = 1; i < 500; ++i)
            QVERIFY(dag.addEdge(QString::number(i - 1), QString::number(i)));
        for (int i = 0; i < 500; ++i) {
            if (i % 5 < 3)
                QVERIFY(dag.removeNode(QString::number(i)));
        }
        QCOMPARE(dag.nodeCount(), 200);
        QCOMPARE(dag.edgeCount(), 100); // the pairs (3, 4), (8, 9), …
        QCOMPARE(dag.nodes().first(), QStringLiteral("3"));
        QCOMPARE(*dag.dependents("3"), ids("4"));
        QCOMPARE(*dag.dependencies("499"), ids("498"));
        QCOMPARE(dag.topologicalSort()->first(), QStringLiteral("3"));
        QVERIFY(dag.addEdge("4", "8"));
        QCOMPARE(dag.addEdge("9", "3").error().code, DagErrorCode::CycleDetected);
    }

    void given_weightOverride_when_set_then_weightReadsBack()
    {
        WorkflowDag dag = graph({"a"});
        QVERIFY(dag.setWeight("a", 2.5));
        QCOMPARE(*dag.weight("a"), 2.5);
        QCOMPARE(dag.setWeight("a", -2).error().code, DagErrorCode::InvalidOperation);
        QCOMPARE(dag.setWeight("x", 2).error().code, DagErrorCode::NodeNotFound);
    }

    void given_graph_when_subgraphTaken_then_edgesAmongTheNodesRemain()
    {
        const WorkflowDag dag = graph({"a", "b", "c", "d"},
                                      {{"a", "b"}, {"b", "c", Preferred}, {"c", "d"}, {"a", "d"}});
        const auto sub = dag.subgraph(ids("d b c"));
        QVERIFY(sub);
        QCOMPARE(sub->nodes(), ids("b c d"));
        QCOMPARE(sub->edgeCount(), 2);
        QCOMPARE(sub->edgeType("b", "c"), std::optional(Preferred));
        QCOMPARE(dag.subgraph(ids("a x")).error().code, DagErrorCode::NodeNotFound);
    }

    void given_graph_when_inducedSubgraphTaken_then_ancestorsAndDescendantsRemain()
    {
        const WorkflowDag dag
            = graph({"a", "b", "c", "d", "e"}, {{"a", "b"}, {"b", "c"}, {"d", "c"}, {"e", "a"}});
        const auto sub = dag.inducedSubgraph("b");
        QVERIFY(sub);
        QCOMPARE(sub->nodes(), ids("a b c e"));
        QCOMPARE(sub->edgeCount(), 3);
        QCOMPARE(dag.inducedSubgraph("x").error().code, DagErrorCode::NodeNotFound);
    }

    void given_edges_when_listed_then_groupedBySourceInInsertionOrder()
    {
        const WorkflowDag dag = graph({"a", "b", "c"}, {{"b", "c"}, {"a", "c", Preferred}});
        const QList<DagEdge> expected {{"a", "c", Preferred}, {"b", "c", Blocking}};
        QCOMPARE(dag.edges(), expected);
    }

    void given_bulkLoad_when_duplicatesOrBadIndices_then_refused()
    {
        QCOMPARE(WorkflowDag::fromIndexed({{"a"}, {"a"}}, {}).error().code,
                 DagErrorCode::NodeAlreadyExists);
        QCOMPARE(WorkflowDag::fromIndexed({{"a"}, {"b"}}, {{0, 1}, {0, 1}}).error().code,
                 DagErrorCode::EdgeAlreadyExists);
        QCOMPARE(WorkflowDag::fromIndexed({{"a"}}, {{0, 3}}).error().code,
                 DagErrorCode::InvalidOperation);
        QCOMPARE(WorkflowDag::fromIndexed({{"a"}}, {{0, 0}}).error().code, DagErrorCode::SelfLoop);
        QVERIFY(WorkflowDag::fromIndexed({{"a"}}, {{0, 0}}, CyclePolicy::Allow));
        QCOMPARE(WorkflowDag::fromIndexed({{"a", -1}}, {}).error().code,
                 DagErrorCode::InvalidOperation);
    }
};

QTEST_APPLESS_MAIN(TestWorkflowDagBuild)
#include "tst_workflowdag_build.moc"

// Building a WorkflowDag in bulk: addNodes and addEdgesUnchecked against one call per node and
// per edge, on hand-checked cases and on random batches (seeded as in the property tests).

#include "DagTestUtil.h"

#include <QTest>

#include <cmath>
#include <optional>
#include <random>

using namespace backend;
using namespace dagtest;

namespace {

/// Whether two graphs hold the same nodes, weights and edges, in the same insertion orders.
bool sameGraph(const WorkflowDag &a, const WorkflowDag &b)
{
    if (a.nodes() != b.nodes() || a.edges() != b.edges() || a.nodeCount() != b.nodeCount()
        || a.edgeCount() != b.edgeCount())
        return false;
    for (const QString &id : a.nodes()) {
        if (*a.weight(id) != *b.weight(id) || *a.dependencies(id) != *b.dependencies(id))
            return false;
    }
    return true;
}

bool sameOutcome(const std::expected<void, DagError> &a, const std::expected<void, DagError> &b)
{
    if (a.has_value() || b.has_value())
        return a.has_value() == b.has_value();
    return a.error().code == b.error().code && a.error().nodes == b.error().nodes
        && a.error().message() == b.error().message();
}

/// Node ids of every kind the id table treats apart: short ASCII (whole in a table entry),
/// longer than a table entry's eight bytes, longer than IdKey's 64 bytes on the stack, and
/// non-ASCII with a surrogate pair and with a lone surrogate.
QString poolId(int v)
{
    static const QStringList prefixes {
        QStringLiteral("n"),    QStringLiteral("task-number-"),
        QString(70, u'x'),      QStringLiteral("ü\U0001F600-"),
        QString(QChar(0xD800)),
    };
    return prefixes.at(v % prefixes.size()) + QString::number(v);
}

/// Applies `add` to each item of `batch` one at a time on a copy of `dag`; all or nothing, as a
/// bulk call promises: the copy when every item went in, else `dag` unchanged and the first
/// error.
template<typename T, typename Add>
std::expected<void, DagError> oneByOne(WorkflowDag &dag, const QList<T> &batch, Add add)
{
    WorkflowDag copy = dag;
    for (const T &item : batch) {
        if (auto ok = add(copy, item); !ok)
            return ok;
    }
    dag = std::move(copy);
    return {};
}

} // namespace

class TestWorkflowDagBulk : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("base seed %llu, %d rounds", baseSeed(), rounds()); }

    void given_emptyGraph_when_nodesAndEdgesAddedInBulk_then_sameAsOneByOne()
    {
        WorkflowDag dag;
        QVERIFY(dag.addNodes(QList<DagNodeSpec> {{"a", 2.0}, {"b"}, {"c", 0.5}}));
        QVERIFY(dag.addEdgesUnchecked(
            QList<DagEdge> {{"a", "b"}, {"b", "c", Preferred}, {"a", "c"}, {"c", "c"}}));
        WorkflowDag expected;
        QVERIFY(expected.addNode("a", 2.0) && expected.addNode("b") && expected.addNode("c", 0.5));
        QVERIFY(expected.addEdgeUnchecked("a", "b")
                && expected.addEdgeUnchecked("b", "c", Preferred)
                && expected.addEdgeUnchecked("a", "c") && expected.addEdgeUnchecked("c", "c"));
        QVERIFY(sameGraph(dag, expected));
        QCOMPARE(*dag.weight("a"), 2.0);
        QCOMPARE(*dag.dependencies("c"), ids("b a c"));
    }

    void given_idInGraphOrEarlierInBatch_when_nodesAddedInBulk_then_nodeAlreadyExistsAndNoneAdded()
    {
        WorkflowDag dag = graph({"a"});
        const auto again = dag.addNodes(QList<DagNodeSpec> {{"b"}, {"a"}, {"c"}});
        QCOMPARE(again.error().code, DagErrorCode::NodeAlreadyExists);
        QCOMPARE(again.error().nodes, ids("a"));
        const auto twice = dag.addNodes(QList<DagNodeSpec> {{"b"}, {"c"}, {"b"}});
        QCOMPARE(twice.error().code, DagErrorCode::NodeAlreadyExists);
        QCOMPARE(twice.error().nodes, ids("b"));
        QCOMPARE(dag.addNodes(QList<DagNodeSpec> {{"b"}, {"c", -1.0}}).error().code,
                 DagErrorCode::InvalidOperation);
        QCOMPARE(dag.nodes(), ids("a"));
        QVERIFY(!dag.contains("b"));
        QVERIFY(dag.addNodes(QList<DagNodeSpec> {{"b"}, {"c"}}));
        QCOMPARE(dag.nodes(), ids("a b c"));
    }

    void given_unknownNode_when_edgesAddedInBulk_then_nodeNotFoundAndNoneAdded()
    {
        WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}});
        const auto result = dag.addEdgesUnchecked(QList<DagEdge> {{"b", "c"}, {"x", "c"}});
        QCOMPARE(result.error().code, DagErrorCode::NodeNotFound);
        QCOMPARE(result.error().nodes, ids("x"));
        QCOMPARE(dag.addEdgesUnchecked(QList<DagEdge> {{"b", "y"}}).error().nodes, ids("y"));
        QCOMPARE(dag.edgeCount(), 1);
        QVERIFY(dag.dependents("b")->isEmpty());
    }

    void
    given_edgeInGraphOrEarlierInBatch_when_edgesAddedInBulk_then_edgeAlreadyExistsAndNoneAdded()
    {
        WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}});
        const auto existing
            = dag.addEdgesUnchecked(QList<DagEdge> {{"b", "c"}, {"a", "b", Preferred}});
        QCOMPARE(existing.error().code, DagErrorCode::EdgeAlreadyExists);
        QCOMPARE(existing.error().nodes, ids("a b"));
        const auto repeated
            = dag.addEdgesUnchecked(QList<DagEdge> {{"b", "c"}, {"c", "a"}, {"b", "c"}});
        QCOMPARE(repeated.error().code, DagErrorCode::EdgeAlreadyExists);
        QCOMPARE(repeated.error().nodes, ids("b c"));
        QVERIFY(sameGraph(dag, graph({"a", "b", "c"}, {{"a", "b"}})));
    }

    void given_duplicateBeforeUnknownNode_when_edgesAddedInBulk_then_theFirstRefusalIsReported()
    {
        WorkflowDag dag = graph({"a", "b"}, {{"a", "b"}});
        QCOMPARE(dag.addEdgesUnchecked(QList<DagEdge> {{"a", "b"}, {"x", "b"}}).error().code,
                 DagErrorCode::EdgeAlreadyExists);
        QCOMPARE(dag.addEdgesUnchecked(QList<DagEdge> {{"b", "x"}, {"a", "b"}}).error().code,
                 DagErrorCode::NodeNotFound);
    }

    void given_removedNode_when_itsIdIsAddedAgain_then_itIsANewNodeAtTheEnd()
    {
        WorkflowDag dag = graph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}});
        QVERIFY(dag.removeNode("a"));
        QVERIFY(!dag.contains("a"));
        QVERIFY(dag.addNodes(QList<DagNodeSpec> {{"a", 3.0}}));
        QCOMPARE(dag.nodes(), ids("b c a"));
        QCOMPARE(*dag.weight("a"), 3.0);
        QVERIFY(dag.dependents("a")->isEmpty());
        QVERIFY(dag.addEdgesUnchecked(QList<DagEdge> {{"c", "a"}}));
        QCOMPARE(*dag.descendants("b"), ids("c a"));
    }

    void given_idsOfEveryKind_when_added_then_eachIsFoundAndTheyStayApart()
    {
        // A lone surrogate has no UTF-8; its key must still differ from any other id's.
        WorkflowDag dag;
        QStringList all;
        for (int v = 0; v < 40; ++v)
            all.append(poolId(v));
        all.append(QString(QChar(0xDC00)));
        all.append(QString(QChar(0xDBFF)));
        all.append(QString(QChar(0xFFFD)));
        all.append(QString());
        for (const QString &id : all)
            QVERIFY2(dag.addNode(id), qPrintable(id));
        for (const QString &id : all) {
            QVERIFY(dag.contains(id));
            QCOMPARE(dag.addNode(id).error().code, DagErrorCode::NodeAlreadyExists);
        }
        QVERIFY(!dag.contains(QString(QChar(0xDC01))));
        QCOMPARE(dag.nodes(), all);
    }

    void given_randomBatches_when_addedInBulk_then_sameGraphAndErrorsAsOneByOne()
    {
        // How often each kind of batch went in or was refused: all four must come up.
        int nodeBatches[2] = {0, 0};
        int edgeBatches[2] = {0, 0};
        for (int r = 0; r < rounds(); ++r) {
            const quint64 seed = baseSeed() + quint64(r);
            const QByteArray where = QByteArray("seed ") + QByteArray::number(seed)
                + " (replay: WEFT_SEED=" + QByteArray::number(seed) + " WEFT_ROUNDS=1)";
            std::mt19937_64 random(seed);
            const int pool = 4 + int(random() % 40);
            std::uniform_int_distribution<int> pick(0, pool - 1);
            WorkflowDag bulk;
            WorkflowDag single;
            for (int step = 0; step < 12; ++step) {
                if (random() % 4 == 0 && bulk.nodeCount() > 0) {
                    const QString gone = bulk.nodes().at(qsizetype(random() % bulk.nodeCount()));
                    QVERIFY2(bulk.removeNode(gone) && single.removeNode(gone), where);
                }
                QList<DagNodeSpec> nodes;
                for (int i = int(random() % 10); i > 0; --i)
                    nodes.append({poolId(pick(random)), random() % 50 == 0 ? -1.0 : 0.5});
                const auto nodesAdded = bulk.addNodes(nodes);
                ++nodeBatches[nodesAdded.has_value()];
                QVERIFY2(sameOutcome(nodesAdded,
                                     oneByOne(single, nodes,
                                              [](WorkflowDag &dag, const DagNodeSpec &node) {
                                                  return dag.addNode(node.id, node.weight);
                                              })),
                         where);
                QVERIFY2(sameGraph(bulk, single), where);

                // Ids of the graph's nodes, and in one batch of four now and then an id that
                // may be unknown, so that both outcomes come up often.
                const QStringList known = bulk.nodes();
                const bool mayBeUnknown = random() % 4 == 0;
                const auto end = [&]() {
                    if (known.isEmpty() || (mayBeUnknown && random() % 30 == 0))
                        return poolId(pick(random));
                    return known.at(qsizetype(random() % known.size()));
                };
                QList<DagEdge> edges;
                for (int i = int(random() % 20); i > 0; --i)
                    edges.append({end(), end(), random() % 3 == 0 ? Preferred : Blocking});
                if (random() % 3 == 0 && !edges.isEmpty()) // a repeat inside the batch
                    edges.append(edges.at(qsizetype(random() % edges.size())));
                const auto edgesAdded = bulk.addEdgesUnchecked(edges);
                ++edgeBatches[edgesAdded.has_value()];
                QVERIFY2(sameOutcome(edgesAdded,
                                     oneByOne(single, edges,
                                              [](WorkflowDag &dag, const DagEdge &e) {
                                                  return dag.addEdgeUnchecked(e.from, e.to, e.type);
                                              })),
                         where);
                QVERIFY2(sameGraph(bulk, single), where);
            }
        }
        qInfo("node batches: %d refused, %d added; edge batches: %d refused, %d added",
              nodeBatches[0], nodeBatches[1], edgeBatches[0], edgeBatches[1]);
        QVERIFY(nodeBatches[0] > 0 && nodeBatches[1] > 0);
        QVERIFY(edgeBatches[0] > 0 && edgeBatches[1] > 0);
    }
};

QTEST_APPLESS_MAIN(TestWorkflowDagBulk)
#include "tst_workflowdag_bulk.moc"

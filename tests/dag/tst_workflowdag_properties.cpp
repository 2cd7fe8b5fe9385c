// Property tests on random graphs against brute-force definitions. Seeded and reproducible:
// the seed defaults to a fixed value and WEFT_SEED overrides it; each failure prints the seed
// of the graph that failed, and WEFT_SEED=<that seed> with WEFT_ROUNDS=1 replays just it.

#include "DagTestUtil.h"

#include "backend/dag/DagJson.h"

#include <QTest>

#include <functional>
#include <random>

using namespace backend;
using namespace dagtest;

namespace {

/// A random graph and a plain matrix copy of it to check against.
struct Sample
{
    quint64 seed = 0;
    int n = 0;
    WorkflowDag dag;
    std::vector<double> weight;
    std::vector<std::vector<int>> kind; // -1 none, 0 blocking, 1 preferred: kind[from][to]

    [[nodiscard]] QString id(int v) const { return QStringLiteral("n%1").arg(v); }
    [[nodiscard]] bool blocking(int u, int v) const { return kind[u][v] == 0; }
    [[nodiscard]] bool any(int u, int v) const { return kind[u][v] >= 0; }

    /// Whether a path of blocking edges leads from u to v (u itself counts).
    [[nodiscard]] bool reaches(int u, int v) const
    {
        std::vector<char> seen(n, 0);
        std::vector<int> stack {u};
        seen[u] = 1;
        while (!stack.empty()) {
            const int w = stack.back();
            stack.pop_back();
            if (w == v)
                return true;
            for (int x = 0; x < n; ++x) {
                if (blocking(w, x) && !seen[x]) {
                    seen[x] = 1;
                    stack.push_back(x);
                }
            }
        }
        return false;
    }

    /// reach[u][v]: a path of one or more edges from u to v along the accepted edges.
    [[nodiscard]] std::vector<std::vector<char>> closure(bool blockingOnly) const
    {
        std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
        for (int u = 0; u < n; ++u) {
            for (int v = 0; v < n; ++v)
                reach[u][v] = blockingOnly ? blocking(u, v) : any(u, v);
        }
        for (int k = 0; k < n; ++k) {
            for (int u = 0; u < n; ++u) {
                for (int v = 0; v < n; ++v)
                    reach[u][v] = char(reach[u][v] || (reach[u][k] && reach[k][v]));
            }
        }
        return reach;
    }
};

/// Random nodes and edges; with `acyclic` every edge goes through addEdge, which must refuse
/// exactly the blocking edges that would close a cycle (checked here too).
Sample makeSample(quint64 seed, int maxNodes, bool acyclic)
{
    std::mt19937_64 random(seed);
    Sample s;
    s.seed = seed;
    s.n = std::uniform_int_distribution<int>(0, maxNodes)(random);
    s.kind.assign(s.n, std::vector<int>(s.n, -1));
    std::uniform_int_distribution<int> tenths(0, 50);
    for (int v = 0; v < s.n; ++v) {
        s.weight.push_back(tenths(random) / 10.0);
        if (!s.dag.addNode(s.id(v), s.weight.back()))
            qFatal("addNode failed");
    }
    if (s.n == 0)
        return s;
    const double density = std::uniform_real_distribution<double>(0.0, 0.4)(random);
    const int attempts = int(density * s.n * s.n);
    std::uniform_int_distribution<int> pick(0, s.n - 1);
    for (int i = 0; i < attempts; ++i) {
        const int u = pick(random);
        const int v = pick(random);
        const int type = random() % 4 == 0 ? 1 : 0;
        const auto dependencyType = type == 0 ? Blocking : Preferred;
        if (!acyclic) {
            const auto ok = s.dag.addEdgeUnchecked(s.id(u), s.id(v), dependencyType);
            if (ok.has_value() != (s.kind[u][v] < 0))
                qFatal("seed %llu: addEdgeUnchecked disagrees about a duplicate", seed);
            if (ok)
                s.kind[u][v] = type;
            continue;
        }
        const auto ok = s.dag.addEdge(s.id(u), s.id(v), dependencyType);
        const bool expected = u != v && s.kind[u][v] < 0 && (type == 1 || !s.reaches(v, u));
        if (bool(ok) != expected)
            qFatal("seed %llu: addEdge(%d, %d) returned %d, expected %d", seed, u, v, bool(ok),
                   expected);
        if (ok)
            s.kind[u][v] = type;
    }
    return s;
}

#define CHECK_SEED(cond, s)                                                                        \
    QVERIFY2(                                                                                      \
        cond,                                                                                      \
        qPrintable(QStringLiteral("seed %1 (replay: WEFT_SEED=%1 WEFT_ROUNDS=1)").arg((s).seed)))

} // namespace

class TestWorkflowDagProperties : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qInfo("base seed %llu, %d rounds", baseSeed(), rounds()); }

    void given_randomDag_when_sorted_then_everyBlockingPrerequisiteComesFirst()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 25, true);
            for (const auto &order : {*s.dag.topologicalSort(), *s.dag.topologicalSortKahn()}) {
                CHECK_SEED(order.size() == s.n, s);
                std::vector<int> position(s.n, -1);
                for (qsizetype i = 0; i < order.size(); ++i)
                    position[order.at(i).mid(1).toInt()] = int(i);
                for (int u = 0; u < s.n; ++u) {
                    CHECK_SEED(position[u] >= 0, s);
                    for (int v = 0; v < s.n; ++v)
                        CHECK_SEED(!s.blocking(u, v) || position[u] < position[v], s);
                }
            }
        }
    }

    void given_randomDag_when_sorted_then_preferredEdgesHoldWhenTheyCan()
    {
        // Preferred edges that agree with the blocking ones and form no cycle among themselves
        // are all honoured: build such graphs by pointing every edge from lower to higher.
        for (int r = 0; r < rounds(); ++r) {
            std::mt19937_64 random(baseSeed() + quint64(r));
            const int n = int(random() % 20);
            WorkflowDag dag;
            for (int v = n - 1; v >= 0; --v) // insertion order against the edges' direction
                QVERIFY(dag.addNode(QString::number(v)));
            for (int u = 0; u < n; ++u) {
                for (int v = u + 1; v < n; ++v) {
                    if (random() % 5 == 0)
                        QVERIFY(dag.addEdge(QString::number(u), QString::number(v),
                                            random() % 2 ? Blocking : Preferred));
                }
            }
            const QStringList order = *dag.topologicalSort();
            for (const DagEdge &e : dag.edges()) {
                QVERIFY2(order.indexOf(e.from) < order.indexOf(e.to),
                         qPrintable(QStringLiteral("seed %1").arg(baseSeed() + quint64(r))));
            }
        }
    }

    void given_randomGraph_when_readinessAsked_then_matchesDefinition()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 20, r % 2 == 0);
            std::mt19937_64 random(s.seed);
            QSet<QString> completed;
            std::vector<char> done(s.n, 0);
            for (int v = 0; v < s.n; ++v) {
                if (random() % 3 == 0) {
                    completed.insert(s.id(v));
                    done[v] = 1;
                }
            }
            completed.insert(QStringLiteral("not-a-node"));
            QStringList ready;
            QStringList blocked;
            for (int v = 0; v < s.n; ++v) {
                bool free = !done[v];
                for (int u = 0; u < s.n; ++u)
                    free = free && (!s.blocking(u, v) || done[u]);
                if (free)
                    ready.append(s.id(v));
                else if (!done[v])
                    blocked.append(s.id(v));
                CHECK_SEED(*s.dag.isReady(s.id(v), completed) == free, s);
            }
            CHECK_SEED(s.dag.readyNodes(completed) == ready, s);
            CHECK_SEED(s.dag.blockedNodes(completed) == blocked, s);
        }
    }

    void given_smallRandomDag_when_criticalPath_then_equalsBruteForceLongestPath()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 10, true);
            // Every path, by depth-first enumeration from every node.
            double best = 0.0;
            std::function<void(int, double)> walk = [&](int v, double sum) {
                sum += s.weight[v];
                best = std::max(best, sum);
                for (int w = 0; w < s.n; ++w) {
                    if (s.blocking(v, w))
                        walk(w, sum);
                }
            };
            for (int v = 0; v < s.n; ++v)
                walk(v, 0.0);
            const CriticalPath path = *s.dag.criticalPath();
            CHECK_SEED(qFuzzyCompare(1.0 + path.weight, 1.0 + best), s);
            double sum = 0.0;
            for (qsizetype i = 0; i < path.nodes.size(); ++i) {
                const int v = path.nodes.at(i).mid(1).toInt();
                sum += s.weight[v];
                if (i > 0)
                    CHECK_SEED(s.blocking(path.nodes.at(i - 1).mid(1).toInt(), v), s);
            }
            CHECK_SEED(qFuzzyCompare(1.0 + sum, 1.0 + best), s);
        }
    }

    void given_randomGraph_when_closuresAsked_then_consistentAndComplete()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 20, r % 2 == 0);
            for (const EdgeFilter filter : {EdgeFilter::All, EdgeFilter::BlockingOnly}) {
                const auto reach = s.closure(filter == EdgeFilter::BlockingOnly);
                std::vector<QStringList> ancestors;
                std::vector<QStringList> descendants;
                for (int v = 0; v < s.n; ++v) {
                    ancestors.push_back(*s.dag.ancestors(s.id(v), filter));
                    descendants.push_back(*s.dag.descendants(s.id(v), filter));
                }
                for (int u = 0; u < s.n; ++u) {
                    for (int v = 0; v < s.n; ++v) {
                        const bool down = descendants[u].contains(s.id(v));
                        CHECK_SEED(down == bool(reach[u][v]), s);
                        CHECK_SEED(down == ancestors[v].contains(s.id(u)), s);
                    }
                }
            }
        }
    }

    void given_randomGraph_when_cyclesFound_then_exactlyTheNodesOnCycles()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 20, false);
            const auto reach = s.closure(true);
            const QList<DagCycle> cycles = s.dag.findCycles();
            std::vector<int> group(s.n, -1);
            for (qsizetype g = 0; g < cycles.size(); ++g) {
                for (const QString &id : cycles.at(g).nodes) {
                    CHECK_SEED(group[id.mid(1).toInt()] == -1, s);
                    group[id.mid(1).toInt()] = int(g);
                }
                // The concrete cycle is closed, along blocking edges, inside its group.
                const QStringList cycle = cycles.at(g).cycle;
                CHECK_SEED(!cycle.isEmpty(), s);
                for (qsizetype i = 0; i < cycle.size(); ++i) {
                    const int u = cycle.at(i).mid(1).toInt();
                    const int v = cycle.at((i + 1) % cycle.size()).mid(1).toInt();
                    CHECK_SEED(s.blocking(u, v) && group[u] == int(g), s);
                }
            }
            bool anyCycle = false;
            for (int u = 0; u < s.n; ++u) {
                anyCycle = anyCycle || reach[u][u];
                CHECK_SEED((group[u] >= 0) == bool(reach[u][u]), s);
                for (int v = 0; v < s.n; ++v) {
                    if (group[u] >= 0 && u != v)
                        CHECK_SEED((group[u] == group[v]) == (reach[u][v] && reach[v][u]), s);
                }
            }
            CHECK_SEED(s.dag.hasCycle() == anyCycle, s);
            CHECK_SEED(bool(s.dag.topologicalSort()) == !anyCycle, s);
        }
    }

    void given_randomDag_when_layered_then_edgesPointDownAndLayersAreTight()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 25, true);
            const QList<QStringList> layers = *s.dag.layers();
            std::vector<int> layer(s.n, -1);
            for (qsizetype l = 0; l < layers.size(); ++l) {
                CHECK_SEED(!layers.at(l).isEmpty(), s);
                for (const QString &id : layers.at(l))
                    layer[id.mid(1).toInt()] = int(l);
            }
            for (int v = 0; v < s.n; ++v) {
                bool tight = layer[v] == 0;
                for (int u = 0; u < s.n; ++u) {
                    if (s.blocking(u, v)) {
                        CHECK_SEED(layer[u] < layer[v], s);
                        tight = tight || layer[u] == layer[v] - 1;
                    }
                }
                CHECK_SEED(tight, s);
            }
            // Without cycles the condensed layering is the same, in insertion order.
            QList<QStringList> condensed = s.dag.condensedLayers();
            CHECK_SEED(condensed.size() == layers.size(), s);
            for (qsizetype l = 0; l < layers.size() && l < condensed.size(); ++l) {
                QStringList expected = layers.at(l);
                std::ranges::sort(expected, {},
                                  [](const QString &id) { return id.mid(1).toInt(); });
                CHECK_SEED(condensed.at(l) == expected, s);
            }
        }
    }

    void given_randomGraph_when_writtenAndRead_then_sameGraph()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 20, r % 2 == 0);
            const auto back = parseDagJson(toDagJson({s.dag, {}}), CyclePolicy::Allow);
            CHECK_SEED(bool(back), s);
            CHECK_SEED(back->dag.nodes() == s.dag.nodes(), s);
            CHECK_SEED(back->dag.edges() == s.dag.edges(), s);
            for (int v = 0; v < s.n; ++v)
                CHECK_SEED(*back->dag.weight(s.id(v)) == s.weight[v], s);
        }
    }

    void given_randomGraph_when_subgraphsTaken_then_edgesAreTheInducedOnes()
    {
        for (int r = 0; r < rounds(); ++r) {
            const Sample s = makeSample(baseSeed() + quint64(r), 15, r % 2 == 0);
            std::mt19937_64 random(s.seed);
            QStringList pick;
            for (int v = 0; v < s.n; ++v) {
                if (random() % 2)
                    pick.append(s.id(v));
            }
            const WorkflowDag sub = *s.dag.subgraph(pick);
            int expected = 0;
            for (const QString &u : pick) {
                for (const QString &v : pick)
                    expected += s.any(u.mid(1).toInt(), v.mid(1).toInt()) ? 1 : 0;
            }
            CHECK_SEED(sub.nodes() == pick, s);
            CHECK_SEED(sub.edgeCount() == expected, s);
        }
    }
};

QTEST_APPLESS_MAIN(TestWorkflowDagProperties)
#include "tst_workflowdag_properties.moc"

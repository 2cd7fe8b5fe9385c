#pragma once

#include "backend/dag/DagError.h"
#include "backend/dag/IdTable.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <vector>

namespace backend {

/// What an edge `prerequisite → dependent` means: Blocking gates the dependent's readiness;
/// PreferredOrder only orders ties and never blocks (so it never makes a cycle either).
enum class DependencyType : std::uint8_t { Blocking, PreferredOrder };

/// Which edges a structural query follows.
enum class EdgeFilter : std::uint8_t { All, BlockingOnly };

/// Whether a bulk load refuses blocking cycles and self loops or keeps them for reporting.
enum class CyclePolicy : std::uint8_t { Refuse, Allow };

/// One edge, by node id.
struct DagEdge
{
    QString from;
    QString to;
    DependencyType type = DependencyType::Blocking;

    friend bool operator==(const DagEdge &, const DagEdge &) = default;
};

/// A node for WorkflowDag::fromIndexed and WorkflowDag::addNodes.
struct DagNodeSpec
{
    QString id;
    double weight = 1.0;
};

/// An edge for WorkflowDag::fromIndexed: positions in its node list.
struct DagIndexedEdge
{
    int from = 0;
    int to = 0;
    DependencyType type = DependencyType::Blocking;
};

/// The heaviest path along blocking edges: its nodes from first to last and its total weight.
struct CriticalPath
{
    double weight = 0.0;
    QStringList nodes;
};

/// The nodes of one blocking strongly connected component of size > 1 (or one node with a
/// blocking self loop), in insertion order, and one concrete cycle through them: each node
/// leads to the next and the last leads back to the first.
struct DagCycle
{
    QStringList nodes;
    QStringList cycle;
};

/// The task graph of a workflow: task ids with a weight (a duration), joined by typed edges
/// `prerequisite → dependent`. A value type without I/O; every query is O(V + E) or better.
///
/// Results listing nodes are in insertion order unless stated otherwise. Ids in the
/// `completed` sets that are not in the graph are ignored. addEdge keeps the graph free of
/// blocking cycles; addEdgeUnchecked and fromIndexed(…, CyclePolicy::Allow) can build a cyclic
/// graph so that it can be analysed: the order queries then answer CycleDetected.
class WorkflowDag
{
public:
    WorkflowDag() = default;

    /// Builds a graph in one pass, O(V + E): the bulk path for loaders, which would otherwise
    /// pay the per-edge cycle check of addEdge. Refuses duplicate ids, duplicate edges, bad
    /// indices and bad weights; blocking cycles and self loops only with CyclePolicy::Refuse.
    static std::expected<WorkflowDag, DagError>
    fromIndexed(QList<DagNodeSpec> nodes, const std::vector<DagIndexedEdge> &edges,
                CyclePolicy policy = CyclePolicy::Refuse);

    // Building. Weights must be finite and not negative.
    std::expected<void, DagError> addNode(const QString &id, double weight = 1.0);
    std::expected<void, DagError> setWeight(const QString &id, double weight);
    /// Refuses unknown nodes, a self loop, a second edge between the same ordered pair, and a
    /// blocking edge that would close a cycle (CycleDetected names it; the graph is unchanged).
    std::expected<void, DagError> addEdge(const QString &from, const QString &to,
                                          DependencyType type = DependencyType::Blocking);
    /// Like addEdge but accepts self loops and cycles: for loading a file that is to be
    /// analysed. Still refuses unknown nodes and duplicate edges.
    std::expected<void, DagError> addEdgeUnchecked(const QString &from, const QString &to,
                                                   DependencyType type = DependencyType::Blocking);
    /// addNode for each node in order, all or nothing: the error is the one the first refused
    /// node would give, and then no node is added.
    std::expected<void, DagError> addNodes(std::span<const DagNodeSpec> nodes);
    /// addEdgeUnchecked for each edge in order, all or nothing: the error is the one the first
    /// refused edge would give, and then no edge is added. The bulk path for many edges: the
    /// ids are looked up with their table entries prefetched and the duplicate check is one
    /// pass over the nodes the edges leave, which on a million edges is about three times
    /// faster than one call per edge (docs/BENCHMARKS.md).
    std::expected<void, DagError> addEdgesUnchecked(std::span<const DagEdge> edges);
    /// Removes the node and all its edges.
    std::expected<void, DagError> removeNode(const QString &id);
    std::expected<void, DagError> removeEdge(const QString &from, const QString &to);

    // Structure.
    [[nodiscard]] qsizetype nodeCount() const { return m_nodeCount; }
    [[nodiscard]] qsizetype edgeCount() const { return m_edgeCount; }
    [[nodiscard]] bool isEmpty() const { return m_nodeCount == 0; }
    [[nodiscard]] bool contains(const QString &id) const { return indexOf(id) >= 0; }
    [[nodiscard]] std::optional<DependencyType> edgeType(const QString &from,
                                                         const QString &to) const;
    [[nodiscard]] std::expected<double, DagError> weight(const QString &id) const;
    [[nodiscard]] QStringList nodes() const;
    /// All edges, grouped by their `from` node in insertion order.
    [[nodiscard]] QList<DagEdge> edges() const;

    /// Direct prerequisites, in the order their edges were added.
    [[nodiscard]] std::expected<QStringList, DagError>
    dependencies(const QString &id, EdgeFilter filter = EdgeFilter::All) const;
    /// Direct dependents, in the order their edges were added.
    [[nodiscard]] std::expected<QStringList, DagError>
    dependents(const QString &id, EdgeFilter filter = EdgeFilter::All) const;
    /// Transitive prerequisites, without the node itself (unless it lies on a cycle).
    [[nodiscard]] std::expected<QStringList, DagError>
    ancestors(const QString &id, EdgeFilter filter = EdgeFilter::All) const;
    /// Transitive dependents, without the node itself (unless it lies on a cycle).
    [[nodiscard]] std::expected<QStringList, DagError>
    descendants(const QString &id, EdgeFilter filter = EdgeFilter::All) const;
    /// Nodes without incoming edges.
    [[nodiscard]] QStringList roots(EdgeFilter filter = EdgeFilter::All) const;
    /// Nodes without outgoing edges.
    [[nodiscard]] QStringList leaves(EdgeFilter filter = EdgeFilter::All) const;

    // Readiness: a node is ready when it is not completed and every blocking prerequisite is.
    [[nodiscard]] QStringList readyNodes(const QSet<QString> &completed) const;
    /// Nodes neither completed nor ready.
    [[nodiscard]] QStringList blockedNodes(const QSet<QString> &completed) const;
    [[nodiscard]] std::expected<bool, DagError> isReady(const QString &id,
                                                        const QSet<QString> &completed) const;

    // Order. All fail with CycleDetected when the blocking edges form a cycle.
    /// Every node after its blocking prerequisites; among the nodes free to go next, one whose
    /// preferred-order prerequisites have all gone first wins, then the earliest inserted.
    [[nodiscard]] std::expected<QStringList, DagError> topologicalSort() const;
    /// Kahn's algorithm over blocking edges with a FIFO queue seeded in insertion order:
    /// cheaper than topologicalSort and ignores preferred-order edges.
    [[nodiscard]] std::expected<QStringList, DagError> topologicalSortKahn() const;
    /// The heaviest path along blocking edges, weighing each node by its own weight.
    [[nodiscard]] std::expected<CriticalPath, DagError> criticalPath() const;
    /// As criticalPath(), with `weights` replacing the weights of the nodes it names.
    [[nodiscard]] std::expected<CriticalPath, DagError>
    criticalPath(const QHash<QString, double> &weights) const;
    /// Longest-path layering along blocking edges: layer 0 holds the nodes without blocking
    /// prerequisites, every other node sits one below its deepest prerequisite. Within a
    /// layer, nodes follow topologicalSort().
    [[nodiscard]] std::expected<QList<QStringList>, DagError> layers() const;
    /// The same layering for any graph: the members of a blocking strongly connected component
    /// share one layer, that of the component in the condensed graph. Within a layer, nodes
    /// follow insertion order.
    [[nodiscard]] QList<QStringList> condensedLayers() const;

    // Validation.
    /// Whether the blocking edges form a cycle (a blocking self loop counts).
    [[nodiscard]] bool hasCycle() const;
    /// Every blocking strongly connected component of size > 1 and every blocking self loop,
    /// ordered by their first node's insertion.
    [[nodiscard]] QList<DagCycle> findCycles() const;
    /// CycleDetected with one cycle when hasCycle().
    [[nodiscard]] std::expected<void, DagError> validateAcyclic() const;
    /// SelfLoop naming the first node with an edge to itself, of any type.
    [[nodiscard]] std::expected<void, DagError> validateNoSelfLoops() const;
    /// Weak connectivity over all edges; the empty graph counts as connected.
    [[nodiscard]] bool isConnected() const;

    // Subgraphs keep the insertion order, weights and edge types of this graph.
    /// The given nodes and the edges among them.
    [[nodiscard]] std::expected<WorkflowDag, DagError> subgraph(const QStringList &nodes) const;
    /// The node with all its ancestors and descendants (along all edges).
    [[nodiscard]] std::expected<WorkflowDag, DagError> inducedSubgraph(const QString &id) const;

private:
    struct Arc
    {
        int node;
        DependencyType type;
    };
    using Adjacency = std::vector<std::vector<Arc>>;

    [[nodiscard]] int indexOf(const QString &id) const;
    [[nodiscard]] int slotCount() const { return int(m_ids.size()); }
    [[nodiscard]] bool alive(int v) const { return m_alive[std::size_t(v)] != 0; }
    [[nodiscard]] static bool follows(DependencyType type, EdgeFilter filter)
    {
        return filter == EdgeFilter::All || type == DependencyType::Blocking;
    }
    [[nodiscard]] QStringList idsOf(const std::vector<int> &list) const;
    [[nodiscard]] QStringList idsOfMarked(const std::vector<char> &marked) const;
    [[nodiscard]] std::vector<char> reach(int start, const Adjacency &adjacency,
                                          EdgeFilter filter) const;
    [[nodiscard]] std::vector<char> completedMask(const QSet<QString> &completed) const;
    [[nodiscard]] bool readyAt(int v, const std::vector<char> &done) const;
    [[nodiscard]] std::expected<void, DagError> checkWeight(double weight) const;
    [[nodiscard]] bool hasArc(int from, int to) const;
    [[nodiscard]] std::vector<int> pathAlongBlocking(int from, int to);
    [[nodiscard]] std::vector<int> tieBrokenOrder() const;
    [[nodiscard]] std::vector<int> blockingKahnOrder() const;
    [[nodiscard]] DagError cycleError() const;
    [[nodiscard]] std::vector<std::uint32_t> blockingComponents(std::uint32_t &count) const;
    [[nodiscard]] std::expected<CriticalPath, DagError>
    criticalPathWith(const std::vector<double> &weights) const;
    [[nodiscard]] WorkflowDag copyOf(const std::vector<char> &keep) const;
    bool appendNode(const QString &id, double weight);
    void appendArc(int from, int to, DependencyType type);
    void appendArcs(std::span<const DagIndexedEdge> edges);
    [[nodiscard]] std::optional<DagIndexedEdge> duplicateArc(std::span<const int> from);
    [[nodiscard]] std::vector<DagIndexedEdge> resolve(std::span<const DagEdge> edges) const;
    [[nodiscard]] DagError firstRefusal(std::span<const DagEdge> edges,
                                        std::span<const DagIndexedEdge> resolved) const;
    std::uint32_t nextEpoch();
    void compact();

    std::vector<QString> m_ids; // by slot; removed nodes leave an empty slot
    std::vector<double> m_weights; // by slot
    std::vector<char> m_alive; // by slot
    Adjacency m_out; // by slot: dependents, in edge insertion order
    Adjacency m_in; // by slot: prerequisites, in edge insertion order
    detail::IdTable m_index; // id (UTF-8) → slot of the live nodes
    std::vector<std::uint32_t> m_seen; // scratch of addEdge's cycle search and of the bulk adds
    std::uint32_t m_epoch = 0;
    qsizetype m_nodeCount = 0;
    qsizetype m_edgeCount = 0;
};

} // namespace backend

#include "backend/dag/BlockingGraph.h"
#include "backend/dag/WorkflowDag.h"

#include <boost/graph/dag_shortest_paths.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <queue>

// Topological orders, the critical path and the layering.

namespace backend {

std::vector<int> WorkflowDag::blockingKahnOrder() const
{
    // Kahn's algorithm written by hand: Boost's topological_sort is a depth-first search that
    // reports a cycle by throwing and cannot take a tie-break rule. Returns fewer than
    // nodeCount() nodes when the blocking edges form a cycle.
    std::vector<int> pending(m_ids.size(), 0);
    for (int v = 0; v < slotCount(); ++v) {
        for (const Arc &arc : m_in[std::size_t(v)])
            pending[std::size_t(v)] += arc.type == DependencyType::Blocking ? 1 : 0;
    }
    std::vector<int> order;
    order.reserve(std::size_t(m_nodeCount));
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && pending[std::size_t(v)] == 0)
            order.push_back(v);
    }
    // `order` doubles as the FIFO queue: everything before `head` has been expanded.
    for (std::size_t head = 0; head < order.size(); ++head) {
        for (const Arc &arc : m_out[std::size_t(order[head])]) {
            if (arc.type == DependencyType::Blocking && --pending[std::size_t(arc.node)] == 0)
                order.push_back(arc.node);
        }
    }
    return order;
}

std::vector<int> WorkflowDag::tieBrokenOrder() const
{
    // Two min-heaps of slots: `free` holds nodes whose every prerequisite has gone, `early`
    // nodes whose blocking prerequisites have gone but a preferred-order one has not. `early`
    // is drawn from only when `free` is empty, which is how preferred-order edges yield when
    // they conflict with blocking ones or form a cycle among themselves. Hand-written: no
    // library order takes such a tie-break rule.
    std::vector<int> blocking(m_ids.size(), 0);
    std::vector<int> preferred(m_ids.size(), 0);
    for (int v = 0; v < slotCount(); ++v) {
        for (const Arc &arc : m_in[std::size_t(v)]) {
            if (arc.type == DependencyType::Blocking)
                ++blocking[std::size_t(v)];
            else if (arc.node != v)
                ++preferred[std::size_t(v)];
        }
    }
    using MinHeap = std::priority_queue<int, std::vector<int>, std::greater<>>;
    MinHeap free;
    MinHeap early;
    for (int v = 0; v < slotCount(); ++v) {
        if (!alive(v) || blocking[std::size_t(v)] != 0)
            continue;
        (preferred[std::size_t(v)] == 0 ? free : early).push(v);
    }
    std::vector<char> emitted(m_ids.size(), 0);
    std::vector<int> order;
    order.reserve(std::size_t(m_nodeCount));
    while (!free.empty() || !early.empty()) {
        int v;
        if (!free.empty()) {
            v = free.top();
            free.pop();
        } else {
            v = early.top();
            early.pop();
        }
        if (emitted[std::size_t(v)])
            continue; // an `early` entry whose node moved to `free` and went already
        emitted[std::size_t(v)] = 1;
        order.push_back(v);
        for (const Arc &arc : m_out[std::size_t(v)]) {
            const auto w = std::size_t(arc.node);
            if (emitted[w])
                continue;
            if (arc.type == DependencyType::Blocking) {
                if (--blocking[w] == 0)
                    (preferred[w] == 0 ? free : early).push(arc.node);
            } else if (--preferred[w] == 0 && blocking[w] == 0) {
                free.push(arc.node);
            }
        }
    }
    return order;
}

std::expected<QStringList, DagError> WorkflowDag::topologicalSort() const
{
    const std::vector<int> order = tieBrokenOrder();
    if (qsizetype(order.size()) != m_nodeCount)
        return std::unexpected(cycleError());
    return idsOf(order);
}

std::expected<QStringList, DagError> WorkflowDag::topologicalSortKahn() const
{
    const std::vector<int> order = blockingKahnOrder();
    if (qsizetype(order.size()) != m_nodeCount)
        return std::unexpected(cycleError());
    return idsOf(order);
}

std::expected<CriticalPath, DagError> WorkflowDag::criticalPath() const
{
    return criticalPathWith(m_weights);
}

std::expected<CriticalPath, DagError>
WorkflowDag::criticalPath(const QHash<QString, double> &weights) const
{
    std::vector<double> combined = m_weights;
    for (auto it = weights.cbegin(); it != weights.cend(); ++it) {
        const int v = indexOf(it.key());
        if (v < 0)
            return std::unexpected(DagError::nodeNotFound(it.key()));
        if (auto ok = checkWeight(it.value()); !ok)
            return std::unexpected(ok.error());
        combined[std::size_t(v)] = it.value();
    }
    return criticalPathWith(combined);
}

std::expected<CriticalPath, DagError>
WorkflowDag::criticalPathWith(const std::vector<double> &weights) const
{
    // Boost's dag_shortest_paths with a reversed comparison is the longest path. Node weights
    // become edge weights (an edge weighs what its target does), and a virtual source leads to
    // every node without blocking prerequisites. Weights are ≥ 0, so the heaviest path starts
    // at such a node.
    if (m_nodeCount == 0)
        return CriticalPath {};
    if (hasCycle())
        return std::unexpected(cycleError());
    using detail::BlockingVertex;
    const auto source = BlockingVertex(m_ids.size());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    pairs.reserve(std::size_t(m_edgeCount + m_nodeCount));
    for (int u = 0; u < slotCount(); ++u) {
        for (const Arc &arc : m_out[std::size_t(u)]) {
            if (arc.type == DependencyType::Blocking)
                pairs.emplace_back(std::uint32_t(u), std::uint32_t(arc.node));
        }
    }
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && std::ranges::none_of(m_in[std::size_t(v)], [](const Arc &a) {
                return a.type == DependencyType::Blocking;
            }))
            pairs.emplace_back(source, std::uint32_t(v));
    }
    const detail::BlockingGraph graph = detail::makeBlockingGraph(pairs, m_ids.size() + 1);
    using Edge = boost::graph_traits<detail::BlockingGraph>::edge_descriptor;
    const auto weightOf = boost::make_function_property_map<Edge, double>(
        [&](const Edge &e) { return weights[boost::target(e, graph)]; });
    std::vector<double> distance(m_ids.size() + 1, 0.0);
    std::vector<BlockingVertex> predecessor(m_ids.size() + 1);
    for (std::size_t v = 0; v < predecessor.size(); ++v)
        predecessor[v] = BlockingVertex(v);
    const auto index = boost::get(boost::vertex_index, graph);
    boost::dag_shortest_paths(
        graph, source,
        boost::weight_map(weightOf)
            .distance_map(boost::make_iterator_property_map(distance.begin(), index))
            .predecessor_map(boost::make_iterator_property_map(predecessor.begin(), index))
            .distance_compare(std::greater<double>())
            .distance_inf(-std::numeric_limits<double>::infinity())
            .distance_zero(0.0));
    // The heaviest end; the earliest inserted among equals, so the answer is deterministic.
    int end = -1;
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && (end < 0 || distance[std::size_t(v)] > distance[std::size_t(end)]))
            end = v;
    }
    CriticalPath path;
    path.weight = distance[std::size_t(end)];
    std::vector<int> reversed;
    for (auto v = BlockingVertex(end); v != source; v = predecessor[v])
        reversed.push_back(int(v));
    std::ranges::reverse(reversed);
    path.nodes = idsOf(reversed);
    return path;
}

std::expected<QList<QStringList>, DagError> WorkflowDag::layers() const
{
    // One pass in topological order: a hand-written loop, as no library layering applies and
    // this is a few lines of dynamic programming.
    const std::vector<int> order = tieBrokenOrder();
    if (qsizetype(order.size()) != m_nodeCount)
        return std::unexpected(cycleError());
    std::vector<int> layer(m_ids.size(), 0);
    int depth = 0;
    for (int v : order) {
        const int below = layer[std::size_t(v)] + 1;
        depth = std::max(depth, below);
        for (const Arc &arc : m_out[std::size_t(v)]) {
            if (arc.type == DependencyType::Blocking)
                layer[std::size_t(arc.node)] = std::max(layer[std::size_t(arc.node)], below);
        }
    }
    QList<QStringList> result(depth);
    for (int v : order)
        result[layer[std::size_t(v)]].append(m_ids[std::size_t(v)]);
    return result;
}

} // namespace backend

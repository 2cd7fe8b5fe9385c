#include "backend/dag/WorkflowDag.h"

#include <algorithm>
#include <functional>
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
    // The longest path by dynamic programming inside Kahn's algorithm, written by hand: Boost's
    // dag_shortest_paths needed a cycle check, a CSR copy of the blocking edges and its own
    // depth-first topological sort first, three passes over the edges where this makes one
    // (and the counting pass); on a million edges that cut the operation's time by about 40 %
    // (docs/BENCHMARKS.md). A node's distance is final when its last blocking prerequisite has
    // gone, so it is pushed to its dependents right then. Weights are ≥ 0, so the heaviest path
    // starts at a node without blocking prerequisites.
    if (m_nodeCount == 0)
        return CriticalPath {};
    const auto n = m_ids.size();
    std::vector<int> pending(n, 0);
    for (std::size_t v = 0; v < n; ++v) {
        for (const Arc &arc : m_in[v])
            pending[v] += arc.type == DependencyType::Blocking ? 1 : 0;
    }
    // `best` is the heaviest distance among the prerequisites gone so far, `via` the first
    // prerequisite reaching it; when a node goes, `best` becomes its own distance.
    std::vector<double> best(n, 0.0);
    std::vector<int> via(n, -1);
    std::vector<int> queue;
    queue.reserve(std::size_t(m_nodeCount));
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && pending[std::size_t(v)] == 0)
            queue.push_back(v);
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const auto u = std::size_t(queue[head]);
        const double distance = best[u] + weights[u];
        best[u] = distance;
        for (const Arc &arc : m_out[u]) {
            if (arc.type != DependencyType::Blocking)
                continue;
            const auto w = std::size_t(arc.node);
            if (via[w] < 0 || distance > best[w]) {
                best[w] = distance;
                via[w] = int(u);
            }
            if (--pending[w] == 0)
                queue.push_back(arc.node);
        }
    }
    if (qsizetype(queue.size()) != m_nodeCount)
        return std::unexpected(cycleError());
    // The heaviest end; the earliest inserted among equals, so the answer is deterministic.
    int end = -1;
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && (end < 0 || best[std::size_t(v)] > best[std::size_t(end)]))
            end = v;
    }
    CriticalPath path;
    path.weight = best[std::size_t(end)];
    std::vector<int> reversed;
    for (int v = end; v >= 0; v = via[std::size_t(v)])
        reversed.push_back(v);
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

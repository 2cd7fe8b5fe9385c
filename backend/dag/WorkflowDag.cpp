#include "backend/dag/WorkflowDag.h"

#include "backend/dag/IdKey.h"

#include <algorithm>
#include <cmath>

// Building one at a time, structural queries, readiness and subgraphs. The bulk building paths
// live in WorkflowDagBuild.cpp, the order and cycle algorithms in WorkflowDagOrder.cpp and
// WorkflowDagCycles.cpp.
//
// Nodes are dense slots in insertion order (so "insertion order" is "slot order"); a removed
// node leaves a dead slot until compact() renumbers, which keeps removal O(degree) while the
// slot order still is the insertion order.

namespace backend {

std::expected<void, DagError> WorkflowDag::checkWeight(double weight) const
{
    if (!std::isfinite(weight) || weight < 0.0)
        return std::unexpected(DagError::invalidOperation(
            QStringLiteral("a weight must be a finite number ≥ 0, not %1").arg(weight)));
    return {};
}

int WorkflowDag::indexOf(const QString &id) const
{
    return m_index.find(detail::IdKey(id).view());
}

bool WorkflowDag::appendNode(const QString &id, double weight)
{
    // The table gives out indices in insertion order, as the slots are: a node's index is its
    // slot.
    if (!m_index.insert(detail::IdKey(id).view()))
        return false;
    m_ids.push_back(id);
    m_weights.push_back(weight);
    m_alive.push_back(1);
    m_out.emplace_back();
    m_in.emplace_back();
    ++m_nodeCount;
    return true;
}

void WorkflowDag::appendArc(int from, int to, DependencyType type)
{
    // Lists growing edge by edge start at four arcs: doubling from one cost two extra
    // reallocations per list, and there are two lists per node.
    const auto push = [](std::vector<Arc> &list, Arc arc) {
        if (list.size() == list.capacity())
            list.reserve(std::max<std::size_t>(4, list.capacity() * 2));
        list.push_back(arc);
    };
    push(m_out[std::size_t(from)], {to, type});
    push(m_in[std::size_t(to)], {from, type});
    ++m_edgeCount;
}

std::expected<void, DagError> WorkflowDag::addNode(const QString &id, double weight)
{
    if (auto ok = checkWeight(weight); !ok)
        return ok;
    if (!appendNode(id, weight))
        return std::unexpected(DagError::nodeAlreadyExists(id));
    return {};
}

std::expected<void, DagError> WorkflowDag::setWeight(const QString &id, double weight)
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    if (auto ok = checkWeight(weight); !ok)
        return ok;
    m_weights[std::size_t(v)] = weight;
    return {};
}

bool WorkflowDag::hasArc(int from, int to) const
{
    // Scan the shorter list: the sum over all edges of the smaller degree stays far below
    // quadratic even for hubs.
    const auto &out = m_out[std::size_t(from)];
    const auto &in = m_in[std::size_t(to)];
    if (out.size() <= in.size())
        return std::ranges::any_of(out, [to](const Arc &a) { return a.node == to; });
    return std::ranges::any_of(in, [from](const Arc &a) { return a.node == from; });
}

std::expected<void, DagError> WorkflowDag::addEdge(const QString &from, const QString &to,
                                                   DependencyType type)
{
    const int u = indexOf(from);
    if (u < 0)
        return std::unexpected(DagError::nodeNotFound(from));
    const int v = indexOf(to);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(to));
    if (u == v)
        return std::unexpected(DagError::selfLoop(from));
    if (hasArc(u, v))
        return std::unexpected(DagError::edgeAlreadyExists(from, to));
    if (type == DependencyType::Blocking) {
        // The new edge u → v closes a cycle exactly when v already reaches u.
        const std::vector<int> path = pathAlongBlocking(v, u);
        if (!path.empty()) {
            QStringList cycle {from};
            for (int w : path) {
                if (w != u)
                    cycle.append(m_ids[std::size_t(w)]);
            }
            return std::unexpected(DagError::cycleDetected(cycle));
        }
    }
    appendArc(u, v, type);
    return {};
}

std::expected<void, DagError> WorkflowDag::addEdgeUnchecked(const QString &from, const QString &to,
                                                            DependencyType type)
{
    const int u = indexOf(from);
    if (u < 0)
        return std::unexpected(DagError::nodeNotFound(from));
    const int v = indexOf(to);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(to));
    if (hasArc(u, v))
        return std::unexpected(DagError::edgeAlreadyExists(from, to));
    appendArc(u, v, type);
    return {};
}

std::vector<int> WorkflowDag::pathAlongBlocking(int from, int to)
{
    // A depth-first search that stops at `to`. The epoch-stamped scratch array makes the cost
    // proportional to the part of the graph searched, not to the whole graph, which matters
    // when a workflow grows edge by edge.
    if (m_out[std::size_t(from)].empty() || m_in[std::size_t(to)].empty())
        return {};
    const std::uint32_t epoch = nextEpoch();
    // Each stack frame remembers the node and the next out-arc to look at.
    std::vector<std::pair<int, std::size_t>> stack {{from, 0}};
    m_seen[std::size_t(from)] = epoch;
    while (!stack.empty()) {
        auto &[node, next] = stack.back();
        const auto &out = m_out[std::size_t(node)];
        if (node == to) {
            std::vector<int> path;
            path.reserve(stack.size());
            for (const auto &frame : stack)
                path.push_back(frame.first);
            return path;
        }
        bool pushed = false;
        while (next < out.size()) {
            const Arc arc = out[next++];
            if (arc.type != DependencyType::Blocking || m_seen[std::size_t(arc.node)] == epoch)
                continue;
            m_seen[std::size_t(arc.node)] = epoch;
            stack.emplace_back(arc.node, 0);
            pushed = true;
            break;
        }
        if (!pushed)
            stack.pop_back();
    }
    return {};
}

std::expected<void, DagError> WorkflowDag::removeEdge(const QString &from, const QString &to)
{
    const int u = indexOf(from);
    if (u < 0)
        return std::unexpected(DagError::nodeNotFound(from));
    const int v = indexOf(to);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(to));
    auto &out = m_out[std::size_t(u)];
    const auto it = std::ranges::find_if(out, [v](const Arc &a) { return a.node == v; });
    if (it == out.end())
        return std::unexpected(DagError::edgeNotFound(from, to));
    out.erase(it); // keeps the remaining edges in insertion order
    auto &in = m_in[std::size_t(v)];
    in.erase(std::ranges::find_if(in, [u](const Arc &a) { return a.node == u; }));
    --m_edgeCount;
    return {};
}

std::expected<void, DagError> WorkflowDag::removeNode(const QString &id)
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    const auto slot = std::size_t(v);
    std::erase_if(m_in[slot], [v](const Arc &a) { return a.node == v; }); // a self loop
    for (const Arc &arc : m_out[slot])
        std::erase_if(m_in[std::size_t(arc.node)], [v](const Arc &a) { return a.node == v; });
    for (const Arc &arc : m_in[slot])
        std::erase_if(m_out[std::size_t(arc.node)], [v](const Arc &a) { return a.node == v; });
    m_edgeCount -= qsizetype(m_out[slot].size() + m_in[slot].size());
    m_out[slot] = {};
    m_in[slot] = {};
    m_alive[slot] = 0;
    m_index.erase(detail::IdKey(id).view());
    m_ids[slot].clear();
    --m_nodeCount;
    if (slotCount() > 64 && m_nodeCount < slotCount() / 2)
        compact();
    return {};
}

void WorkflowDag::compact()
{
    std::vector<int> renumber(m_ids.size(), -1);
    int next = 0;
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v))
            renumber[std::size_t(v)] = next++;
    }
    WorkflowDag packed;
    const auto n = std::size_t(next);
    packed.m_index.reserve(n);
    packed.m_ids.reserve(n);
    packed.m_weights.reserve(n);
    packed.m_alive.assign(n, 1);
    packed.m_out.resize(n);
    packed.m_in.resize(n);
    for (int v = 0; v < slotCount(); ++v) {
        if (!alive(v))
            continue;
        const auto slot = std::size_t(v);
        packed.m_index.insert(detail::IdKey(m_ids[slot]).view());
        packed.m_ids.push_back(std::move(m_ids[slot]));
        packed.m_weights.push_back(m_weights[slot]);
        auto renumbered = [&renumber](std::vector<Arc> arcs) {
            for (Arc &arc : arcs)
                arc.node = renumber[std::size_t(arc.node)];
            return arcs;
        };
        const auto to = std::size_t(renumber[slot]);
        packed.m_out[to] = renumbered(std::move(m_out[slot]));
        packed.m_in[to] = renumbered(std::move(m_in[slot]));
    }
    packed.m_nodeCount = m_nodeCount;
    packed.m_edgeCount = m_edgeCount;
    *this = std::move(packed);
}

std::optional<DependencyType> WorkflowDag::edgeType(const QString &from, const QString &to) const
{
    const int u = indexOf(from);
    const int v = indexOf(to);
    if (u < 0 || v < 0)
        return std::nullopt;
    for (const Arc &arc : m_out[std::size_t(u)]) {
        if (arc.node == v)
            return arc.type;
    }
    return std::nullopt;
}

std::expected<double, DagError> WorkflowDag::weight(const QString &id) const
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    return m_weights[std::size_t(v)];
}

QStringList WorkflowDag::idsOf(const std::vector<int> &list) const
{
    QStringList ids;
    ids.reserve(qsizetype(list.size()));
    for (int v : list)
        ids.append(m_ids[std::size_t(v)]);
    return ids;
}

QStringList WorkflowDag::idsOfMarked(const std::vector<char> &marked) const
{
    QStringList ids;
    for (int v = 0; v < slotCount(); ++v) {
        if (marked[std::size_t(v)] && alive(v))
            ids.append(m_ids[std::size_t(v)]);
    }
    return ids;
}

QStringList WorkflowDag::nodes() const
{
    QStringList ids;
    ids.reserve(m_nodeCount);
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v))
            ids.append(m_ids[std::size_t(v)]);
    }
    return ids;
}

QList<DagEdge> WorkflowDag::edges() const
{
    QList<DagEdge> all;
    all.reserve(m_edgeCount);
    for (int u = 0; u < slotCount(); ++u) {
        for (const Arc &arc : m_out[std::size_t(u)])
            all.append({m_ids[std::size_t(u)], m_ids[std::size_t(arc.node)], arc.type});
    }
    return all;
}

std::expected<QStringList, DagError> WorkflowDag::dependencies(const QString &id,
                                                               EdgeFilter filter) const
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    QStringList ids;
    for (const Arc &arc : m_in[std::size_t(v)]) {
        if (follows(arc.type, filter))
            ids.append(m_ids[std::size_t(arc.node)]);
    }
    return ids;
}

std::expected<QStringList, DagError> WorkflowDag::dependents(const QString &id,
                                                             EdgeFilter filter) const
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    QStringList ids;
    for (const Arc &arc : m_out[std::size_t(v)]) {
        if (follows(arc.type, filter))
            ids.append(m_ids[std::size_t(arc.node)]);
    }
    return ids;
}

std::vector<char> WorkflowDag::reach(int start, const Adjacency &adjacency, EdgeFilter filter) const
{
    // Marks what `start` reaches in one or more steps, so `start` itself only when on a cycle.
    std::vector<char> seen(m_ids.size(), 0);
    std::vector<int> stack {start};
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        for (const Arc &arc : adjacency[std::size_t(v)]) {
            if (!follows(arc.type, filter) || seen[std::size_t(arc.node)])
                continue;
            seen[std::size_t(arc.node)] = 1;
            stack.push_back(arc.node);
        }
    }
    return seen;
}

std::expected<QStringList, DagError> WorkflowDag::ancestors(const QString &id,
                                                            EdgeFilter filter) const
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    return idsOfMarked(reach(v, m_in, filter));
}

std::expected<QStringList, DagError> WorkflowDag::descendants(const QString &id,
                                                              EdgeFilter filter) const
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    return idsOfMarked(reach(v, m_out, filter));
}

QStringList WorkflowDag::roots(EdgeFilter filter) const
{
    QStringList ids;
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && std::ranges::none_of(m_in[std::size_t(v)], [filter](const Arc &a) {
                return follows(a.type, filter);
            }))
            ids.append(m_ids[std::size_t(v)]);
    }
    return ids;
}

QStringList WorkflowDag::leaves(EdgeFilter filter) const
{
    QStringList ids;
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && std::ranges::none_of(m_out[std::size_t(v)], [filter](const Arc &a) {
                return follows(a.type, filter);
            }))
            ids.append(m_ids[std::size_t(v)]);
    }
    return ids;
}

std::vector<char> WorkflowDag::completedMask(const QSet<QString> &completed) const
{
    std::vector<char> done(m_ids.size(), 0);
    for (const QString &id : completed) {
        if (const int v = indexOf(id); v >= 0)
            done[std::size_t(v)] = 1;
    }
    return done;
}

bool WorkflowDag::readyAt(int v, const std::vector<char> &done) const
{
    if (done[std::size_t(v)])
        return false;
    return std::ranges::all_of(m_in[std::size_t(v)], [&done](const Arc &a) {
        return a.type != DependencyType::Blocking || done[std::size_t(a.node)];
    });
}

QStringList WorkflowDag::readyNodes(const QSet<QString> &completed) const
{
    const std::vector<char> done = completedMask(completed);
    QStringList ids;
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && readyAt(v, done))
            ids.append(m_ids[std::size_t(v)]);
    }
    return ids;
}

QStringList WorkflowDag::blockedNodes(const QSet<QString> &completed) const
{
    const std::vector<char> done = completedMask(completed);
    QStringList ids;
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && !done[std::size_t(v)] && !readyAt(v, done))
            ids.append(m_ids[std::size_t(v)]);
    }
    return ids;
}

std::expected<bool, DagError> WorkflowDag::isReady(const QString &id,
                                                   const QSet<QString> &completed) const
{
    // Looks only at the node's own prerequisites: O(degree), not O(V).
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    if (completed.contains(id))
        return false;
    return std::ranges::all_of(m_in[std::size_t(v)], [&](const Arc &a) {
        return a.type != DependencyType::Blocking || completed.contains(m_ids[std::size_t(a.node)]);
    });
}

bool WorkflowDag::isConnected() const
{
    // A plain search over both adjacency lists; an undirected Boost copy for
    // connected_components would cost more than the search itself.
    if (m_nodeCount == 0)
        return true;
    int start = 0;
    while (!alive(start))
        ++start;
    std::vector<char> seen(m_ids.size(), 0);
    std::vector<int> stack {start};
    seen[std::size_t(start)] = 1;
    qsizetype count = 1;
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        for (const auto *adjacency : {&m_out, &m_in}) {
            for (const Arc &arc : (*adjacency)[std::size_t(v)]) {
                if (seen[std::size_t(arc.node)])
                    continue;
                seen[std::size_t(arc.node)] = 1;
                ++count;
                stack.push_back(arc.node);
            }
        }
    }
    return count == m_nodeCount;
}

WorkflowDag WorkflowDag::copyOf(const std::vector<char> &keep) const
{
    QList<DagNodeSpec> specs;
    std::vector<int> renumber(m_ids.size(), -1);
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v) && keep[std::size_t(v)]) {
            renumber[std::size_t(v)] = int(specs.size());
            specs.append({m_ids[std::size_t(v)], m_weights[std::size_t(v)]});
        }
    }
    std::vector<DagIndexedEdge> arcs;
    for (int u = 0; u < slotCount(); ++u) {
        if (renumber[std::size_t(u)] < 0)
            continue;
        for (const Arc &arc : m_out[std::size_t(u)]) {
            if (renumber[std::size_t(arc.node)] >= 0)
                arcs.push_back(
                    {renumber[std::size_t(u)], renumber[std::size_t(arc.node)], arc.type});
        }
    }
    // A part of a valid graph is valid; Allow only spares the second cycle check.
    return *fromIndexed(std::move(specs), arcs, CyclePolicy::Allow);
}

std::expected<WorkflowDag, DagError> WorkflowDag::subgraph(const QStringList &nodes) const
{
    std::vector<char> keep(m_ids.size(), 0);
    for (const QString &id : nodes) {
        const int v = indexOf(id);
        if (v < 0)
            return std::unexpected(DagError::nodeNotFound(id));
        keep[std::size_t(v)] = 1;
    }
    return copyOf(keep);
}

std::expected<WorkflowDag, DagError> WorkflowDag::inducedSubgraph(const QString &id) const
{
    const int v = indexOf(id);
    if (v < 0)
        return std::unexpected(DagError::nodeNotFound(id));
    std::vector<char> keep = reach(v, m_in, EdgeFilter::All);
    const std::vector<char> below = reach(v, m_out, EdgeFilter::All);
    for (std::size_t i = 0; i < keep.size(); ++i)
        keep[i] = char(keep[i] | below[i]);
    keep[std::size_t(v)] = 1;
    return copyOf(keep);
}

} // namespace backend

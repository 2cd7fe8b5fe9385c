#include "backend/dag/BlockingGraph.h"
#include "backend/dag/WorkflowDag.h"

#include <boost/graph/strong_components.hpp>

#include <algorithm>

// Cycle detection and reporting along blocking edges.

namespace backend {

bool WorkflowDag::hasCycle() const
{
    return qsizetype(blockingKahnOrder().size()) != m_nodeCount;
}

std::expected<void, DagError> WorkflowDag::validateAcyclic() const
{
    if (hasCycle())
        return std::unexpected(cycleError());
    return {};
}

DagError WorkflowDag::cycleError() const
{
    const QList<DagCycle> cycles = findCycles();
    return DagError::cycleDetected(cycles.isEmpty() ? QStringList {} : cycles.first().cycle);
}

std::expected<void, DagError> WorkflowDag::validateNoSelfLoops() const
{
    for (int v = 0; v < slotCount(); ++v) {
        for (const Arc &arc : m_out[std::size_t(v)]) {
            if (arc.node == v)
                return std::unexpected(DagError::selfLoop(m_ids[std::size_t(v)]));
        }
    }
    return {};
}

std::vector<std::uint32_t> WorkflowDag::blockingComponents(std::uint32_t &count) const
{
    // Boost's strong_components (Tarjan's algorithm, iterative). Tarjan completes a component
    // only after every component it reaches, so the numbers run against the topological order
    // of the condensed graph; condensedLayers relies on that.
    const auto n = m_ids.size();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    pairs.reserve(std::size_t(m_edgeCount));
    for (int u = 0; u < slotCount(); ++u) {
        for (const Arc &arc : m_out[std::size_t(u)]) {
            if (arc.type == DependencyType::Blocking)
                pairs.emplace_back(std::uint32_t(u), std::uint32_t(arc.node));
        }
    }
    const detail::BlockingGraph graph = detail::makeBlockingGraph(pairs, n);
    std::vector<std::uint32_t> component(n, 0);
    count = std::uint32_t(
        boost::strong_components(graph,
                                 boost::make_iterator_property_map(
                                     component.begin(), boost::get(boost::vertex_index, graph))));
    return component;
}

QList<QStringList> WorkflowDag::condensedLayers() const
{
    std::uint32_t count = 0;
    const std::vector<std::uint32_t> component = blockingComponents(count);
    std::vector<std::vector<int>> members(count);
    for (int v = 0; v < slotCount(); ++v)
        members[component[std::size_t(v)]].push_back(v); // dead slots too: they have no arcs
    std::vector<int> layer(count, 0);
    int depth = 0;
    for (std::uint32_t c = count; c-- > 0;) {
        for (int u : members[c]) {
            if (!alive(u))
                continue;
            depth = std::max(depth, layer[c] + 1);
            for (const Arc &arc : m_out[std::size_t(u)]) {
                const std::uint32_t d = component[std::size_t(arc.node)];
                if (arc.type == DependencyType::Blocking && d != c)
                    layer[d] = std::max(layer[d], layer[c] + 1);
            }
        }
    }
    QList<QStringList> result(depth);
    for (int v = 0; v < slotCount(); ++v) {
        if (alive(v))
            result[layer[component[std::size_t(v)]]].append(m_ids[std::size_t(v)]);
    }
    return result;
}

QList<DagCycle> WorkflowDag::findCycles() const
{
    const auto n = m_ids.size();
    std::uint32_t count = 0;
    const std::vector<std::uint32_t> component = blockingComponents(count);

    // Group members in slot order; a group counts when it has two members or a self loop.
    std::vector<std::vector<int>> members(count);
    std::vector<char> selfLoop(count, 0);
    for (int v = 0; v < slotCount(); ++v) {
        if (!alive(v))
            continue;
        members[component[std::size_t(v)]].push_back(v);
        for (const Arc &arc : m_out[std::size_t(v)]) {
            if (arc.node == v && arc.type == DependencyType::Blocking)
                selfLoop[component[std::size_t(v)]] = 1;
        }
    }
    std::vector<std::uint32_t> groups;
    for (std::uint32_t c = 0; c < count; ++c) {
        if (members[c].size() > 1 || selfLoop[c])
            groups.push_back(c);
    }
    std::ranges::sort(groups, {}, [&members](std::uint32_t c) { return members[c].front(); });

    // One concrete cycle per group: the shortest one back to its first member, by a
    // breadth-first search that stays inside the group. Each node is searched from once.
    std::vector<int> parent(n, -1);
    QList<DagCycle> cycles;
    for (std::uint32_t c : groups) {
        DagCycle cycle;
        cycle.nodes = idsOf(members[c]);
        const int start = members[c].front();
        if (selfLoop[c] && members[c].size() == 1) {
            cycle.cycle = {m_ids[std::size_t(start)]};
            cycles.append(cycle);
            continue;
        }
        std::vector<int> queue {start};
        parent[std::size_t(start)] = start;
        int last = -1;
        for (std::size_t head = 0; head < queue.size() && last < 0; ++head) {
            const int u = queue[head];
            for (const Arc &arc : m_out[std::size_t(u)]) {
                if (arc.type != DependencyType::Blocking || component[std::size_t(arc.node)] != c)
                    continue;
                if (arc.node == start) {
                    last = u;
                    break;
                }
                if (parent[std::size_t(arc.node)] < 0) {
                    parent[std::size_t(arc.node)] = u;
                    queue.push_back(arc.node);
                }
            }
        }
        std::vector<int> reversed;
        for (int v = last; v != start; v = parent[std::size_t(v)])
            reversed.push_back(v);
        reversed.push_back(start);
        std::ranges::reverse(reversed);
        cycle.cycle = idsOf(reversed);
        cycles.append(cycle);
    }
    return cycles;
}

} // namespace backend

#include "backend/dag/WorkflowDag.h"

#include "backend/dag/IdKey.h"

#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_set>

// Building in bulk: fromIndexed for loaders, addNodes and addEdgesUnchecked for callers with
// many nodes or edges at hand. On a big graph nearly every id lookup and every append lands at a
// random place in memory; a batch can look ahead and prefetch, which one call per edge cannot
// (docs/BENCHMARKS.md).

namespace backend {

namespace {

/// Grows `list` to hold `size` elements, at least doubling it, so that many small batches
/// still cost amortised O(1) per element.
template<typename T> void reserveFor(std::vector<T> &list, std::size_t size)
{
    if (size > list.capacity())
        list.reserve(std::max(size, 2 * list.capacity()));
}

} // namespace

std::expected<WorkflowDag, DagError>
WorkflowDag::fromIndexed(QList<DagNodeSpec> nodes, const std::vector<DagIndexedEdge> &edges,
                         CyclePolicy policy)
{
    WorkflowDag dag;
    if (auto ok = dag.addNodes(std::span(nodes.cbegin(), nodes.cend())); !ok)
        return std::unexpected(ok.error());
    const auto n = std::size_t(nodes.size());
    for (const DagIndexedEdge &e : edges) {
        if (e.from < 0 || e.to < 0 || std::size_t(e.from) >= n || std::size_t(e.to) >= n)
            return std::unexpected(DagError::invalidOperation(
                QStringLiteral("edge %1 → %2 refers to no node").arg(e.from).arg(e.to)));
        if (e.from == e.to && policy == CyclePolicy::Refuse)
            return std::unexpected(DagError::selfLoop(dag.m_ids[std::size_t(e.from)]));
    }
    dag.appendArcs(edges);
    std::vector<int> all(n);
    std::iota(all.begin(), all.end(), 0);
    if (const auto duplicate = dag.duplicateArc(all))
        return std::unexpected(DagError::edgeAlreadyExists(dag.m_ids[std::size_t(duplicate->from)],
                                                           dag.m_ids[std::size_t(duplicate->to)]));
    if (policy == CyclePolicy::Refuse) {
        if (auto ok = dag.validateAcyclic(); !ok)
            return std::unexpected(ok.error());
    }
    return dag;
}

std::expected<void, DagError> WorkflowDag::addNodes(std::span<const DagNodeSpec> nodes)
{
    const std::size_t before = m_ids.size();
    const qsizetype countBefore = m_nodeCount;
    const std::size_t after = before + nodes.size();
    m_index.reserve(after);
    reserveFor(m_ids, after);
    reserveFor(m_weights, after);
    reserveFor(m_alive, after);
    reserveFor(m_out, after);
    reserveFor(m_in, after);
    for (const DagNodeSpec &spec : nodes) {
        auto ok = checkWeight(spec.weight);
        if (ok && appendNode(spec.id, spec.weight))
            continue;
        // The nodes added so far hold the last slots and the table's last indices.
        m_index.truncate(before);
        m_ids.resize(before);
        m_weights.resize(before);
        m_alive.resize(before);
        m_out.resize(before);
        m_in.resize(before);
        m_nodeCount = countBefore;
        if (!ok)
            return ok;
        return std::unexpected(DagError::nodeAlreadyExists(spec.id));
    }
    return {};
}

std::expected<void, DagError> WorkflowDag::addEdgesUnchecked(std::span<const DagEdge> edges)
{
    const std::vector<DagIndexedEdge> resolved = resolve(edges);
    if (std::ranges::any_of(resolved,
                            [](const DagIndexedEdge &e) { return e.from < 0 || e.to < 0; }))
        return std::unexpected(firstRefusal(edges, resolved));
    // Only the lists of the nodes the edges leave can have gained a duplicate.
    std::vector<int> from;
    const std::uint32_t epoch = nextEpoch();
    for (const DagIndexedEdge &e : resolved) {
        if (m_seen[std::size_t(e.from)] != epoch) {
            m_seen[std::size_t(e.from)] = epoch;
            from.push_back(e.from);
        }
    }
    appendArcs(resolved);
    if (duplicateArc(from)) {
        // Each list got its new arcs at its end in batch order, so popping in reverse order
        // restores every list exactly.
        for (auto e = resolved.crbegin(); e != resolved.crend(); ++e) {
            m_out[std::size_t(e->from)].pop_back();
            m_in[std::size_t(e->to)].pop_back();
        }
        m_edgeCount -= qsizetype(resolved.size());
        return std::unexpected(firstRefusal(edges, resolved));
    }
    return {};
}

std::vector<DagIndexedEdge> WorkflowDag::resolve(std::span<const DagEdge> edges) const
{
    // Ids given in no particular order miss the cache twice on a big graph: on their text and
    // on their table entry. The text is prefetched 2 × Lookahead ends ahead, the entry is
    // prefetched when the id is hashed, and the lookup comes Lookahead ends later, as the file
    // reader does it.
    constexpr std::size_t Lookahead = 16;
    struct Pending
    {
        detail::IdKey key;
        std::uint32_t hash = 0;
    };
    std::array<Pending, Lookahead> ring;
    std::vector<DagIndexedEdge> resolved(edges.size());
    const std::size_t ends = 2 * edges.size();
    const auto idAt = [&edges](std::size_t end) -> const QString & {
        const DagEdge &edge = edges[end / 2];
        return end % 2 == 0 ? edge.from : edge.to;
    };
    for (std::size_t end = 0; end < ends + Lookahead; ++end) {
        if (end + 2 * Lookahead < ends)
            __builtin_prefetch(idAt(end + 2 * Lookahead).constData());
        if (end >= Lookahead) {
            const std::size_t at = end - Lookahead;
            const Pending &pending = ring[at % Lookahead];
            DagIndexedEdge &edge = resolved[at / 2];
            (at % 2 == 0 ? edge.from : edge.to) = m_index.find(pending.key.view(), pending.hash);
        }
        if (end < ends) {
            Pending &pending = ring[end % Lookahead];
            pending.key.assign(idAt(end));
            pending.hash = detail::IdTable::hash(pending.key.view());
            m_index.prefetch(pending.hash);
        }
    }
    for (std::size_t i = 0; i < edges.size(); ++i)
        resolved[i].type = edges[i].type;
    return resolved;
}

DagError WorkflowDag::firstRefusal(std::span<const DagEdge> edges,
                                   std::span<const DagIndexedEdge> resolved) const
{
    // Run only once a batch is known to fail, so it checks edge by edge in batch order exactly
    // as addEdgeUnchecked would: the edges before the refused one would have been added, so a
    // repeat of one of them is a duplicate as well.
    std::unordered_set<std::uint64_t> earlier;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const DagIndexedEdge &e = resolved[i];
        if (e.from < 0)
            return DagError::nodeNotFound(edges[i].from);
        if (e.to < 0)
            return DagError::nodeNotFound(edges[i].to);
        if (hasArc(e.from, e.to)
            || !earlier.insert(std::uint64_t(e.from) << 32 | std::uint32_t(e.to)).second)
            return DagError::edgeAlreadyExists(edges[i].from, edges[i].to);
    }
    return DagError::invalidOperation(QStringLiteral("no edge of the batch is refused"));
}

void WorkflowDag::appendArcs(std::span<const DagIndexedEdge> edges)
{
    const std::size_t count = edges.size();
    if (count >= m_ids.size() / 8) {
        // Counting per node costs O(V): worth it for a batch this big, whose lists then grow
        // once each instead of doubling a few times.
        std::vector<std::uint32_t> outAdded(m_ids.size(), 0);
        std::vector<std::uint32_t> inAdded(m_ids.size(), 0);
        for (const DagIndexedEdge &e : edges) {
            ++outAdded[std::size_t(e.from)];
            ++inAdded[std::size_t(e.to)];
        }
        for (std::size_t v = 0; v < m_ids.size(); ++v) {
            if (outAdded[v] != 0)
                reserveFor(m_out[v], m_out[v].size() + outAdded[v]);
            if (inAdded[v] != 0)
                reserveFor(m_in[v], m_in[v].size() + inAdded[v]);
        }
    }
    // Each edge appends to two lists at unrelated places in memory, two cache misses each on a
    // big graph: the lists' headers are prefetched 2 × Ahead edges early, and their ends Ahead
    // edges early, when the headers have arrived.
    constexpr std::size_t Ahead = 8;
    for (std::size_t i = 0; i < count; ++i) {
        if (i + 2 * Ahead < count) {
            const DagIndexedEdge &e = edges[i + 2 * Ahead];
            __builtin_prefetch(&m_out[std::size_t(e.from)]);
            __builtin_prefetch(&m_in[std::size_t(e.to)]);
        }
        if (i + Ahead < count) {
            const DagIndexedEdge &e = edges[i + Ahead];
            const auto &out = m_out[std::size_t(e.from)];
            const auto &in = m_in[std::size_t(e.to)];
            __builtin_prefetch(out.data() + out.size(), 1);
            __builtin_prefetch(in.data() + in.size(), 1);
        }
        const DagIndexedEdge &e = edges[i];
        appendArc(e.from, e.to, e.type);
    }
}

std::optional<DagIndexedEdge> WorkflowDag::duplicateArc(std::span<const int> from)
{
    // O(the lists scanned): each node's dependents are stamped with an epoch of its own, and a
    // dependent found stamped already is a second arc to it.
    for (const int u : from) {
        const std::uint32_t epoch = nextEpoch();
        for (const Arc &arc : m_out[std::size_t(u)]) {
            if (m_seen[std::size_t(arc.node)] == epoch)
                return DagIndexedEdge {u, arc.node, arc.type};
            m_seen[std::size_t(arc.node)] = epoch;
        }
    }
    return std::nullopt;
}

std::uint32_t WorkflowDag::nextEpoch()
{
    // m_seen marks by epoch, so a search costs what it visits rather than a clear of the whole
    // array; the array is cleared only when the epoch wraps.
    if (m_seen.size() < m_ids.size())
        m_seen.resize(m_ids.size(), 0);
    if (++m_epoch == 0) {
        std::ranges::fill(m_seen, 0);
        m_epoch = 1;
    }
    return m_epoch;
}

} // namespace backend

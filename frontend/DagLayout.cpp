#include "frontend/DagLayout.h"

#include <algorithm>
#include <limits>

namespace frontend {

namespace {

/// Crossings between consecutive layers counted on edges that join adjacent layers: an
/// O(E log E) measure used to report what the sweeps gained (Graphviz counts the same way).
int countCrossings(const DagLayout &layout, const std::vector<int> &position)
{
    // Group edges by the upper layer; count inversions of the lower ends with a merge sort.
    std::vector<std::vector<std::pair<int, int>>> byLayer(std::size_t(layout.layerCount));
    for (const DagLayoutEdge &e : layout.edges) {
        const int lf = layout.layers.at(e.from);
        const int lt = layout.layers.at(e.to);
        if (lt == lf + 1)
            byLayer[std::size_t(lf)].emplace_back(position[std::size_t(e.from)],
                                                  position[std::size_t(e.to)]);
    }
    long long total = 0;
    for (auto &pairs : byLayer) {
        std::sort(pairs.begin(), pairs.end());
        std::vector<int> lower;
        lower.reserve(pairs.size());
        for (const auto &p : pairs)
            lower.push_back(p.second);
        // Inversions by merge sort.
        std::vector<int> scratch(lower.size());
        for (std::size_t width = 1; width < lower.size(); width *= 2) {
            for (std::size_t lo = 0; lo < lower.size(); lo += 2 * width) {
                const std::size_t mid = std::min(lo + width, lower.size());
                const std::size_t hi = std::min(lo + 2 * width, lower.size());
                std::size_t i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    if (lower[j] < lower[i]) {
                        total += static_cast<long long>(mid - i);
                        scratch[k++] = lower[j++];
                    } else {
                        scratch[k++] = lower[i++];
                    }
                }
                while (i < mid)
                    scratch[k++] = lower[i++];
                while (j < hi)
                    scratch[k++] = lower[j++];
            }
            lower.swap(scratch);
        }
    }
    return int(std::min<long long>(total, std::numeric_limits<int>::max()));
}

} // namespace

DagLayout layoutDag(const QStringList &ids, const QStringList &titles, const QList<double> &weights,
                    const QList<DagLayoutEdge> &edges)
{
    DagLayout layout;
    layout.ids = ids;
    layout.titles = titles;
    const int n = int(ids.size());
    layout.out.resize(std::size_t(n));
    layout.in.resize(std::size_t(n));
    layout.critical.assign(std::size_t(n), 0);
    layout.indexOf.reserve(n);
    for (int i = 0; i < n; ++i)
        layout.indexOf.insert(ids.at(i), i);

    QList<backend::DagNodeSpec> nodes;
    nodes.reserve(n);
    for (int i = 0; i < n; ++i)
        nodes.append({ids.at(i), i < weights.size() ? std::max(0.0, weights.at(i)) : 1.0});
    std::vector<backend::DagIndexedEdge> indexed;
    indexed.reserve(std::size_t(edges.size()));
    for (const DagLayoutEdge &e : edges) {
        if (e.from < 0 || e.to < 0 || e.from >= n || e.to >= n || e.from == e.to)
            continue;
        indexed.push_back({e.from, e.to,
                           e.blocking ? backend::DependencyType::Blocking
                                      : backend::DependencyType::PreferredOrder});
        layout.edges.append(e);
        layout.out[std::size_t(e.from)].push_back(e.to);
        layout.in[std::size_t(e.to)].push_back(e.from);
    }
    // Allow: a graph that somehow holds a cycle still draws (its members share a layer).
    auto dag = backend::WorkflowDag::fromIndexed(nodes, indexed, backend::CyclePolicy::Allow);
    QList<QStringList> layerIds;
    if (dag) {
        layerIds = dag->condensedLayers();
        if (!dag->hasCycle())
            if (auto path = dag->criticalPath())
                for (const QString &id : path->nodes)
                    layout.critical[std::size_t(layout.indexOf.value(id))] = 1;
    } else {
        layerIds = {ids}; // duplicate ids: draw one row rather than nothing
    }
    layout.layerCount = int(layerIds.size());
    layout.layers = QList<int>(n, 0);
    std::vector<std::vector<int>> members(layerIds.size());
    for (qsizetype l = 0; l < layerIds.size(); ++l)
        for (const QString &id : layerIds.at(l)) {
            const int v = layout.indexOf.value(id, -1);
            if (v >= 0) {
                layout.layers[v] = int(l);
                members[std::size_t(l)].push_back(v);
            }
        }

    // Barycenter sweeps: each node moves to the mean x of its neighbours in the layers already
    // placed (above on the way down, below on the way up); layers are centred on x = 0.
    std::vector<int> position(std::size_t(n), 0);
    std::vector<double> x(std::size_t(n), 0.0);
    auto place = [&](std::size_t l) {
        const auto &layer = members[l];
        const double half = (double(layer.size()) - 1.0) / 2.0;
        for (std::size_t i = 0; i < layer.size(); ++i) {
            position[std::size_t(layer[i])] = int(i);
            x[std::size_t(layer[i])] = double(i) - half;
        }
    };
    for (std::size_t l = 0; l < members.size(); ++l)
        place(l);
    layout.crossingsBefore = countCrossings(layout, position);
    std::vector<double> key(std::size_t(n), 0.0);
    auto sweep = [&](std::size_t l, bool down) {
        auto &layer = members[l];
        const int here = int(l);
        for (int v : layer) {
            const auto &neighbours = down ? layout.in[std::size_t(v)] : layout.out[std::size_t(v)];
            double sum = 0.0;
            int count = 0;
            for (int u : neighbours) {
                const int lu = layout.layers.at(u);
                if (down ? lu < here : lu > here) {
                    sum += x[std::size_t(u)];
                    ++count;
                }
            }
            key[std::size_t(v)] = count ? sum / count : x[std::size_t(v)];
        }
        std::stable_sort(layer.begin(), layer.end(),
                         [&](int a, int b) { return key[std::size_t(a)] < key[std::size_t(b)]; });
        place(l);
    };
    constexpr int kRounds = 4;
    for (int round = 0; round < kRounds; ++round) {
        for (std::size_t l = 1; l < members.size(); ++l)
            sweep(l, true);
        for (std::size_t l = members.size(); l-- > 1;)
            sweep(l - 1, false);
    }
    for (std::size_t l = 1; l < members.size(); ++l)
        sweep(l, true);
    layout.crossingsAfter = countCrossings(layout, position);

    layout.centres = QList<QPointF>(n);
    const double dx = DagLayout::kNodeWidth + DagLayout::kColumnGap;
    const double dy = DagLayout::kNodeHeight + DagLayout::kLayerGap;
    double left = 0, right = 0;
    for (int v = 0; v < n; ++v) {
        const QPointF c(x[std::size_t(v)] * dx, layout.layers.at(v) * dy);
        layout.centres[v] = c;
        left = std::min(left, c.x());
        right = std::max(right, c.x());
    }
    layout.bounds = n == 0 ? QRectF()
                           : QRectF(left - DagLayout::kNodeWidth / 2, -DagLayout::kNodeHeight / 2,
                                    right - left + DagLayout::kNodeWidth,
                                    (layout.layerCount - 1) * dy + DagLayout::kNodeHeight);
    return layout;
}

DagLayout layoutWorkflow(const backend::WorkflowView &workflow)
{
    QStringList ids;
    QStringList titles;
    QList<double> weights;
    ids.reserve(workflow.taskOrder.size());
    QHash<QString, int> indexOf;
    for (const backend::TaskId &id : workflow.taskOrder) {
        const backend::TaskView *task = workflow.task(id);
        indexOf.insert(id.value, int(ids.size()));
        ids.append(id.value);
        titles.append(task && !task->spec.title.isEmpty() ? task->spec.title : id.value);
        weights.append(task ? task->spec.weight : 1.0);
    }
    QList<DagLayoutEdge> edges;
    for (const backend::TaskId &id : workflow.taskOrder) {
        const backend::TaskView *task = workflow.task(id);
        if (!task)
            continue;
        const int to = indexOf.value(id.value);
        for (const backend::TaskDependency &d : task->prerequisites) {
            const int from = indexOf.value(d.prerequisite.value, -1);
            if (from >= 0)
                edges.append({from, to, d.type == backend::DependencyType::Blocking});
        }
    }
    return layoutDag(ids, titles, weights, edges);
}

std::vector<char> reachable(const DagLayout &layout, int node, bool forwards)
{
    std::vector<char> seen(std::size_t(layout.ids.size()), 0);
    if (node < 0 || node >= layout.ids.size())
        return seen;
    std::vector<int> stack {node};
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        for (int u : forwards ? layout.out[std::size_t(v)] : layout.in[std::size_t(v)])
            if (!seen[std::size_t(u)]) {
                seen[std::size_t(u)] = 1;
                stack.push_back(u);
            }
    }
    return seen;
}

} // namespace frontend

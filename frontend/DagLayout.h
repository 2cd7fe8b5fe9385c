#pragma once

#include "backend/dag/WorkflowDag.h"
#include "backend/domain/WorkflowReadModel.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QStringList>

#include <vector>

namespace frontend {

/// A drawn edge: node indices and whether it gates readiness.
struct DagLayoutEdge
{
    int from = 0;
    int to = 0;
    bool blocking = true;
};

/// Where the DAG view draws each task: layers top to bottom (WorkflowDag's longest-path
/// layering; a blocking cycle shares one layer), and within a layer an order chosen by
/// barycenter sweeps to reduce crossings. Coordinates are layout units (a node is kNodeWidth ×
/// kNodeHeight); the view scales and pans them.
struct DagLayout
{
    static constexpr double kNodeWidth = 150.0;
    static constexpr double kNodeHeight = 36.0;
    static constexpr double kColumnGap = 30.0;
    static constexpr double kLayerGap = 70.0;

    QStringList ids; ///< node index → task id
    QStringList titles;
    QHash<QString, int> indexOf;
    QList<QPointF> centres; ///< node index → centre
    QList<int> layers; ///< node index → layer
    QList<DagLayoutEdge> edges;
    std::vector<std::vector<int>> out; ///< node index → dependents (all edge types)
    std::vector<std::vector<int>> in; ///< node index → prerequisites
    std::vector<char> critical; ///< node index → on the critical path (blocking edges)
    QRectF bounds;
    int layerCount = 0;
    int crossingsBefore = 0; ///< edge crossings between adjacent layers, first order
    int crossingsAfter = 0; ///< … after the barycenter sweeps
};

/// Lays out a graph given by ids, titles, weights and edges. Pure: safe on any thread.
[[nodiscard]] DagLayout layoutDag(const QStringList &ids, const QStringList &titles,
                                  const QList<double> &weights, const QList<DagLayoutEdge> &edges);

/// Lays out a workflow's tasks (in task order) and their dependencies.
[[nodiscard]] DagLayout layoutWorkflow(const backend::WorkflowView &workflow);

/// The nodes reachable backwards (ancestors) or forwards (descendants) from `node`.
[[nodiscard]] std::vector<char> reachable(const DagLayout &layout, int node, bool forwards);

} // namespace frontend

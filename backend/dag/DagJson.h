#pragma once

#include "backend/dag/DagError.h"
#include "backend/dag/WorkflowDag.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <expected>

namespace backend {

/// A graph file in memory: the graph and the tasks' titles (by id; tasks without one are absent).
struct DagDocument
{
    WorkflowDag dag;
    QHash<QString, QString> titles;
};

/// Reads the graph file format shared with workflow files:
/// `{"tasks": [{"id", "title"?, "weight"? = 1}], "dependencies": [{"from", "to", "type"? =
/// "blocking" | "preferred_order"}]}`. Unknown fields are ignored. A missing or duplicate id, an
/// edge to an unknown node, a duplicate edge or a malformed value is a ParseError naming the
/// entry (e.g. `dependencies[4]`). The whole file is bulk-loaded and validated once, in
/// O(size); with CyclePolicy::Allow blocking cycles and self loops are kept so they can be
/// reported, with Refuse they are a CycleDetected or SelfLoop error.
[[nodiscard]] std::expected<DagDocument, DagError>
parseDagJson(QByteArrayView json, CyclePolicy policy = CyclePolicy::Refuse);

/// As parseDagJson for a caller that needs only the graph, such as `weft dag analyze`: titles
/// are checked as strictly but not kept, which spares a string and a hash entry per task.
[[nodiscard]] std::expected<WorkflowDag, DagError>
parseDagJsonGraph(QByteArrayView json, CyclePolicy policy = CyclePolicy::Refuse);

/// Writes `document` in the graph file format; parseDagJson reads it back unchanged.
[[nodiscard]] QByteArray toDagJson(const DagDocument &document);

/// The graph for the GUI's DAG view: `{"nodes": [{"id", "title", "weight", "layer", "order"}],
/// "edges": [{"from", "to", "type"}], "layerCount", "hasCycle"}`. `layer` comes from the
/// longest-path layering along blocking edges, `order` is the position within the layer. In a
/// graph with a blocking cycle each strongly connected component shares the layer of its
/// condensation and members follow insertion order.
[[nodiscard]] QByteArray toDagLayoutJson(const DagDocument &document);

/// The JSON name of an edge type: "blocking" or "preferred_order".
[[nodiscard]] QLatin1StringView dependencyTypeName(DependencyType type);

} // namespace backend

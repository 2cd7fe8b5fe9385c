#pragma once

#include "backend/dag/WorkflowDag.h"

#include <QByteArray>
#include <QSet>
#include <QString>

namespace backend {

/// The analysis `weft dag analyze` prints, as one JSON document: counts, cycles, roots, leaves,
/// the topological order, the critical path and the layers (the last three null when the
/// blocking edges form a cycle). See docs/DAG.md for the shape. Sets `*hasCycle` if given.
[[nodiscard]] QByteArray dagAnalysisJson(const WorkflowDag &dag, bool *hasCycle = nullptr);

/// `{"ready": [...], "blocked": [...], "completed": [...]}` for the given completed ids;
/// `completed` lists those of them that are in the graph, in insertion order.
[[nodiscard]] QByteArray dagReadinessJson(const WorkflowDag &dag, const QSet<QString> &completed);

} // namespace backend

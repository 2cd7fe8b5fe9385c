#include "backend/dag/DagReport.h"

#include "backend/dag/JsonText.h"

namespace backend {

QByteArray dagAnalysisJson(const WorkflowDag &dag, bool *hasCycle)
{
    QByteArray out;
    out.append("{\n  \"nodes\": ").append(QByteArray::number(dag.nodeCount()));
    out.append(",\n  \"edges\": ").append(QByteArray::number(dag.edgeCount()));
    const bool cyclic = dag.hasCycle();
    if (hasCycle)
        *hasCycle = cyclic;
    out.append(",\n  \"hasCycle\": ").append(cyclic ? "true" : "false");
    out.append(",\n  \"cycles\": [");
    if (cyclic) {
        const QList<DagCycle> cycles = dag.findCycles();
        for (qsizetype i = 0; i < cycles.size(); ++i) {
            out.append(i == 0 ? "\n    {\"nodes\": " : ",\n    {\"nodes\": ");
            json::appendStringArray(out, cycles.at(i).nodes);
            out.append(", \"cycle\": ");
            json::appendStringArray(out, cycles.at(i).cycle);
            out.append('}');
        }
        out.append("\n  ");
    }
    out.append("],\n  \"roots\": ");
    json::appendStringArray(out, dag.roots());
    out.append(",\n  \"leaves\": ");
    json::appendStringArray(out, dag.leaves());
    out.append(",\n  \"topologicalOrder\": ");
    if (cyclic) {
        out.append("null,\n  \"criticalPath\": null,\n  \"layers\": null\n}\n");
        return out;
    }
    json::appendStringArray(out, *dag.topologicalSort());
    const CriticalPath path = *dag.criticalPath();
    out.append(",\n  \"criticalPath\": {\"weight\": ");
    json::appendNumber(out, path.weight);
    out.append(", \"nodes\": ");
    json::appendStringArray(out, path.nodes);
    out.append("},\n  \"layers\": [");
    const QList<QStringList> layers = *dag.layers();
    for (qsizetype i = 0; i < layers.size(); ++i) {
        out.append(i == 0 ? "\n    " : ",\n    ");
        json::appendStringArray(out, layers.at(i));
    }
    out.append(layers.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return out;
}

QByteArray dagReadinessJson(const WorkflowDag &dag, const QSet<QString> &completed)
{
    QStringList known;
    for (const QString &id : dag.nodes()) {
        if (completed.contains(id))
            known.append(id);
    }
    QByteArray out;
    out.append("{\n  \"ready\": ");
    json::appendStringArray(out, dag.readyNodes(completed));
    out.append(",\n  \"blocked\": ");
    json::appendStringArray(out, dag.blockedNodes(completed));
    out.append(",\n  \"completed\": ");
    json::appendStringArray(out, known);
    out.append("\n}\n");
    return out;
}

} // namespace backend

#include "backend/domain/WorkflowReadModel.h"

namespace backend {

const TaskView *WorkflowView::failedPrerequisite(const TaskView &t) const
{
    for (const TaskDependency &d : t.prerequisites) {
        if (d.type != DependencyType::Blocking)
            continue;
        const TaskView *p = task(d.prerequisite);
        if (p && isTerminalFailure(p->state))
            return p;
    }
    return nullptr;
}

QList<DagEdge> WorkflowView::edges() const
{
    QList<DagEdge> all;
    for (const TaskId &id : taskOrder) {
        const TaskView *t = task(id);
        if (!t)
            continue;
        for (const TaskDependency &d : t->prerequisites)
            all.append(DagEdge {d.prerequisite.value, id.value, d.type});
    }
    return all;
}

WorkflowDag WorkflowView::dag() const
{
    // The model only ever holds what the decider accepted (known endpoints, no blocking cycle),
    // so the bulk loader cannot refuse it; should a damaged history say otherwise, the cyclic
    // graph is still built (CyclePolicy::Allow) and the next declaration sees the cycle.
    QList<DagNodeSpec> nodes;
    nodes.reserve(taskOrder.size());
    QHash<TaskId, int> index;
    index.reserve(taskOrder.size());
    for (const TaskId &id : taskOrder) {
        const TaskView *t = task(id);
        index.insert(id, int(nodes.size()));
        const double weight = t && t->spec.weight >= 0 ? t->spec.weight : 1.0;
        nodes.append(DagNodeSpec {id.value, weight});
    }
    std::vector<DagIndexedEdge> edgeList;
    for (const TaskId &id : taskOrder) {
        const TaskView *t = task(id);
        if (!t)
            continue;
        for (const TaskDependency &d : t->prerequisites) {
            const int from = index.value(d.prerequisite, -1);
            if (from >= 0)
                edgeList.push_back(DagIndexedEdge {from, index.value(id), d.type});
        }
    }
    auto built = WorkflowDag::fromIndexed(std::move(nodes), edgeList, CyclePolicy::Allow);
    return built ? std::move(*built) : WorkflowDag();
}

} // namespace backend

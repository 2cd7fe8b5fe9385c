#include "backend/domain/Events.h"

namespace backend {

namespace {

template<typename E> QString aggregateIdOf(const E &event)
{
    // Task events may name a thread (the attempt's), workflow events a project: the most
    // specific aggregate wins.
    if constexpr (requires { event.taskId; })
        return taskAggregateId(event.workflowId, event.taskId);
    else if constexpr (requires { event.workflowId; })
        return event.workflowId.value;
    else if constexpr (requires { event.threadId; })
        return event.threadId.value;
    else
        return event.projectId.value;
}

} // namespace

AggregateRef aggregateOf(const Event &event)
{
    return std::visit(
        [](const auto &e) {
            return AggregateRef {QString::fromLatin1(e.kAggregate), aggregateIdOf(e)};
        },
        event);
}

std::pair<WorkflowId, TaskId> splitTaskAggregateId(const QString &aggregateId)
{
    // Workflow ids never contain '/', task ids may.
    const qsizetype slash = aggregateId.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return {WorkflowId(), TaskId()};
    return {WorkflowId(aggregateId.left(slash)), TaskId(aggregateId.mid(slash + 1))};
}

} // namespace backend

#include "backend/domain/WorkflowCodec.h"

#include "backend/domain/JsonFields.h"
#include "backend/domain/WorkflowWords.h"

// workflowToJson / taskToJson, the workflow half of readModelToJson (ReadModelCodec.cpp).

namespace backend {

namespace {

QLatin1StringView k(const char *key)
{
    return QLatin1StringView(key);
}

template<typename Tag> QJsonArray idsToJson(const QList<Id<Tag>> &ids)
{
    QJsonArray array;
    for (const auto &id : ids)
        array.append(id.value);
    return array;
}

} // namespace

QJsonObject workflowToJson(const WorkflowView &w)
{
    QJsonArray dependencies;
    for (const DagEdge &e : w.edges()) {
        dependencies.append(
            QJsonObject {{k("from"), e.from}, {k("to"), e.to}, {k("type"), toWord(e.type)}});
    }
    return QJsonObject {
        {k("id"), w.id.value},
        {k("projectId"), w.projectId.value},
        {k("title"), w.title},
        {k("state"), toWord(w.state)},
        {k("strategy"), toWord(w.strategy)},
        {k("succeeded"), w.succeeded},
        {k("taskIds"), idsToJson(w.taskOrder)},
        {k("dependencies"), dependencies},
        {k("createdAt"), json::timestampToJson(w.createdAt)},
        {k("updatedAt"), json::timestampToJson(w.updatedAt)},
        {k("version"), w.version},
    };
}

QJsonObject taskToJson(const TaskView &t)
{
    QJsonArray prerequisites;
    for (const TaskDependency &d : t.prerequisites)
        prerequisites.append(
            QJsonObject {{k("id"), d.prerequisite.value}, {k("type"), toWord(d.type)}});
    QJsonObject o {
        {k("id"), t.id.value},
        {k("workflowId"), t.workflowId.value},
        {k("spec"), encodeTaskSpec(t.spec)},
        {k("state"), toWord(t.state)},
        {k("attemptCount"), t.attemptCount},
        {k("canceledAttempts"), t.canceledAttempts},
        {k("readySerial"), t.readySerial},
        {k("children"), idsToJson(t.children)},
        {k("prerequisites"), prerequisites},
        {k("dependents"), idsToJson(t.dependents)},
        {k("createdAt"), json::timestampToJson(t.createdAt)},
        {k("updatedAt"), json::timestampToJson(t.updatedAt)},
        {k("version"), t.version},
    };
    json::insertOptional(o, k("currentAttempt"), t.currentAttempt);
    json::insertOptional(o, k("leaseWorker"), t.leaseWorker);
    if (t.leaseDeadline.isValid())
        o.insert(k("leaseDeadline"), json::timestampToJson(t.leaseDeadline));
    if (t.retryAt.isValid())
        o.insert(k("retryAt"), json::timestampToJson(t.retryAt));
    if (t.lastOutcome)
        o.insert(k("lastOutcome"), toWord(*t.lastOutcome));
    json::insertOptional(o, k("lastExitCode"), t.lastExitCode);
    json::insertOptional(o, k("lastError"), t.lastError);
    json::insertOptional(o, k("threadId"), t.threadId);
    json::insertOptional(o, k("turnId"), t.turnId);
    return o;
}

} // namespace backend

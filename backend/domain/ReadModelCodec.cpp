#include "backend/domain/ReadModelCodec.h"

#include "backend/domain/JsonFields.h"
#include "backend/domain/WorkflowCodec.h"

#include <QJsonArray>

#include <algorithm>

// readModelToJson; the binary snapshot codec is in ReadModelSnapshot.cpp.

namespace backend {

namespace {

template<typename V, typename K> QList<const V *> sortedById(const QHash<K, V> &hash)
{
    QList<const V *> items;
    items.reserve(hash.size());
    for (const V &v : hash)
        items.append(&v);
    std::sort(items.begin(), items.end(), [](const V *a, const V *b) { return a->id < b->id; });
    return items;
}

QLatin1StringView k(const char *key)
{
    return QLatin1StringView(key);
}

QJsonObject projectToJson(const ProjectView &p)
{
    QJsonObject o {
        {k("id"), p.id.value},
        {k("title"), p.title},
        {k("workspaceRoot"), p.workspaceRoot},
        {k("deleted"), p.deleted},
        {k("createdAt"), json::timestampToJson(p.createdAt)},
        {k("updatedAt"), json::timestampToJson(p.updatedAt)},
        {k("version"), p.version},
    };
    json::insertOptional(o, k("defaultProvider"), p.defaultProvider);
    return o;
}

QJsonObject turnToJson(const TurnView &t)
{
    QJsonObject o {
        {k("id"), t.id.value},
        {k("state"), json::toWord(t.state)},
        {k("userMessageId"), t.userMessageId.value},
        {k("startedAt"), json::timestampToJson(t.startedAt)},
        {k("interruptRequested"), t.interruptRequested},
    };
    if (t.completedAt.isValid())
        o.insert(k("completedAt"), json::timestampToJson(t.completedAt));
    json::insertOptional(o, k("exitCode"), t.exitCode);
    json::insertOptional(o, k("error"), t.error);
    return o;
}

QJsonObject threadToJson(const ThreadView &t)
{
    QJsonObject o {
        {k("id"), t.id.value},
        {k("projectId"), t.projectId.value},
        {k("title"), t.title},
        {k("status"), json::toWord(t.status)},
        {k("archived"), t.archived},
        {k("deleted"), t.deleted},
        {k("createdAt"), json::timestampToJson(t.createdAt)},
        {k("updatedAt"), json::timestampToJson(t.updatedAt)},
        {k("turnCount"), qint64(t.turns.size())},
        {k("messageCount"), t.messageCount},
        {k("activityCount"), t.activityCount},
        {k("version"), t.version},
    };
    json::insertOptional(o, k("provider"), t.provider);
    json::insertOptional(o, k("branch"), t.branch);
    json::insertOptional(o, k("worktreePath"), t.worktreePath);
    json::insertOptional(o, k("runningTurnId"), t.runningTurnId);
    json::insertOptional(o, k("latestTurnId"), t.latestTurnId);
    QJsonArray turns;
    for (const TurnId &id : t.turnOrder) {
        const auto turn = t.turns.constFind(id);
        if (turn != t.turns.cend())
            turns.append(turnToJson(*turn));
    }
    o.insert(k("turns"), turns);
    return o;
}

} // namespace

QJsonObject readModelToJson(const ReadModel &model)
{
    QJsonArray projects;
    for (const ProjectView *p : sortedById(model.projects))
        projects.append(projectToJson(*p));
    QJsonArray threads;
    for (const ThreadView *t : sortedById(model.threads))
        threads.append(threadToJson(*t));
    QJsonArray workflows;
    QList<const TaskView *> tasks;
    for (const WorkflowView *w : sortedById(model.workflows)) {
        workflows.append(workflowToJson(*w));
        const qsizetype first = tasks.size();
        for (const TaskView &t : w->tasks)
            tasks.append(&t);
        std::sort(tasks.begin() + first, tasks.end(),
                  [](const TaskView *a, const TaskView *b) { return a->id < b->id; });
    }
    QJsonArray taskArray;
    for (const TaskView *t : std::as_const(tasks))
        taskArray.append(taskToJson(*t));
    return QJsonObject {
        {k("sequence"), model.sequence}, {k("projects"), projects}, {k("threads"), threads},
        {k("workflows"), workflows},     {k("tasks"), taskArray},
    };
}

} // namespace backend

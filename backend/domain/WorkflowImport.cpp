#include "backend/domain/WorkflowDecider.h"

#include "backend/domain/TaskSpecRules.h"
#include "backend/domain/WorkflowCodec.h"
#include "backend/domain/WorkflowWords.h"

#include <QJsonArray>
#include <QSet>

// workflow.import: the whole document is validated before any event is made, so a file with
// one bad entry is refused whole, the refusal naming the entry ("tasks[3].retry.backoff.baseMs",
// "dependencies[4].to").

namespace backend::workflow {

using Code = DeciderError::Code;

namespace {

struct ImportedTask
{
    TaskId id;
    TaskSpec spec;
};

struct ImportedEdge
{
    int from = 0;
    int to = 0;
    DependencyType type = DependencyType::Blocking;
};

struct Imported
{
    QList<ImportedTask> tasks;
    QList<ImportedEdge> edges;
};

std::unexpected<DeciderError> bad(Code code, const QString &entry, const QString &what)
{
    return refuse(code, entry + QLatin1Char(' ') + what + QLatin1Char('.'));
}

std::expected<QList<ImportedTask>, DeciderError> readTasks(const QJsonObject &document,
                                                           const WorkflowView *existing)
{
    const QJsonValue value = document.value(QLatin1String("tasks"));
    if (!value.isArray())
        return bad(Code::InvalidWorkflowDocument, QStringLiteral("tasks"),
                   QStringLiteral("is required (an array of task entries)"));
    const QJsonArray array = value.toArray();
    QList<ImportedTask> tasks;
    tasks.reserve(array.size());
    QHash<TaskId, int> seen;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString entry = QStringLiteral("tasks[%1]").arg(i);
        if (!array.at(i).isObject())
            return bad(Code::InvalidWorkflowDocument, entry, QStringLiteral("must be an object"));
        const QJsonObject json = array.at(i).toObject();
        const QJsonValue idValue = json.value(QLatin1String("id"));
        const QString id = idValue.toString();
        if (!idValue.isString() || id.isEmpty() || id.size() > 200)
            return bad(Code::InvalidWorkflowDocument, entry + QStringLiteral(".id"),
                       QStringLiteral("is required (a non-empty string of at most 200 "
                                      "characters)"));
        const TaskId taskId(id);
        if (const auto first = seen.constFind(taskId); first != seen.cend())
            return bad(Code::TaskAlreadyExists, entry + QStringLiteral(".id"),
                       QStringLiteral("repeats the id %1 of tasks[%2]").arg(id).arg(*first));
        if (existing && existing->task(taskId))
            return bad(
                Code::TaskAlreadyExists, entry + QStringLiteral(".id"),
                QStringLiteral("%1 is already a task of workflow %2").arg(id, existing->id.value));
        auto spec = decodeTaskSpec(json, entry);
        if (!spec)
            return refuse(Code::InvalidTaskSpec, spec.error().message + QLatin1Char('.'));
        if (spec->title.isEmpty())
            spec->title = id;
        if (auto problem = validateTaskSpec(*spec))
            return bad(Code::InvalidTaskSpec, entry + QLatin1Char('.') + problem->field,
                       problem->what);
        // A parent comes earlier in the file (or is already in the workflow), so the hierarchy
        // cannot loop.
        if (spec->parentTaskId && !seen.contains(*spec->parentTaskId)
            && !(existing && existing->task(*spec->parentTaskId)))
            return bad(Code::TaskNotFound, entry + QStringLiteral(".parentTaskId"),
                       QStringLiteral("names %1, which is not an earlier task")
                           .arg(spec->parentTaskId->value));
        seen.insert(taskId, int(i));
        tasks.append(ImportedTask {taskId, std::move(*spec)});
    }
    return tasks;
}

std::expected<QList<ImportedEdge>, DeciderError> readEdges(const QJsonObject &document,
                                                           const QList<ImportedTask> &tasks)
{
    const QJsonValue value = document.value(QLatin1String("dependencies"));
    if (value.isUndefined() || value.isNull())
        return QList<ImportedEdge> {};
    if (!value.isArray())
        return bad(Code::InvalidWorkflowDocument, QStringLiteral("dependencies"),
                   QStringLiteral("must be an array"));
    QHash<QString, int> index;
    for (qsizetype i = 0; i < tasks.size(); ++i)
        index.insert(tasks.at(i).id.value, int(i));
    const QJsonArray array = value.toArray();
    QList<ImportedEdge> edges;
    QSet<std::pair<int, int>> pairs;
    for (qsizetype j = 0; j < array.size(); ++j) {
        const QString entry = QStringLiteral("dependencies[%1]").arg(j);
        if (!array.at(j).isObject())
            return bad(Code::InvalidWorkflowDocument, entry, QStringLiteral("must be an object"));
        const QJsonObject json = array.at(j).toObject();
        ImportedEdge edge;
        for (const char *end : {"from", "to"}) {
            const QString key = QString::fromLatin1(end);
            const QJsonValue v = json.value(key);
            if (!v.isString() || v.toString().isEmpty())
                return bad(Code::InvalidWorkflowDocument, entry + QLatin1Char('.') + key,
                           QStringLiteral("is required (a task id)"));
            const int at = index.value(v.toString(), -1);
            if (at < 0)
                return bad(
                    Code::TaskNotFound, entry + QLatin1Char('.') + key,
                    QStringLiteral("names %1, which is not a task of the file").arg(v.toString()));
            (key == QLatin1String("from") ? edge.from : edge.to) = at;
        }
        const QJsonValue type = json.value(QLatin1String("type"));
        if (!type.isUndefined() && !type.isNull()) {
            const auto parsed = dependencyTypeFromWord(type.toString());
            if (!type.isString() || !parsed)
                return bad(Code::InvalidWorkflowDocument, entry + QStringLiteral(".type"),
                           QStringLiteral("must be blocking or preferred_order"));
            edge.type = *parsed;
        }
        if (edge.from == edge.to)
            return bad(
                Code::CycleDetected, entry,
                QStringLiteral("makes %1 depend on itself").arg(tasks.at(edge.from).id.value));
        if (pairs.contains({edge.from, edge.to}))
            return bad(Code::DependencyAlreadyExists, entry,
                       QStringLiteral("repeats the edge %1 → %2")
                           .arg(tasks.at(edge.from).id.value, tasks.at(edge.to).id.value));
        pairs.insert({edge.from, edge.to});
        edges.append(edge);
    }
    return edges;
}

std::optional<DeciderError> cycleIn(const QList<ImportedTask> &tasks,
                                    const QList<ImportedEdge> &edges)
{
    QList<DagNodeSpec> nodes;
    nodes.reserve(tasks.size());
    for (const ImportedTask &t : tasks)
        nodes.append(DagNodeSpec {t.id.value, t.spec.weight});
    std::vector<DagIndexedEdge> indexed;
    indexed.reserve(std::size_t(edges.size()));
    for (const ImportedEdge &e : edges)
        indexed.push_back(DagIndexedEdge {e.from, e.to, e.type});
    auto dag = WorkflowDag::fromIndexed(std::move(nodes), indexed, CyclePolicy::Allow);
    if (!dag)
        return DeciderError {Code::InvalidWorkflowDocument, dag.error().message()};
    const QList<DagCycle> cycles = dag->findCycles();
    if (cycles.isEmpty())
        return std::nullopt;
    QStringList cycle = cycles.constFirst().cycle;
    if (!cycle.isEmpty())
        cycle.append(cycle.constFirst());
    return DeciderError {Code::CycleDetected,
                         QStringLiteral("The file's blocking dependencies form the cycle %1.")
                             .arg(cycle.join(QStringLiteral(" → ")))};
}

} // namespace

Decision decideOne(const WorkflowImport &c, const ReadModel &model)
{
    const WorkflowView *existing = model.workflow(c.workflowId);
    if (existing) {
        if (auto w = openWorkflow(model, c.workflowId); !w)
            return std::unexpected(w.error());
        if (existing->projectId != c.projectId)
            return refuse(
                Code::InvalidCommand,
                QStringLiteral("Workflow %1 belongs to project %2, not %3.")
                    .arg(c.workflowId.value, existing->projectId.value, c.projectId.value));
    }
    QList<Event> events;
    if (!existing) {
        const QJsonValue title = c.document.value(QLatin1String("title"));
        SchedulingStrategy strategy = SchedulingStrategy::Priority;
        if (const QJsonValue word = c.document.value(QLatin1String("strategy"));
            !word.isUndefined()) {
            const auto parsed = schedulingStrategyFromWord(word.toString());
            if (!word.isString() || !parsed)
                return bad(Code::InvalidWorkflowDocument, QStringLiteral("strategy"),
                           QStringLiteral("must be one of priority, fair or affinity"));
            strategy = *parsed;
        }
        auto created
            = decideOne(WorkflowCreate {c.commandId, c.workflowId, c.projectId,
                                        title.isString() && !title.toString().trimmed().isEmpty()
                                            ? title.toString()
                                            : c.workflowId.value,
                                        strategy},
                        model);
        if (!created)
            return created;
        events += *created;
    }
    auto tasks = readTasks(c.document, existing);
    if (!tasks)
        return std::unexpected(tasks.error());
    auto edges = readEdges(c.document, *tasks);
    if (!edges)
        return std::unexpected(edges.error());
    if (auto cycle = cycleIn(*tasks, *edges))
        return std::unexpected(*cycle);

    QList<bool> blocked(tasks->size(), false);
    for (const ImportedEdge &e : std::as_const(*edges))
        blocked[e.to] = blocked[e.to] || e.type == DependencyType::Blocking;
    for (qsizetype i = 0; i < tasks->size(); ++i) {
        const ImportedTask &t = tasks->at(i);
        events.append(TaskAdded {c.workflowId, t.id, t.spec,
                                 blocked[i] ? TaskRunState::Blocked : TaskRunState::Scheduled});
    }
    QList<QList<qsizetype>> incoming(tasks->size());
    for (qsizetype j = 0; j < edges->size(); ++j)
        incoming[edges->at(j).to].append(j);
    for (qsizetype i = 0; i < tasks->size(); ++i) {
        for (DependencyType type : {DependencyType::Blocking, DependencyType::PreferredOrder}) {
            QList<TaskId> prerequisites;
            for (qsizetype j : std::as_const(incoming[i])) {
                if (edges->at(j).type == type)
                    prerequisites.append(tasks->at(edges->at(j).from).id);
            }
            if (!prerequisites.isEmpty())
                events.append(
                    TaskDependencyDeclared {c.workflowId, tasks->at(i).id, prerequisites, type});
        }
    }
    events.append(WorkflowImported {c.workflowId, int(tasks->size()), int(edges->size())});
    return events;
}

} // namespace backend::workflow

#include "backend/domain/WorkflowCodecFields.h"

#include "backend/domain/WorkflowCodec.h"
#include "backend/domain/WorkflowWords.h"

#include <QJsonArray>

#include <limits>

// Wire fields of the workflow and task commands (docs/WORKFLOWS.md). Every task command names
// its workflow and task; `type` of a dependency defaults to "blocking"; times are ISO 8601.

namespace backend {

namespace {

using json::FieldReader;

QLatin1StringView k(const char *key)
{
    return QLatin1StringView(key);
}

void readTaskRef(FieldReader &r, WorkflowId &workflowId, TaskId &taskId)
{
    workflowId = r.id<WorkflowId>(k("workflowId"));
    taskId = r.id<TaskId>(k("taskId"));
}

void writeTaskRef(QJsonObject &o, const WorkflowId &workflowId, const TaskId &taskId)
{
    o.insert(k("workflowId"), workflowId.value);
    o.insert(k("taskId"), taskId.value);
}

QJsonArray idsToJson(const QList<TaskId> &ids)
{
    QJsonArray array;
    for (const TaskId &id : ids)
        array.append(id.value);
    return array;
}

} // namespace

namespace json {

int int32(FieldReader &r, QLatin1StringView key)
{
    const qint64 value = r.integer(key);
    if (!r.error()
        && (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()))
        r.fail(CodecError::Code::InvalidField, key, QStringLiteral("must be a 32-bit integer"));
    return r.error() ? 0 : int(value);
}

SchedulingStrategy strategy(FieldReader &r, QLatin1StringView key)
{
    return r.enumeration<SchedulingStrategy>(key, schedulingStrategyFromWord,
                                             "priority, fair or affinity",
                                             SchedulingStrategy::Priority);
}

QList<TaskId> taskIds(FieldReader &r, QLatin1StringView key)
{
    if (r.error())
        return {};
    const QJsonValue value = r.value(key);
    if (value.isUndefined()) {
        r.fail(CodecError::Code::MissingField, key, QStringLiteral("is required"));
        return {};
    }
    if (!value.isArray()) {
        r.fail(CodecError::Code::InvalidField, key, QStringLiteral("must be an array of ids"));
        return {};
    }
    const QJsonArray array = value.toArray();
    QList<TaskId> ids;
    ids.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString id = array.at(i).toString();
        if (!array.at(i).isString() || id.isEmpty() || id.size() > kMaxIdLength) {
            const QString field = r.path(key) + QStringLiteral("[%1]").arg(i);
            r.adopt(CodecError {CodecError::Code::InvalidField, field,
                                field
                                    + QStringLiteral(" must be a non-empty string of at most "
                                                     "%1 characters")
                                          .arg(kMaxIdLength)});
            return {};
        }
        ids.append(TaskId(id));
    }
    return ids;
}

TaskSpec taskSpec(FieldReader &r, QLatin1StringView key)
{
    const QJsonObject json = r.object(key, true);
    if (r.error())
        return {};
    auto spec = decodeTaskSpec(json, r.path(key));
    if (!spec) {
        r.adopt(spec.error());
        return {};
    }
    return *spec;
}

} // namespace json

void decodeFields(FieldReader &r, WorkflowCreate &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.workflowId = r.id<WorkflowId>(k("workflowId"));
    c.projectId = r.id<ProjectId>(k("projectId"));
    c.title = r.string(k("title"));
    c.strategy = json::strategy(r, k("strategy"));
}
void encodeFields(QJsonObject &o, const WorkflowCreate &c)
{
    o.insert(k("workflowId"), c.workflowId.value);
    o.insert(k("projectId"), c.projectId.value);
    o.insert(k("title"), c.title);
    json::insertStrategy(o, k("strategy"), c.strategy);
}

void decodeFields(FieldReader &r, WorkflowImport &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.workflowId = r.id<WorkflowId>(k("workflowId"));
    c.projectId = r.id<ProjectId>(k("projectId"));
    c.document = r.object(k("document"), true);
}
void encodeFields(QJsonObject &o, const WorkflowImport &c)
{
    o.insert(k("workflowId"), c.workflowId.value);
    o.insert(k("projectId"), c.projectId.value);
    o.insert(k("document"), c.document);
}

// start, pause, resume and cancel of a workflow carry only its id.
#define WEFT_WORKFLOW_ID_ONLY(C)                                                                   \
    void decodeFields(FieldReader &r, C &c)                                                        \
    {                                                                                              \
        c.commandId = r.id<CommandId>(k("commandId"));                                             \
        c.workflowId = r.id<WorkflowId>(k("workflowId"));                                          \
    }                                                                                              \
    void encodeFields(QJsonObject &o, const C &c)                                                  \
    {                                                                                              \
        o.insert(k("workflowId"), c.workflowId.value);                                             \
    }
WEFT_WORKFLOW_ID_ONLY(WorkflowStart)
WEFT_WORKFLOW_ID_ONLY(WorkflowPause)
WEFT_WORKFLOW_ID_ONLY(WorkflowResume)
WEFT_WORKFLOW_ID_ONLY(WorkflowCancel)
#undef WEFT_WORKFLOW_ID_ONLY

// cancel, succeed and upstream-fail of a task carry only the task's reference.
#define WEFT_TASK_REF_ONLY(C)                                                                      \
    void decodeFields(FieldReader &r, C &c)                                                        \
    {                                                                                              \
        c.commandId = r.id<CommandId>(k("commandId"));                                             \
        readTaskRef(r, c.workflowId, c.taskId);                                                    \
    }                                                                                              \
    void encodeFields(QJsonObject &o, const C &c)                                                  \
    {                                                                                              \
        writeTaskRef(o, c.workflowId, c.taskId);                                                   \
    }
WEFT_TASK_REF_ONLY(TaskCancel)
WEFT_TASK_REF_ONLY(TaskSucceed)
WEFT_TASK_REF_ONLY(TaskUpstreamFail)
#undef WEFT_TASK_REF_ONLY

void decodeFields(FieldReader &r, TaskAdd &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.spec = json::taskSpec(r, k("spec"));
}
void encodeFields(QJsonObject &o, const TaskAdd &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    o.insert(k("spec"), encodeTaskSpec(c.spec));
}

void decodeFields(FieldReader &r, TaskDependencyDeclare &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.prerequisites = json::taskIds(r, k("prerequisites"));
    c.type = r.enumeration<DependencyType>(k("dependencyType"), dependencyTypeFromWord,
                                           "blocking or preferred_order", DependencyType::Blocking);
}
void encodeFields(QJsonObject &o, const TaskDependencyDeclare &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    o.insert(k("prerequisites"), idsToJson(c.prerequisites));
    o.insert(k("dependencyType"), toWord(c.type));
}

void decodeFields(FieldReader &r, TaskPromote &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.at = json::requiredTimestamp(r, k("at"));
}
void encodeFields(QJsonObject &o, const TaskPromote &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    o.insert(k("at"), json::timestampToJson(c.at));
}

template<typename C>
requires std::is_same_v<C, TaskLease> || std::is_same_v<C, TaskLeaseHeartbeat>
void decodeLease(FieldReader &r, C &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.workerId = r.id<WorkerId>(k("workerId"));
    c.attempt = json::int32(r, k("attempt"));
    c.leaseDeadline = json::requiredTimestamp(r, k("leaseDeadline"));
}
template<typename C>
requires std::is_same_v<C, TaskLease> || std::is_same_v<C, TaskLeaseHeartbeat>
void encodeLease(QJsonObject &o, const C &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    o.insert(k("workerId"), c.workerId.value);
    o.insert(k("attempt"), c.attempt);
    o.insert(k("leaseDeadline"), json::timestampToJson(c.leaseDeadline));
}
void decodeFields(FieldReader &r, TaskLease &c)
{
    decodeLease(r, c);
}
void encodeFields(QJsonObject &o, const TaskLease &c)
{
    encodeLease(o, c);
}
void decodeFields(FieldReader &r, TaskLeaseHeartbeat &c)
{
    decodeLease(r, c);
}
void encodeFields(QJsonObject &o, const TaskLeaseHeartbeat &c)
{
    encodeLease(o, c);
}

void decodeFields(FieldReader &r, TaskAttemptStart &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.attempt = json::int32(r, k("attempt"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.turnId = r.id<TurnId>(k("turnId"));
}
void encodeFields(QJsonObject &o, const TaskAttemptStart &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    o.insert(k("attempt"), c.attempt);
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("turnId"), c.turnId.value);
}

void decodeFields(FieldReader &r, TaskAttemptFinish &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.attempt = json::int32(r, k("attempt"));
    c.outcome = r.enumeration<AttemptOutcome>(k("outcome"), attemptOutcomeFromWord,
                                              "succeeded, failed, timed_out, canceled or lost");
    c.exitCode = r.optionalInt(k("exitCode"));
    c.error = r.optionalString(k("error"));
}
void encodeFields(QJsonObject &o, const TaskAttemptFinish &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    o.insert(k("attempt"), c.attempt);
    o.insert(k("outcome"), toWord(c.outcome));
    json::insertOptional(o, k("exitCode"), c.exitCode);
    json::insertOptional(o, k("error"), c.error);
}

void decodeFields(FieldReader &r, TaskRetrySchedule &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.attempt = json::int32(r, k("attempt"));
    c.retryAt = json::requiredTimestamp(r, k("retryAt"));
}
void encodeFields(QJsonObject &o, const TaskRetrySchedule &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    o.insert(k("attempt"), c.attempt);
    o.insert(k("retryAt"), json::timestampToJson(c.retryAt));
}

void decodeFields(FieldReader &r, TaskFail &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    readTaskRef(r, c.workflowId, c.taskId);
    c.error = r.optionalString(k("error"));
}
void encodeFields(QJsonObject &o, const TaskFail &c)
{
    writeTaskRef(o, c.workflowId, c.taskId);
    json::insertOptional(o, k("error"), c.error);
}

} // namespace backend

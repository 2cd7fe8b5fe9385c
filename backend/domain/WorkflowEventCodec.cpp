#include "backend/domain/WorkflowCodecFields.h"

#include "backend/domain/WorkflowCodec.h"
#include "backend/domain/WorkflowWords.h"

#include <QJsonArray>

// Payloads of the workflow and task events. Stored payloads were written by
// encodeEventPayload, so decoding checks shape, not content.

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

void writeTaskRef(json::ObjectWriter &o, const WorkflowId &workflowId, const TaskId &taskId)
{
    o.insert(k("workflowId"), workflowId.value);
    o.insert(k("taskId"), taskId.value);
}

constexpr const char *kRunStateWords = "blocked, scheduled, ready, leased, running, retry_wait, "
                                       "succeeded, failed, canceled or upstream_failed";

TaskRunState runState(FieldReader &r, QLatin1StringView key)
{
    return r.enumeration<TaskRunState>(key, taskRunStateFromWord, kRunStateWords);
}

} // namespace

void decodeFields(FieldReader &r, WorkflowCreated &e)
{
    e.workflowId = r.id<WorkflowId>(k("workflowId"));
    e.projectId = r.id<ProjectId>(k("projectId"));
    e.title = r.string(k("title"));
    e.strategy = json::strategy(r, k("strategy"));
}
void encodeFields(json::ObjectWriter &o, const WorkflowCreated &e)
{
    o.insert(k("workflowId"), e.workflowId.value);
    o.insert(k("projectId"), e.projectId.value);
    o.insert(k("title"), e.title);
    json::insertStrategy(o, k("strategy"), e.strategy);
}

void decodeFields(FieldReader &r, WorkflowImported &e)
{
    e.workflowId = r.id<WorkflowId>(k("workflowId"));
    e.taskCount = json::int32(r, k("taskCount"));
    e.dependencyCount = json::int32(r, k("dependencyCount"));
}
void encodeFields(json::ObjectWriter &o, const WorkflowImported &e)
{
    o.insert(k("workflowId"), e.workflowId.value);
    o.insert(k("taskCount"), e.taskCount);
    o.insert(k("dependencyCount"), e.dependencyCount);
}

#define WEFT_WORKFLOW_ID_ONLY(E)                                                                   \
    void decodeFields(FieldReader &r, E &e)                                                        \
    {                                                                                              \
        e.workflowId = r.id<WorkflowId>(k("workflowId"));                                          \
    }                                                                                              \
    void encodeFields(json::ObjectWriter &o, const E &e)                                           \
    {                                                                                              \
        o.insert(k("workflowId"), e.workflowId.value);                                             \
    }
WEFT_WORKFLOW_ID_ONLY(WorkflowStarted)
WEFT_WORKFLOW_ID_ONLY(WorkflowPaused)
WEFT_WORKFLOW_ID_ONLY(WorkflowResumed)
WEFT_WORKFLOW_ID_ONLY(WorkflowCanceled)
#undef WEFT_WORKFLOW_ID_ONLY

void decodeFields(FieldReader &r, WorkflowCompleted &e)
{
    e.workflowId = r.id<WorkflowId>(k("workflowId"));
    e.succeeded = r.boolean(k("succeeded"), false);
}
void encodeFields(json::ObjectWriter &o, const WorkflowCompleted &e)
{
    o.insert(k("workflowId"), e.workflowId.value);
    o.insert(k("succeeded"), e.succeeded);
}

void decodeFields(FieldReader &r, TaskAdded &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.spec = json::taskSpec(r, k("spec"));
    e.state = runState(r, k("state"));
}
void encodeFields(json::ObjectWriter &o, const TaskAdded &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    o.insert(k("spec"), encodeTaskSpec(e.spec));
    o.insert(k("state"), toWord(e.state));
}

void decodeFields(FieldReader &r, TaskDependencyDeclared &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.prerequisites = json::taskIds(r, k("prerequisites"));
    e.type = r.enumeration<DependencyType>(k("dependencyType"), dependencyTypeFromWord,
                                           "blocking or preferred_order");
}
void encodeFields(json::ObjectWriter &o, const TaskDependencyDeclared &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    QJsonArray ids;
    for (const TaskId &id : e.prerequisites)
        ids.append(id.value);
    o.insert(k("prerequisites"), ids);
    o.insert(k("dependencyType"), toWord(e.type));
}

void decodeFields(FieldReader &r, TaskStateChanged &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.from = runState(r, k("from"));
    e.to = runState(r, k("to"));
}
void encodeFields(json::ObjectWriter &o, const TaskStateChanged &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    o.insert(k("from"), toWord(e.from));
    o.insert(k("to"), toWord(e.to));
}

#define WEFT_TASK_REF_ONLY(E)                                                                      \
    void decodeFields(FieldReader &r, E &e)                                                        \
    {                                                                                              \
        readTaskRef(r, e.workflowId, e.taskId);                                                    \
    }                                                                                              \
    void encodeFields(json::ObjectWriter &o, const E &e)                                           \
    {                                                                                              \
        writeTaskRef(o, e.workflowId, e.taskId);                                                   \
    }
WEFT_TASK_REF_ONLY(TaskPromoted)
WEFT_TASK_REF_ONLY(TaskSucceeded)
#undef WEFT_TASK_REF_ONLY

template<typename E>
requires std::is_same_v<E, TaskLeased> || std::is_same_v<E, TaskLeaseRenewed>
void decodeLease(FieldReader &r, E &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.workerId = r.id<WorkerId>(k("workerId"));
    e.attempt = json::int32(r, k("attempt"));
    e.leaseDeadline = json::requiredTimestamp(r, k("leaseDeadline"));
}
template<typename E>
requires std::is_same_v<E, TaskLeased> || std::is_same_v<E, TaskLeaseRenewed>
void encodeLease(json::ObjectWriter &o, const E &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    o.insert(k("workerId"), e.workerId.value);
    o.insert(k("attempt"), e.attempt);
    o.insert(k("leaseDeadline"), json::timestampToJson(e.leaseDeadline));
}
void decodeFields(FieldReader &r, TaskLeased &e)
{
    decodeLease(r, e);
}
void encodeFields(json::ObjectWriter &o, const TaskLeased &e)
{
    encodeLease(o, e);
}
void decodeFields(FieldReader &r, TaskLeaseRenewed &e)
{
    decodeLease(r, e);
}
void encodeFields(json::ObjectWriter &o, const TaskLeaseRenewed &e)
{
    encodeLease(o, e);
}

void decodeFields(FieldReader &r, TaskAttemptStarted &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.attempt = json::int32(r, k("attempt"));
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.turnId = r.id<TurnId>(k("turnId"));
}
void encodeFields(json::ObjectWriter &o, const TaskAttemptStarted &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    o.insert(k("attempt"), e.attempt);
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("turnId"), e.turnId.value);
}

void decodeFields(FieldReader &r, TaskAttemptFinished &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.attempt = json::int32(r, k("attempt"));
    e.outcome = r.enumeration<AttemptOutcome>(k("outcome"), attemptOutcomeFromWord,
                                              "succeeded, failed, timed_out, canceled or lost");
    e.exitCode = r.optionalInt(k("exitCode"));
    e.error = r.optionalString(k("error"));
}
void encodeFields(json::ObjectWriter &o, const TaskAttemptFinished &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    o.insert(k("attempt"), e.attempt);
    o.insert(k("outcome"), toWord(e.outcome));
    json::insertOptional(o, k("exitCode"), e.exitCode);
    json::insertOptional(o, k("error"), e.error);
}

void decodeFields(FieldReader &r, TaskRetryScheduled &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.attempt = json::int32(r, k("attempt"));
    e.retryAt = json::requiredTimestamp(r, k("retryAt"));
}
void encodeFields(json::ObjectWriter &o, const TaskRetryScheduled &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    o.insert(k("attempt"), e.attempt);
    o.insert(k("retryAt"), json::timestampToJson(e.retryAt));
}

void decodeFields(FieldReader &r, TaskFailed &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.error = r.optionalString(k("error"));
}
void encodeFields(json::ObjectWriter &o, const TaskFailed &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    json::insertOptional(o, k("error"), e.error);
}

void decodeFields(FieldReader &r, TaskCanceled &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.causeTaskId = r.optionalId<TaskId>(k("causeTaskId"));
}
void encodeFields(json::ObjectWriter &o, const TaskCanceled &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    json::insertOptional(o, k("causeTaskId"), e.causeTaskId);
}

void decodeFields(FieldReader &r, TaskUpstreamFailed &e)
{
    readTaskRef(r, e.workflowId, e.taskId);
    e.failedTaskId = r.id<TaskId>(k("failedTaskId"));
}
void encodeFields(json::ObjectWriter &o, const TaskUpstreamFailed &e)
{
    writeTaskRef(o, e.workflowId, e.taskId);
    o.insert(k("failedTaskId"), e.failedTaskId.value);
}

} // namespace backend

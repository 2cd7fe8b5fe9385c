#pragma once

#include "backend/domain/Commands.h"
#include "backend/domain/Events.h"
#include "backend/domain/JsonFields.h"
#include "backend/domain/JsonObjectWriter.h"
#include "backend/domain/WorkflowWords.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

// Private to the codecs of backend/domain: the field readers and writers of the workflow and
// task commands and events (WorkflowCommandCodec.cpp, WorkflowEventCodec.cpp), found by
// CommandCodec.cpp's and EventCodec.cpp's per-variant tables, and the composite readers they
// share with TaskSpecCodec.cpp.

namespace backend {

namespace json {

/// A finite number; absent or null is `defaultValue`.
double number(FieldReader &r, QLatin1StringView key, double defaultValue);
/// An array of strings; absent or null is empty. An element of another type names its index.
QStringList stringList(FieldReader &r, QLatin1StringView key);
/// An ISO 8601 timestamp; absent or null is std::nullopt.
std::optional<QDateTime> optionalTimestamp(FieldReader &r, QLatin1StringView key);
/// An ISO 8601 timestamp that must be present and not null.
QDateTime requiredTimestamp(FieldReader &r, QLatin1StringView key);
/// A required 32-bit integer.
int int32(FieldReader &r, QLatin1StringView key);
/// A required array of task ids (each as FieldReader::id).
QList<TaskId> taskIds(FieldReader &r, QLatin1StringView key);
/// A required spec object, read by decodeTaskSpec under this reader's path.
TaskSpec taskSpec(FieldReader &r, QLatin1StringView key);
/// A workflow's scheduling strategy; absent is priority (as before strategies existed).
SchedulingStrategy strategy(FieldReader &r, QLatin1StringView key);
/// Writes `strategy` unless it is the default, so a priority workflow's JSON is unchanged.
template<typename Object>
void insertStrategy(Object &o, QLatin1StringView key, SchedulingStrategy strategy)
{
    if (strategy != SchedulingStrategy::Priority)
        o.insert(key, toWord(strategy));
}

} // namespace json

void decodeFields(json::FieldReader &r, WorkflowCreate &c);
void encodeFields(QJsonObject &o, const WorkflowCreate &c);
void decodeFields(json::FieldReader &r, WorkflowImport &c);
void encodeFields(QJsonObject &o, const WorkflowImport &c);
void decodeFields(json::FieldReader &r, WorkflowStart &c);
void encodeFields(QJsonObject &o, const WorkflowStart &c);
void decodeFields(json::FieldReader &r, WorkflowPause &c);
void encodeFields(QJsonObject &o, const WorkflowPause &c);
void decodeFields(json::FieldReader &r, WorkflowResume &c);
void encodeFields(QJsonObject &o, const WorkflowResume &c);
void decodeFields(json::FieldReader &r, WorkflowCancel &c);
void encodeFields(QJsonObject &o, const WorkflowCancel &c);
void decodeFields(json::FieldReader &r, TaskAdd &c);
void encodeFields(QJsonObject &o, const TaskAdd &c);
void decodeFields(json::FieldReader &r, TaskDependencyDeclare &c);
void encodeFields(QJsonObject &o, const TaskDependencyDeclare &c);
void decodeFields(json::FieldReader &r, TaskCancel &c);
void encodeFields(QJsonObject &o, const TaskCancel &c);
void decodeFields(json::FieldReader &r, TaskPromote &c);
void encodeFields(QJsonObject &o, const TaskPromote &c);
void decodeFields(json::FieldReader &r, TaskLease &c);
void encodeFields(QJsonObject &o, const TaskLease &c);
void decodeFields(json::FieldReader &r, TaskLeaseHeartbeat &c);
void encodeFields(QJsonObject &o, const TaskLeaseHeartbeat &c);
void decodeFields(json::FieldReader &r, TaskAttemptStart &c);
void encodeFields(QJsonObject &o, const TaskAttemptStart &c);
void decodeFields(json::FieldReader &r, TaskAttemptFinish &c);
void encodeFields(QJsonObject &o, const TaskAttemptFinish &c);
void decodeFields(json::FieldReader &r, TaskRetrySchedule &c);
void encodeFields(QJsonObject &o, const TaskRetrySchedule &c);
void decodeFields(json::FieldReader &r, TaskSucceed &c);
void encodeFields(QJsonObject &o, const TaskSucceed &c);
void decodeFields(json::FieldReader &r, TaskFail &c);
void encodeFields(QJsonObject &o, const TaskFail &c);
void decodeFields(json::FieldReader &r, TaskUpstreamFail &c);
void encodeFields(QJsonObject &o, const TaskUpstreamFail &c);

void decodeFields(json::FieldReader &r, WorkflowCreated &e);
void encodeFields(json::ObjectWriter &o, const WorkflowCreated &e);
void decodeFields(json::FieldReader &r, WorkflowImported &e);
void encodeFields(json::ObjectWriter &o, const WorkflowImported &e);
void decodeFields(json::FieldReader &r, WorkflowStarted &e);
void encodeFields(json::ObjectWriter &o, const WorkflowStarted &e);
void decodeFields(json::FieldReader &r, WorkflowPaused &e);
void encodeFields(json::ObjectWriter &o, const WorkflowPaused &e);
void decodeFields(json::FieldReader &r, WorkflowResumed &e);
void encodeFields(json::ObjectWriter &o, const WorkflowResumed &e);
void decodeFields(json::FieldReader &r, WorkflowCanceled &e);
void encodeFields(json::ObjectWriter &o, const WorkflowCanceled &e);
void decodeFields(json::FieldReader &r, WorkflowCompleted &e);
void encodeFields(json::ObjectWriter &o, const WorkflowCompleted &e);
void decodeFields(json::FieldReader &r, TaskAdded &e);
void encodeFields(json::ObjectWriter &o, const TaskAdded &e);
void decodeFields(json::FieldReader &r, TaskDependencyDeclared &e);
void encodeFields(json::ObjectWriter &o, const TaskDependencyDeclared &e);
void decodeFields(json::FieldReader &r, TaskStateChanged &e);
void encodeFields(json::ObjectWriter &o, const TaskStateChanged &e);
void decodeFields(json::FieldReader &r, TaskPromoted &e);
void encodeFields(json::ObjectWriter &o, const TaskPromoted &e);
void decodeFields(json::FieldReader &r, TaskLeased &e);
void encodeFields(json::ObjectWriter &o, const TaskLeased &e);
void decodeFields(json::FieldReader &r, TaskLeaseRenewed &e);
void encodeFields(json::ObjectWriter &o, const TaskLeaseRenewed &e);
void decodeFields(json::FieldReader &r, TaskAttemptStarted &e);
void encodeFields(json::ObjectWriter &o, const TaskAttemptStarted &e);
void decodeFields(json::FieldReader &r, TaskAttemptFinished &e);
void encodeFields(json::ObjectWriter &o, const TaskAttemptFinished &e);
void decodeFields(json::FieldReader &r, TaskRetryScheduled &e);
void encodeFields(json::ObjectWriter &o, const TaskRetryScheduled &e);
void decodeFields(json::FieldReader &r, TaskSucceeded &e);
void encodeFields(json::ObjectWriter &o, const TaskSucceeded &e);
void decodeFields(json::FieldReader &r, TaskFailed &e);
void encodeFields(json::ObjectWriter &o, const TaskFailed &e);
void decodeFields(json::FieldReader &r, TaskCanceled &e);
void encodeFields(json::ObjectWriter &o, const TaskCanceled &e);
void decodeFields(json::FieldReader &r, TaskUpstreamFailed &e);
void encodeFields(json::ObjectWriter &o, const TaskUpstreamFailed &e);

} // namespace backend

#pragma once

#include "backend/domain/CodecError.h"
#include "backend/domain/TaskSpec.h"

#include <QJsonObject>
#include <QString>

#include <expected>

namespace backend {

/// Decodes a task spec: `{title?, command?: [..], shell?, cwd?, env?: {name: value},
/// priority? = 0, concurrencyKey?, retry?: {maxAttempts, backoff: {type: "fixed", delayMs} |
/// {type: "exponential", baseMs, maxMs, jitter? = 0}}, timeoutMs?, notBefore? (ISO 8601),
/// cron?, parentTaskId?, labels?: [..], weight? = 1}`. Checks shapes only (validateTaskSpec
/// judges content); errors name the field under `prefix` (e.g. "tasks[3].retry.backoff.baseMs").
/// Unknown fields (a workflow file's "id") are ignored.
std::expected<TaskSpec, CodecError> decodeTaskSpec(const QJsonObject &json,
                                                   const QString &prefix = {});

/// The JSON form of a spec; decodeTaskSpec(encodeTaskSpec(s)) == s for the fields of the
/// backoff's kind.
[[nodiscard]] QJsonObject encodeTaskSpec(const TaskSpec &spec);

} // namespace backend

#include "backend/domain/WorkflowReadModel.h"

#include <QJsonArray>

namespace backend {

/// A workflow for `weft state`: {id, projectId, title, state, succeeded, taskIds (in add
/// order), dependencies [{from, to, type}], createdAt, updatedAt, version}.
[[nodiscard]] QJsonObject workflowToJson(const WorkflowView &workflow);

/// A task for `weft state`: {id, workflowId, spec, state, attemptCount, readySerial, children,
/// prerequisites [{id, type}], dependents, createdAt, updatedAt, version} plus, when set,
/// currentAttempt, leaseWorker, leaseDeadline, retryAt, lastOutcome, lastExitCode, lastError,
/// threadId, turnId.
[[nodiscard]] QJsonObject taskToJson(const TaskView &task);

} // namespace backend

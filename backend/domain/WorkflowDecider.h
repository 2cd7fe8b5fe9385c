#pragma once

#include "backend/domain/Commands.h"
#include "backend/domain/DeciderError.h"
#include "backend/domain/Events.h"
#include "backend/domain/ReadModel.h"

#include <QList>

#include <expected>
#include <optional>

// Private to the decider: the rules of the workflow and task commands (docs/WORKFLOWS.md).
// WorkflowDecider.cpp holds the workflow commands, task.add, task.dependency.declare and
// task.cancel; TaskTransitions.cpp the scheduler's transitions; WorkflowImport.cpp the import.
namespace backend::workflow {

using Decision = std::expected<QList<Event>, DeciderError>;

Decision decideOne(const WorkflowCreate &c, const ReadModel &model);
Decision decideOne(const WorkflowImport &c, const ReadModel &model);
Decision decideOne(const WorkflowStart &c, const ReadModel &model);
Decision decideOne(const WorkflowPause &c, const ReadModel &model);
Decision decideOne(const WorkflowResume &c, const ReadModel &model);
Decision decideOne(const WorkflowCancel &c, const ReadModel &model);
Decision decideOne(const TaskAdd &c, const ReadModel &model);
Decision decideOne(const TaskDependencyDeclare &c, const ReadModel &model);
Decision decideOne(const TaskCancel &c, const ReadModel &model);
Decision decideOne(const TaskPromote &c, const ReadModel &model);
Decision decideOne(const TaskLease &c, const ReadModel &model);
Decision decideOne(const TaskLeaseHeartbeat &c, const ReadModel &model);
Decision decideOne(const TaskAttemptStart &c, const ReadModel &model);
Decision decideOne(const TaskAttemptFinish &c, const ReadModel &model);
Decision decideOne(const TaskRetrySchedule &c, const ReadModel &model);
Decision decideOne(const TaskSucceed &c, const ReadModel &model);
Decision decideOne(const TaskFail &c, const ReadModel &model);
Decision decideOne(const TaskUpstreamFail &c, const ReadModel &model);

// Shared by the rule files.

std::unexpected<DeciderError> refuse(DeciderError::Code code, QString message);

/// The workflow, refused when unknown (workflow_not_found) or closed (workflow_closed).
std::expected<const WorkflowView *, DeciderError> openWorkflow(const ReadModel &model,
                                                               const WorkflowId &id);
/// The task of an open workflow, refused when either is missing.
std::expected<const TaskView *, DeciderError>
taskOf(const ReadModel &model, const WorkflowId &workflowId, const TaskId &taskId);
/// invalid_transition naming the task and both states.
std::unexpected<DeciderError> invalidTransition(const TaskView &task, TaskRunState to,
                                                const QString &why = {});

/// The events that cancel `root` and everything that can no longer run because of it: its
/// descendants in the task hierarchy and, transitively, the blocking dependents of every
/// canceled task. Terminal tasks are left alone. Breadth first, so the order is stable.
QList<Event> cancelCascade(const WorkflowView &workflow, const TaskId &root);
/// task.upstream-failed for every non-terminal task reachable from `from` along blocking edges;
/// `failed` is the task whose failure is the cause.
QList<Event> upstreamFailCascade(const WorkflowView &workflow, const TaskId &from,
                                 const TaskId &failed);

/// Appends workflow.completed when, after `events`, the workflow is running or paused and
/// every one of its (at least one) tasks is terminal.
QList<Event> withCompletion(const ReadModel &model, const WorkflowId &id, QList<Event> events);

} // namespace backend::workflow

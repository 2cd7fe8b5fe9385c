#pragma once

#include "backend/domain/Events.h"
#include "backend/domain/ReadModel.h"

#include <QDateTime>

// Private to Projector.cpp: the folds of the workflow and task events (WorkflowProjector.cpp).
// Events naming a workflow or task the model lacks change nothing.
namespace backend::workflow {

void fold(ReadModel &model, const WorkflowCreated &e, const QDateTime &at);
void fold(ReadModel &model, const WorkflowImported &e, const QDateTime &at);
void fold(ReadModel &model, const WorkflowStarted &e, const QDateTime &at);
void fold(ReadModel &model, const WorkflowPaused &e, const QDateTime &at);
void fold(ReadModel &model, const WorkflowResumed &e, const QDateTime &at);
void fold(ReadModel &model, const WorkflowCanceled &e, const QDateTime &at);
void fold(ReadModel &model, const WorkflowCompleted &e, const QDateTime &at);
void fold(ReadModel &model, const TaskAdded &e, const QDateTime &at);
void fold(ReadModel &model, const TaskDependencyDeclared &e, const QDateTime &at);
void fold(ReadModel &model, const TaskStateChanged &e, const QDateTime &at);
void fold(ReadModel &model, const TaskPromoted &e, const QDateTime &at);
void fold(ReadModel &model, const TaskLeased &e, const QDateTime &at);
void fold(ReadModel &model, const TaskLeaseRenewed &e, const QDateTime &at);
void fold(ReadModel &model, const TaskAttemptStarted &e, const QDateTime &at);
void fold(ReadModel &model, const TaskAttemptFinished &e, const QDateTime &at);
void fold(ReadModel &model, const TaskRetryScheduled &e, const QDateTime &at);
void fold(ReadModel &model, const TaskSucceeded &e, const QDateTime &at);
void fold(ReadModel &model, const TaskFailed &e, const QDateTime &at);
void fold(ReadModel &model, const TaskCanceled &e, const QDateTime &at);
void fold(ReadModel &model, const TaskUpstreamFailed &e, const QDateTime &at);

} // namespace backend::workflow

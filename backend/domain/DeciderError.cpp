#include "backend/domain/DeciderError.h"

namespace backend {

QString DeciderError::codeName() const
{
    switch (code) {
    case Code::ProjectAlreadyExists:
        return QStringLiteral("project_already_exists");
    case Code::ProjectNotFound:
        return QStringLiteral("project_not_found");
    case Code::ProjectDeleted:
        return QStringLiteral("project_deleted");
    case Code::WorkspaceRootInUse:
        return QStringLiteral("workspace_root_in_use");
    case Code::ProjectHasLiveThreads:
        return QStringLiteral("project_has_live_threads");
    case Code::ThreadAlreadyExists:
        return QStringLiteral("thread_already_exists");
    case Code::ThreadNotFound:
        return QStringLiteral("thread_not_found");
    case Code::ThreadDeleted:
        return QStringLiteral("thread_deleted");
    case Code::ThreadArchived:
        return QStringLiteral("thread_archived");
    case Code::ThreadNotArchived:
        return QStringLiteral("thread_not_archived");
    case Code::TurnAlreadyExists:
        return QStringLiteral("turn_already_exists");
    case Code::TurnAlreadyRunning:
        return QStringLiteral("turn_already_running");
    case Code::TurnNotRunning:
        return QStringLiteral("turn_not_running");
    case Code::MessageIdTaken:
        return QStringLiteral("message_id_taken");
    case Code::WorkflowAlreadyExists:
        return QStringLiteral("workflow_already_exists");
    case Code::WorkflowNotFound:
        return QStringLiteral("workflow_not_found");
    case Code::WorkflowClosed:
        return QStringLiteral("workflow_closed");
    case Code::WorkflowNotRunning:
        return QStringLiteral("workflow_not_running");
    case Code::InvalidWorkflowDocument:
        return QStringLiteral("invalid_workflow_document");
    case Code::TaskAlreadyExists:
        return QStringLiteral("task_already_exists");
    case Code::TaskNotFound:
        return QStringLiteral("task_not_found");
    case Code::InvalidTaskSpec:
        return QStringLiteral("invalid_task_spec");
    case Code::InvalidTransition:
        return QStringLiteral("invalid_transition");
    case Code::CycleDetected:
        return QStringLiteral("cycle_detected");
    case Code::DependencyAlreadyExists:
        return QStringLiteral("dependency_already_exists");
    case Code::PrerequisitesPending:
        return QStringLiteral("prerequisites_pending");
    case Code::NotDue:
        return QStringLiteral("not_due");
    case Code::AttemptMismatch:
        return QStringLiteral("attempt_mismatch");
    case Code::LeaseMismatch:
        return QStringLiteral("lease_mismatch");
    case Code::RetriesExhausted:
        return QStringLiteral("retries_exhausted");
    case Code::InvalidCommand:
        return QStringLiteral("invalid_command");
    }
    return QStringLiteral("unknown");
}

DeciderError::Code DeciderError::codeFromName(const QString &name)
{
    for (int c = 0; c <= int(Code::InvalidCommand); ++c) {
        if (DeciderError {Code(c), {}}.codeName() == name)
            return Code(c);
    }
    return Code::InvalidCommand;
}

} // namespace backend

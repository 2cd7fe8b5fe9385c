#pragma once

#include <QString>

namespace backend {

/// Why the decider refused a command: a stable code for programs and a sentence for people.
struct DeciderError
{
    enum class Code {
        ProjectAlreadyExists,
        ProjectNotFound,
        ProjectDeleted,
        WorkspaceRootInUse,
        ProjectHasLiveThreads,
        ThreadAlreadyExists,
        ThreadNotFound,
        ThreadDeleted,
        ThreadArchived,
        ThreadNotArchived,
        TurnAlreadyExists,
        TurnAlreadyRunning,
        TurnNotRunning,
        MessageIdTaken,
        WorkflowAlreadyExists,
        WorkflowNotFound,
        WorkflowClosed,
        WorkflowNotRunning,
        InvalidWorkflowDocument,
        TaskAlreadyExists,
        TaskNotFound,
        InvalidTaskSpec,
        InvalidTransition,
        CycleDetected,
        DependencyAlreadyExists,
        PrerequisitesPending,
        NotDue,
        AttemptMismatch,
        LeaseMismatch,
        RetriesExhausted,
        InvalidCommand, // keep last: codeFromName iterates up to it
    };

    Code code;
    QString message;

    /// The stable snake_case name of the code, e.g. "thread_archived".
    [[nodiscard]] QString codeName() const;
    /// The code of a stable name (as stored in a rejected receipt); InvalidCommand if unknown.
    [[nodiscard]] static Code codeFromName(const QString &name);

    friend bool operator==(const DeciderError &, const DeciderError &) = default;
};

} // namespace backend

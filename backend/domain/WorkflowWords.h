#pragma once

#include "backend/dag/WorkflowDag.h"
#include "backend/domain/TaskSpec.h"

#include <QString>

#include <optional>

namespace backend {

// The stable lower-case words of the workflow enums, as JSON, the read model dump and error
// messages spell them ("retry_wait", "timed_out", "preferred_order", …).

[[nodiscard]] QString toWord(TaskRunState state);
[[nodiscard]] QString toWord(AttemptOutcome outcome);
[[nodiscard]] QString toWord(WorkflowState state);
[[nodiscard]] QString toWord(Backoff::Kind kind);
[[nodiscard]] QString toWord(DependencyType type);
[[nodiscard]] QString toWord(SchedulingStrategy strategy);

std::optional<TaskRunState> taskRunStateFromWord(const QString &word);
std::optional<AttemptOutcome> attemptOutcomeFromWord(const QString &word);
std::optional<WorkflowState> workflowStateFromWord(const QString &word);
std::optional<Backoff::Kind> backoffKindFromWord(const QString &word);
std::optional<DependencyType> dependencyTypeFromWord(const QString &word);
std::optional<SchedulingStrategy> schedulingStrategyFromWord(const QString &word);

} // namespace backend

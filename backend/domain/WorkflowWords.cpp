#include "backend/domain/WorkflowWords.h"

#include <array>
#include <utility>

namespace backend {

namespace {

template<typename E, std::size_t N>
using WordTable = std::array<std::pair<E, QLatin1StringView>, N>;

constexpr WordTable<TaskRunState, 10> kRunStates {{
    {TaskRunState::Blocked, QLatin1StringView("blocked")},
    {TaskRunState::Scheduled, QLatin1StringView("scheduled")},
    {TaskRunState::Ready, QLatin1StringView("ready")},
    {TaskRunState::Leased, QLatin1StringView("leased")},
    {TaskRunState::Running, QLatin1StringView("running")},
    {TaskRunState::RetryWait, QLatin1StringView("retry_wait")},
    {TaskRunState::Succeeded, QLatin1StringView("succeeded")},
    {TaskRunState::Failed, QLatin1StringView("failed")},
    {TaskRunState::Canceled, QLatin1StringView("canceled")},
    {TaskRunState::UpstreamFailed, QLatin1StringView("upstream_failed")},
}};

constexpr WordTable<AttemptOutcome, 5> kOutcomes {{
    {AttemptOutcome::Succeeded, QLatin1StringView("succeeded")},
    {AttemptOutcome::Failed, QLatin1StringView("failed")},
    {AttemptOutcome::TimedOut, QLatin1StringView("timed_out")},
    {AttemptOutcome::Canceled, QLatin1StringView("canceled")},
    {AttemptOutcome::Lost, QLatin1StringView("lost")},
}};

constexpr WordTable<WorkflowState, 5> kWorkflowStates {{
    {WorkflowState::Created, QLatin1StringView("created")},
    {WorkflowState::Running, QLatin1StringView("running")},
    {WorkflowState::Paused, QLatin1StringView("paused")},
    {WorkflowState::Completed, QLatin1StringView("completed")},
    {WorkflowState::Canceled, QLatin1StringView("canceled")},
}};

constexpr WordTable<SchedulingStrategy, 3> kStrategies {{
    {SchedulingStrategy::Priority, QLatin1StringView("priority")},
    {SchedulingStrategy::Fair, QLatin1StringView("fair")},
    {SchedulingStrategy::Affinity, QLatin1StringView("affinity")},
}};

constexpr WordTable<Backoff::Kind, 2> kBackoffKinds {{
    {Backoff::Kind::Fixed, QLatin1StringView("fixed")},
    {Backoff::Kind::Exponential, QLatin1StringView("exponential")},
}};

constexpr WordTable<DependencyType, 2> kDependencyTypes {{
    {DependencyType::Blocking, QLatin1StringView("blocking")},
    {DependencyType::PreferredOrder, QLatin1StringView("preferred_order")},
}};

template<typename E, std::size_t N> QString wordOf(const WordTable<E, N> &table, E value)
{
    for (const auto &[v, word] : table) {
        if (v == value)
            return word;
    }
    return QStringLiteral("unknown");
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const WordTable<E, N> &table, const QString &word)
{
    for (const auto &[v, w] : table) {
        if (w == word)
            return v;
    }
    return std::nullopt;
}

} // namespace

QString toWord(TaskRunState state)
{
    return wordOf(kRunStates, state);
}
QString toWord(AttemptOutcome outcome)
{
    return wordOf(kOutcomes, outcome);
}
QString toWord(WorkflowState state)
{
    return wordOf(kWorkflowStates, state);
}
QString toWord(Backoff::Kind kind)
{
    return wordOf(kBackoffKinds, kind);
}
QString toWord(DependencyType type)
{
    return wordOf(kDependencyTypes, type);
}
QString toWord(SchedulingStrategy strategy)
{
    return wordOf(kStrategies, strategy);
}

std::optional<TaskRunState> taskRunStateFromWord(const QString &word)
{
    return valueOf(kRunStates, word);
}
std::optional<AttemptOutcome> attemptOutcomeFromWord(const QString &word)
{
    return valueOf(kOutcomes, word);
}
std::optional<WorkflowState> workflowStateFromWord(const QString &word)
{
    return valueOf(kWorkflowStates, word);
}
std::optional<Backoff::Kind> backoffKindFromWord(const QString &word)
{
    return valueOf(kBackoffKinds, word);
}
std::optional<DependencyType> dependencyTypeFromWord(const QString &word)
{
    return valueOf(kDependencyTypes, word);
}

std::optional<SchedulingStrategy> schedulingStrategyFromWord(const QString &word)
{
    return valueOf(kStrategies, word);
}

} // namespace backend

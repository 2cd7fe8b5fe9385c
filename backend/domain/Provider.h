#pragma once

#include <QStringList>

#include <optional>

namespace backend {

/// How a thread's turns are executed: a provider kind ("process", "shell", …) and, for
/// process providers, the argument vector template ("{message}" is replaced by the turn text).
struct ProviderSpec
{
    QString kind;
    QStringList commandTemplate;

    friend bool operator==(const ProviderSpec &, const ProviderSpec &) = default;
};

/// The provider kind of the threads the scheduler records task attempts on. Their turns are
/// started, run and completed by the scheduler alone: provider and checkpoint reactors leave
/// them be.
inline constexpr auto kTaskProviderKind = "task";

[[nodiscard]] inline bool isTaskProvider(const ProviderSpec &spec)
{
    return spec.kind == QLatin1String(kTaskProviderKind);
}

/// A thread's provider may be unset: its turns then run with its project's default.
[[nodiscard]] inline bool isTaskProvider(const std::optional<ProviderSpec> &spec)
{
    return spec && isTaskProvider(*spec);
}

} // namespace backend

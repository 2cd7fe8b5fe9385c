#pragma once

#include <QStringList>

#include <optional>
#include <variant>

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

/// The removal of a provider that may be unset (`null` on the wire): a project is left without
/// a default, a thread goes back to its project's default.
struct ProviderCleared
{
    friend bool operator==(const ProviderCleared &, const ProviderCleared &) = default;
};

/// What an update does to a provider that may be unset: remove it or replace it. Update
/// commands and events hold a std::optional of it, absent leaving the provider as it is.
using ProviderChange = std::variant<ProviderCleared, ProviderSpec>;

/// The provider a change sets, or nullptr when it sets none (absent, or a removal).
[[nodiscard]] inline const ProviderSpec *providerSetBy(const std::optional<ProviderChange> &change)
{
    return change ? std::get_if<ProviderSpec>(&*change) : nullptr;
}

/// `current` after `change`.
[[nodiscard]] inline std::optional<ProviderSpec>
providerAfter(const std::optional<ProviderSpec> &current,
              const std::optional<ProviderChange> &change)
{
    if (!change)
        return current;
    if (const ProviderSpec *spec = providerSetBy(change))
        return *spec;
    return std::nullopt;
}

} // namespace backend

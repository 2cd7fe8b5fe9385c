#pragma once

#include <QStringList>

namespace backend {

/// How a thread's turns are executed: a provider kind ("process", "shell", …) and, for
/// process providers, the argument vector template ("{message}" is replaced by the turn text).
struct ProviderSpec
{
    QString kind;
    QStringList commandTemplate;

    friend bool operator==(const ProviderSpec &, const ProviderSpec &) = default;
};

} // namespace backend

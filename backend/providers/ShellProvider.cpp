#include "backend/providers/ShellProvider.h"

#include "backend/providers/CommandSession.h"

namespace backend {

ShellProvider::ShellProvider(ProviderRunOptions options)
    : m_options(std::move(options))
{
}

QStringList ShellProvider::argvFor(const TurnRequest &request)
{
    return {QStringLiteral("/bin/sh"), QStringLiteral("-c"), request.text};
}

std::unique_ptr<ProviderSession> ShellProvider::startSession(const QString &) const
{
    return std::make_unique<CommandSession>(&ShellProvider::argvFor, m_options);
}

} // namespace backend

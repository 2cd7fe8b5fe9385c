#pragma once

#include "backend/providers/Provider.h"

namespace backend {

/// Runs each turn's message as a shell command (`/bin/sh -c <message>`) in the thread's
/// worktree: Weft as a logged, replayable terminal for scripted work.
class ShellProvider final : public Provider
{
public:
    explicit ShellProvider(ProviderRunOptions options);

    [[nodiscard]] QString kind() const override { return QStringLiteral("shell"); }
    [[nodiscard]] std::unique_ptr<ProviderSession>
    startSession(const QString &threadId) const override;
    /// The argument vector of a turn: {"/bin/sh", "-c", text}.
    [[nodiscard]] static QStringList argvFor(const TurnRequest &request);

private:
    ProviderRunOptions m_options;
};

} // namespace backend

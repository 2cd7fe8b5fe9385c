#pragma once

#include "backend/process/ProcessResult.h"
#include "backend/providers/Provider.h"

#include <QPointer>
#include <QStringList>

#include <functional>

namespace backend {

class ProcessRunner;

/// A session that runs each turn as one child process through ProcessRunner. The provider
/// decides the argument vector (a command template, or `/bin/sh -c`); everything else —
/// streaming stdout as assistant text, stderr lines as activities, the exit status as the
/// outcome, interrupt escalation — is the same for both, and lives here.
class CommandSession final : public ProviderSession
{
    Q_OBJECT

public:
    using ArgvBuilder = std::function<QStringList(const TurnRequest &)>;

    CommandSession(ArgvBuilder argvFor, ProviderRunOptions options, QObject *parent = nullptr);
    /// A running process is killed with the session.
    ~CommandSession() override;

    bool startTurn(const TurnRequest &request) override;
    void interrupt() override;
    void stop() override;
    [[nodiscard]] bool isTurnRunning() const override { return m_turnRunning; }

    /// How a process outcome reads as a turn: 0 → completed; stopped by Weft → interrupted;
    /// anything else → error with the status and the last stderr lines.
    [[nodiscard]] static TurnResult turnResultOf(const ProcessResult &result);

private:
    void onFinished(const ProcessResult &result);

    ArgvBuilder m_argvFor;
    ProviderRunOptions m_options;
    QPointer<ProcessRunner> m_runner;
    bool m_turnRunning = false;
    bool m_stopped = false;
};

} // namespace backend

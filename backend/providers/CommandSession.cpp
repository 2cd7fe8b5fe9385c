#include "backend/providers/CommandSession.h"

#include "backend/process/ProcessRunner.h"

namespace backend {

namespace {

constexpr int kErrorTailLines = 5;

QString withTail(QString sentence, const QStringList &tail)
{
    const QStringList last = tail.mid(qMax<qsizetype>(0, tail.size() - kErrorTailLines));
    if (last.isEmpty())
        return sentence;
    return sentence + QStringLiteral(":\n") + last.join(QLatin1Char('\n'));
}

} // namespace

CommandSession::CommandSession(ArgvBuilder argvFor, ProviderRunOptions options, QObject *parent)
    : ProviderSession(parent)
    , m_argvFor(std::move(argvFor))
    , m_options(std::move(options))
{
}

CommandSession::~CommandSession()
{
    // The runner is our child: its destructor kills the process. Cut its signals first so
    // nothing reaches a half-destroyed session.
    if (m_runner)
        m_runner->disconnect(this);
}

bool CommandSession::startTurn(const TurnRequest &request)
{
    if (m_turnRunning || m_stopped)
        return false;
    m_turnRunning = true;

    ProcessRunner::Options options;
    options.argv = m_argvFor(request);
    options.workingDirectory = request.workingDirectory;
    options.environment = m_options.environment;
    options.interruptGrace = m_options.interruptGrace;
    options.terminateGrace = m_options.terminateGrace;
    options.stdoutInterval = m_options.outputInterval;
    auto *runner = new ProcessRunner(std::move(options), this);
    m_runner = runner;
    connect(runner, &ProcessRunner::stdoutText, this, &ProviderSession::assistantText);
    connect(runner, &ProcessRunner::stderrLine, this, [this](const QString &line) {
        if (!line.trimmed().isEmpty())
            Q_EMIT activity({ActivityTone::Info, QStringLiteral("stderr"), line});
    });
    connect(runner, &ProcessRunner::finished, this, &CommandSession::onFinished);
    runner->start();
    return true;
}

void CommandSession::interrupt()
{
    if (m_runner)
        m_runner->interrupt();
}

void CommandSession::stop()
{
    m_stopped = true;
    interrupt();
}

void CommandSession::onFinished(const ProcessResult &result)
{
    if (m_runner) {
        m_runner->disconnect(this);
        m_runner->deleteLater(); // we are inside its signal
        m_runner = nullptr;
    }
    m_turnRunning = false;
    const TurnResult turn = turnResultOf(result);
    if (turn.outcome == TurnOutcome::Error && turn.error) {
        QPointer<CommandSession> self(this);
        Q_EMIT activity({ActivityTone::Error, QStringLiteral("provider.error"), *turn.error});
        if (!self)
            return;
    }
    Q_EMIT turnEnded(turn);
}

TurnResult CommandSession::turnResultOf(const ProcessResult &result)
{
    if (!result)
        return {TurnOutcome::Error, std::nullopt, result.error().message};
    const ProcessExit &exit = *result;
    const std::optional<int> code = exit.crashed ? std::nullopt : std::optional<int>(exit.exitCode);
    switch (exit.stoppedBy) {
    case StopCause::Interrupted:
    case StopCause::Terminated:
        return {TurnOutcome::Interrupted, code, std::nullopt};
    case StopCause::TimedOut:
        return {TurnOutcome::Error, code, QStringLiteral("timed out; the process was stopped")};
    case StopCause::None:
        break;
    }
    if (exit.crashed)
        return {
            TurnOutcome::Error, std::nullopt,
            withTail(QStringLiteral("killed by signal %1").arg(exit.exitCode), exit.stderrTail)};
    if (exit.exitCode != 0)
        return {
            TurnOutcome::Error, exit.exitCode,
            withTail(QStringLiteral("exited with status %1").arg(exit.exitCode), exit.stderrTail)};
    return {TurnOutcome::Completed, 0, std::nullopt};
}

} // namespace backend

#include "backend/scheduler/ProcessExecutor.h"

#include "backend/domain/Events.h"

#include "backend/process/ProcessRunner.h"

#include <QProcessEnvironment>

namespace backend {

namespace {

AttemptOutcome outcomeFor(StopReason reason)
{
    switch (reason) {
    case StopReason::TimedOut:
        return AttemptOutcome::TimedOut;
    case StopReason::LeaseExpired:
        return AttemptOutcome::Lost;
    case StopReason::Canceled:
    case StopReason::Drained:
        return AttemptOutcome::Canceled;
    }
    return AttemptOutcome::Canceled;
}

} // namespace

ProcessExecutor::ProcessExecutor(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
}

ProcessExecutor::~ProcessExecutor()
{
    // Runners are children: ~QObject deletes them, which kills their process groups. A runner
    // being destroyed emits nothing, so no result reaches this half-destroyed executor, and no
    // coroutine is left waiting for an event loop that may never run again (the application
    // quitting with attempts in flight).
}

void ProcessExecutor::start(const AttemptRequest &request)
{
    ProcessRunner::Options options;
    const TaskSpec &spec = request.spec;
    options.argv = spec.shell
        ? QStringList {QStringLiteral("/bin/sh"), QStringLiteral("-c"), *spec.shell}
        : spec.command;
    options.workingDirectory = request.workingDirectory;
    if (!spec.env.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (auto it = spec.env.cbegin(); it != spec.env.cend(); ++it)
            env.insert(it.key(), it.value());
        options.environment = env;
    }
    options.terminateGrace = m_options.terminateGrace;
    options.timeout = std::chrono::milliseconds(spec.timeoutMs.value_or(0));
    options.stdoutInterval = m_options.outputInterval;

    const QString key = taskAggregateId(request.workflowId, request.taskId);
    auto *runner = new ProcessRunner(std::move(options), this);
    m_running.insert(key, Running {request, runner, std::nullopt, {}});
    connect(runner, &ProcessRunner::stdoutText, this,
            [this, key](const QString &text) { addOutput(key, text); });
    connect(runner, &ProcessRunner::stderrLine, this,
            [this, key](const QString &line) { addOutput(key, line + QLatin1Char('\n')); });
    // May report at once (a program that cannot start): the scheduler expects that.
    connect(runner, &ProcessRunner::finished, this,
            [this, key, runner](const ProcessResult &result) { onFinished(key, runner, result); });
    runner->start();
}

void ProcessExecutor::onFinished(const QString &key, ProcessRunner *runner,
                                 const ProcessResult &result)
{
    runner->deleteLater();
    const auto it = m_running.constFind(key);
    if (it == m_running.cend() || it->runner != runner)
        return;
    const Running done = *it;
    m_running.erase(it);
    if (!done.pendingOutput.isEmpty())
        m_outputOrder.removeAll(key);

    AttemptResult r {done.request.workflowId,   done.request.taskId, done.request.attempt,
                     AttemptOutcome::Succeeded, std::nullopt,        std::nullopt};
    if (!result) {
        r.outcome = AttemptOutcome::Failed;
        r.error = result.error().message;
    } else {
        const ProcessExit &exit = *result;
        if (!exit.crashed)
            r.exitCode = exit.exitCode;
        if (done.stoppedFor) {
            r.outcome = outcomeFor(*done.stoppedFor);
        } else if (exit.stoppedBy == StopCause::TimedOut) {
            r.outcome = AttemptOutcome::TimedOut;
            r.error = QStringLiteral("timed_out");
        } else if (!exit.succeeded()) {
            r.outcome = AttemptOutcome::Failed;
            r.error = exit.crashed ? QStringLiteral("killed by signal %1").arg(exit.exitCode)
                                   : QStringLiteral("exit status %1").arg(exit.exitCode);
        }
    }
    // Output read before the exit goes first, so the turn shows it before it completes.
    if (!done.pendingOutput.isEmpty())
        m_pendingTail.append(AttemptOutput {done.request.workflowId, done.request.taskId,
                                            done.request.attempt, done.pendingOutput});
    m_finished.append(std::move(r));
    wake();
}

void ProcessExecutor::addOutput(const QString &key, const QString &text)
{
    auto it = m_running.find(key);
    if (it == m_running.end() || text.isEmpty())
        return;
    const bool first = it->pendingOutput.isEmpty();
    it->pendingOutput += text;
    if (first) {
        m_outputOrder.append(key);
        wake();
    }
}

void ProcessExecutor::stop(const WorkflowId &workflowId, const TaskId &taskId, int attempt,
                           StopReason reason)
{
    auto it = m_running.find(taskAggregateId(workflowId, taskId));
    if (it == m_running.end() || it->request.attempt != attempt || !it->runner)
        return;
    if (!it->stoppedFor)
        it->stoppedFor = reason;
    it->runner->terminate();
}

bool ProcessExecutor::isResponsive(const WorkflowId &workflowId, const TaskId &taskId,
                                   int attempt) const
{
    const auto it = m_running.constFind(taskAggregateId(workflowId, taskId));
    return it != m_running.cend() && it->request.attempt == attempt;
}

QList<AttemptOutput> ProcessExecutor::takeOutput()
{
    QList<AttemptOutput> out = std::exchange(m_pendingTail, {});
    for (const QString &key : std::as_const(m_outputOrder)) {
        auto it = m_running.find(key);
        if (it == m_running.end() || it->pendingOutput.isEmpty())
            continue;
        out.append(AttemptOutput {it->request.workflowId, it->request.taskId, it->request.attempt,
                                  std::exchange(it->pendingOutput, {})});
    }
    m_outputOrder.clear();
    return out;
}

QList<AttemptResult> ProcessExecutor::takeFinished()
{
    return std::exchange(m_finished, {});
}

} // namespace backend

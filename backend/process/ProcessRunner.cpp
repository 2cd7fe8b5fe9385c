#include "backend/process/ProcessRunner.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>

#include <csignal>
#include <limits>

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcProcess, "weft.process", QtWarningMsg)

namespace backend {

namespace {

QStringList searchPath(const std::optional<QProcessEnvironment> &environment)
{
    const QString path
        = environment ? environment->value(QStringLiteral("PATH")) : qEnvironmentVariable("PATH");
    return path.split(QLatin1Char(':'), Qt::SkipEmptyParts);
}

// A shell's command hash: where a program was found on a search path is remembered, and a
// later start only checks that the file is still an executable there (a scheduler starts the
// same few programs thousands of times; each full search costs a stat per directory). A
// program not found is never remembered, so installing it takes effect at once.
QString findOnPath(const QString &program, const QStringList &paths)
{
    static thread_local QHash<QString, QString> found;
    const QString key = program + QChar(0) + paths.join(QLatin1Char(':'));
    if (const auto it = found.constFind(key); it != found.cend()) {
        const QFileInfo info(*it);
        if (info.isFile() && info.isExecutable())
            return *it;
    }
    QString path = QStandardPaths::findExecutable(program, paths);
    if (path.isEmpty())
        found.remove(key);
    else
        found.insert(key, path);
    return path;
}

} // namespace

ProcessRunner::ProcessRunner(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_escalation.setSingleShot(true);
    m_timeout.setSingleShot(true);
    m_flushTimer.setSingleShot(true);
    connect(&m_escalation, &QTimer::timeout, this, &ProcessRunner::escalate);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { stopWith(StopCause::TimedOut, Stage::SentTerminate); });
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flushStdout(); });
}

ProcessRunner::~ProcessRunner()
{
    if (m_process) {
        // QProcess's destructor waits for the child and may emit into our slots: cut them off.
        m_process->disconnect(this);
        if (m_process->state() != QProcess::NotRunning) {
            sendSignal(SIGKILL);
            m_process->waitForFinished(5000);
        }
    }
    if (!m_result) {
        m_result = std::unexpected(ProcessError {ProcessError::Code::Abandoned,
                                                 QStringLiteral("the process runner was closed")});
        wakeWaiters(*m_result);
    }
}

std::optional<ProcessError> ProcessRunner::preflight()
{
    using Code = ProcessError::Code;
    if (m_options.argv.isEmpty() || m_options.argv.constFirst().isEmpty())
        return ProcessError {Code::EmptyCommand, QStringLiteral("no command given")};
    if (!m_options.workingDirectory.isEmpty() && !QFileInfo(m_options.workingDirectory).isDir())
        return ProcessError {
            Code::WorkingDirectoryMissing,
            QStringLiteral("working directory does not exist: %1").arg(m_options.workingDirectory)};

    const QString program = m_options.argv.constFirst();
    if (program.contains(QLatin1Char('/'))) {
        const QString path = m_options.workingDirectory.isEmpty()
            ? QFileInfo(program).absoluteFilePath()
            : QDir(m_options.workingDirectory).absoluteFilePath(program);
        const QFileInfo info(path);
        if (!info.exists())
            return ProcessError {Code::NotFound,
                                 QStringLiteral("command not found: %1").arg(program)};
        if (info.isDir() || !info.isExecutable())
            return ProcessError {Code::NotExecutable,
                                 QStringLiteral("not an executable file: %1").arg(program)};
        m_program = path;
    } else {
        m_program = findOnPath(program, searchPath(m_options.environment));
        if (m_program.isEmpty())
            return ProcessError {Code::NotFound,
                                 QStringLiteral("command not found: %1").arg(program)};
    }
    return std::nullopt;
}

void ProcessRunner::start()
{
    if (m_startCalled)
        return;
    m_startCalled = true;
    m_runTime.start();
    if (auto error = preflight()) {
        finish(std::unexpected(std::move(*error)));
        return;
    }

    m_process = new QProcess(this);
    m_process->setProgram(m_program);
    m_process->setArguments(m_options.argv.mid(1));
    if (!m_options.workingDirectory.isEmpty())
        m_process->setWorkingDirectory(m_options.workingDirectory);
    if (m_options.environment)
        m_process->setProcessEnvironment(*m_options.environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    // A group of its own: an interrupt reaches the tools the child started, like Ctrl-C in a
    // terminal, and SIGKILL leaves no orphan holding the pipes open.
    //
    // A pipe of 1 MiB (Linux's default limit for users) rather than 64 KiB: while the backend
    // thread stores one piece, a fast child fills the pipe and waits; a bigger pipe means
    // fewer, bigger pieces. Fails harmlessly where stdout is not a pipe or the limit is lower.
    m_process->setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
    });

    connect(m_process, &QProcess::started, this, &ProcessRunner::onStarted);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &ProcessRunner::onStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &ProcessRunner::onStderr);
    connect(m_process, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                onFinished(exitCode, status == QProcess::CrashExit);
            });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onStartFailed();
    });
    qCDebug(lcProcess) << "starting" << m_options.argv << "in" << m_options.workingDirectory;
    m_process->start();
}

QCoro::Task<ProcessResult> ProcessRunner::run()
{
    start();
    co_return co_await ResultAwaiter {this, {}};
}

bool ProcessRunner::ResultAwaiter::await_ready()
{
    if (!runner->m_result)
        return false;
    waiter.result = *runner->m_result;
    return true;
}

void ProcessRunner::ResultAwaiter::await_suspend(std::coroutine_handle<> handle)
{
    waiter.handle = handle;
    runner->m_waiters.push_back(&waiter);
}

ProcessResult ProcessRunner::ResultAwaiter::await_resume()
{
    // Only the awaiter is touched here: the runner may be gone by now.
    return std::move(*waiter.result);
}

bool ProcessRunner::isRunning() const
{
    return m_process && !m_result && m_process->state() != QProcess::NotRunning;
}

qint64 ProcessRunner::processId() const
{
    return m_process ? m_process->processId() : 0;
}

void ProcessRunner::interrupt()
{
    stopWith(StopCause::Interrupted, Stage::SentInterrupt);
}

void ProcessRunner::terminate()
{
    stopWith(StopCause::Terminated, Stage::SentTerminate);
}

void ProcessRunner::kill()
{
    if (!isRunning())
        return;
    if (m_stopCause == StopCause::None)
        m_stopCause = StopCause::Terminated;
    m_stage = Stage::SentKill;
    m_escalation.stop();
    sendSignal(SIGKILL);
}

void ProcessRunner::stopWith(StopCause cause, Stage stage)
{
    if (!isRunning() || m_stage >= stage)
        return;
    if (m_stopCause == StopCause::None)
        m_stopCause = cause;
    m_stage = stage;
    const bool interrupting = stage == Stage::SentInterrupt;
    sendSignal(interrupting ? SIGINT : SIGTERM);
    m_escalation.start(interrupting ? m_options.interruptGrace : m_options.terminateGrace);
}

void ProcessRunner::escalate()
{
    if (!isRunning())
        return;
    if (m_stage == Stage::SentInterrupt) {
        m_stage = Stage::SentTerminate;
        sendSignal(SIGTERM);
        m_escalation.start(m_options.terminateGrace);
    } else if (m_stage == Stage::SentTerminate) {
        m_stage = Stage::SentKill;
        sendSignal(SIGKILL);
    }
}

void ProcessRunner::sendSignal(int signal)
{
    const qint64 pid = processId();
    if (pid <= 0)
        return; // not forked yet: onStarted() sends what the stage asks for
    qCDebug(lcProcess) << "signal" << signal << "to process group" << pid;
    // The child may not have called setpgid() yet: fall back to the process itself.
    if (::kill(-pid_t(pid), signal) != 0)
        ::kill(pid_t(pid), signal);
}

void ProcessRunner::onStarted()
{
    const qint64 pid = processId();
    if (m_options.timeout.count() > 0)
        m_timeout.start(m_options.timeout);
    switch (m_stage) {
    case Stage::Running:
        break;
    case Stage::SentInterrupt:
        sendSignal(SIGINT);
        break;
    case Stage::SentTerminate:
        sendSignal(SIGTERM);
        break;
    case Stage::SentKill:
        sendSignal(SIGKILL);
        break;
    }
    Q_EMIT started(pid);
}

void ProcessRunner::onStdout()
{
    m_pendingStdout += m_stdoutDecoder.decode(m_process->readAllStandardOutput());
    scheduleStdoutFlush();
}

void ProcessRunner::onStderr()
{
    m_stderrBuffer += m_stderrDecoder.decode(m_process->readAllStandardError());
    emitStderrLines(false);
}

void ProcessRunner::scheduleStdoutFlush()
{
    if (m_pendingStdout.size() >= m_options.stdoutBatchLimit) {
        flushStdout();
        return;
    }
    if (m_pendingStdout.isEmpty() || m_flushTimer.isActive())
        return;
    const qint64 interval = m_options.stdoutInterval.count();
    const qint64 since
        = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : std::numeric_limits<qint64>::max();
    if (since >= interval)
        flushStdout();
    else
        m_flushTimer.start(std::chrono::milliseconds(interval - since));
}

bool ProcessRunner::flushStdout()
{
    m_flushTimer.stop();
    if (m_pendingStdout.isEmpty())
        return true;
    const QString text = std::exchange(m_pendingStdout, QString());
    m_sinceFlush.start();
    QPointer<ProcessRunner> self(this);
    Q_EMIT stdoutText(text);
    return !self.isNull();
}

bool ProcessRunner::emitStderrLines(bool atEnd)
{
    QPointer<ProcessRunner> self(this);
    for (;;) {
        const qsizetype newline = m_stderrBuffer.indexOf(QLatin1Char('\n'));
        if (newline < 0 && !(atEnd && !m_stderrBuffer.isEmpty()))
            return true;
        QString line
            = newline < 0 ? std::exchange(m_stderrBuffer, QString()) : m_stderrBuffer.left(newline);
        if (newline >= 0)
            m_stderrBuffer.remove(0, newline + 1);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        m_stderrTail.append(line);
        while (m_stderrTail.size() > qMax(0, m_options.stderrTailLines))
            m_stderrTail.removeFirst();
        Q_EMIT stderrLine(line);
        if (!self)
            return false;
    }
}

void ProcessRunner::onFinished(int exitCode, bool crashed)
{
    if (m_result)
        return;
    m_escalation.stop();
    m_timeout.stop();
    // Whatever is still in the pipes belongs before the exit, a sequence cut off by the end
    // included (as U+FFFD).
    m_pendingStdout += m_stdoutDecoder.decode(m_process->readAllStandardOutput());
    m_pendingStdout += m_stdoutDecoder.finish();
    m_stderrBuffer += m_stderrDecoder.decode(m_process->readAllStandardError());
    m_stderrBuffer += m_stderrDecoder.finish();
    if (!flushStdout() || !emitStderrLines(true))
        return;
    ProcessExit exit;
    exit.exitCode = exitCode;
    exit.crashed = crashed;
    exit.stoppedBy = m_stopCause;
    exit.stderrTail = m_stderrTail;
    exit.durationMs = m_runTime.elapsed();
    qCDebug(lcProcess) << m_options.argv.constFirst() << "ended: code" << exitCode << "crashed"
                       << crashed;
    finish(std::move(exit));
}

void ProcessRunner::onStartFailed()
{
    if (m_result)
        return;
    m_escalation.stop();
    m_timeout.stop();
    finish(std::unexpected(
        ProcessError {ProcessError::Code::FailedToStart,
                      QStringLiteral("cannot start %1: %2")
                          .arg(m_options.argv.constFirst(), m_process->errorString())}));
}

void ProcessRunner::finish(ProcessResult result)
{
    m_result = result;
    wakeWaiters(result);
    Q_EMIT finished(result);
}

void ProcessRunner::wakeWaiters(const ProcessResult &result)
{
    // Resumed from the event loop, never from inside this call: the awaiting coroutine may
    // destroy the runner, and this may run inside a QProcess signal or our destructor.
    for (Waiter *waiter : std::exchange(m_waiters, {})) {
        waiter->result = result;
        QTimer::singleShot(0, [handle = waiter->handle] { handle.resume(); });
    }
}

} // namespace backend

#pragma once

#include "backend/process/ProcessResult.h"
#include "backend/process/Utf8Stream.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <coroutine>
#include <optional>
#include <vector>

class QProcess;

namespace backend {

/// Runs one child process: an argument vector (never through a shell) in a working directory,
/// with its standard output streamed as text and its standard error as lines. The child leads
/// a process group of its own, so signals reach the tools it spawned too. Provider turns and
/// scheduled tasks share this runner.
///
/// Standard output is decoded with a stateful UTF-8 decoder (a character split across reads
/// arrives whole) and coalesced: with `stdoutInterval` > 0 at most one `stdoutText` is emitted
/// per interval — unless `stdoutBatchLimit` characters are waiting, which go at once — and
/// everything read is emitted before `finished`. The interval is a bound on latency: a child
/// that writes fast gets big pieces (its pipe holds 1 MiB), not one per interval. The batching
/// lives here, not in each consumer, because only the runner knows when the stream ends and can
/// flush the rest before it reports the exit.
///
/// Stopping always settles: `interrupt()` sends SIGINT, then SIGTERM after `interruptGrace`,
/// then SIGKILL after `terminateGrace`; `terminate()` (and the timeout) start at SIGTERM.
/// Lives on, and is used from, one thread.
class ProcessRunner : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QStringList argv; ///< program, then its arguments
        QString workingDirectory; ///< empty: Weft's own
        std::optional<QProcessEnvironment> environment; ///< nullopt: Weft's own
        std::chrono::milliseconds interruptGrace {1000}; ///< SIGINT → SIGTERM
        std::chrono::milliseconds terminateGrace {1000}; ///< SIGTERM → SIGKILL
        std::chrono::milliseconds timeout {0}; ///< 0: none; then terminate()
        std::chrono::milliseconds stdoutInterval {0}; ///< 0: emit every read
        /// Characters of standard output emitted at once, interval or not: bounds the memory a
        /// fast child costs (a piece is copied on its way to the store, 2 bytes a character).
        /// One read is never split, so a piece may reach a pipe-full (1 MiB) when the consumer
        /// is slower than the child.
        qsizetype stdoutBatchLimit = 256 * 1024;
        int stderrTailLines = 20; ///< how many stderr lines the result keeps
    };

    explicit ProcessRunner(Options options, QObject *parent = nullptr);
    /// Kills a process still running (SIGKILL to its group); a pending run() then resumes
    /// with ProcessError::Code::Abandoned. `finished` is not emitted.
    ~ProcessRunner() override;

    /// Starts the process; call once. The outcome arrives exactly once through `finished` —
    /// before start() returns when the program cannot be run at all (not found, missing
    /// working directory), so connect first.
    void start();
    /// start() (unless already called) and wait for the outcome. The runner must not be
    /// destroyed from a slot of its own signals (use deleteLater()).
    QCoro::Task<ProcessResult> run();

    /// SIGINT, then SIGTERM after interruptGrace, then SIGKILL after terminateGrace.
    void interrupt();
    /// SIGTERM, then SIGKILL after terminateGrace.
    void terminate();
    /// SIGKILL now.
    void kill();

    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] qint64 processId() const;
    /// The outcome, once known.
    [[nodiscard]] const std::optional<ProcessResult> &result() const { return m_result; }
    [[nodiscard]] const Options &options() const { return m_options; }

Q_SIGNALS:
    void started(qint64 pid);
    /// A piece of standard output; the pieces concatenate to the exact output.
    void stdoutText(const QString &text);
    /// One line of standard error, without its line break.
    void stderrLine(const QString &line);
    void finished(const backend::ProcessResult &result);

private:
    enum class Stage { Running, SentInterrupt, SentTerminate, SentKill };

    struct Waiter
    {
        std::coroutine_handle<> handle;
        std::optional<ProcessResult> result;
    };
    struct ResultAwaiter
    {
        ProcessRunner *runner;
        Waiter waiter;
        bool await_ready();
        void await_suspend(std::coroutine_handle<> handle);
        ProcessResult await_resume();
    };

    std::optional<ProcessError> preflight();
    void onStarted();
    void onStdout();
    void onStderr();
    void onFinished(int exitCode, bool crashed);
    void onStartFailed();
    void scheduleStdoutFlush();
    bool flushStdout();
    bool emitStderrLines(bool atEnd);
    void stopWith(StopCause cause, Stage stage);
    void escalate();
    void sendSignal(int signal);
    void finish(ProcessResult result);
    void wakeWaiters(const ProcessResult &result);

    Options m_options;
    QString m_program; ///< argv[0] resolved to a path
    QProcess *m_process = nullptr;
    bool m_startCalled = false;
    Stage m_stage = Stage::Running;
    StopCause m_stopCause = StopCause::None;
    QTimer m_escalation;
    QTimer m_timeout;
    QTimer m_flushTimer;
    QElapsedTimer m_sinceFlush;
    QElapsedTimer m_runTime;
    Utf8StreamDecoder m_stdoutDecoder;
    Utf8StreamDecoder m_stderrDecoder;
    QString m_pendingStdout;
    QString m_stderrBuffer;
    QStringList m_stderrTail;
    std::optional<ProcessResult> m_result;
    std::vector<Waiter *> m_waiters;
};

} // namespace backend

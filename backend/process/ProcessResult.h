#pragma once

#include <QString>
#include <QStringList>

#include <expected>

namespace backend {

/// Why Weft ended a process itself (if it did).
enum class StopCause {
    None, ///< the process ended on its own
    Interrupted, ///< interrupt(): SIGINT → SIGTERM → SIGKILL
    Terminated, ///< terminate(): SIGTERM → SIGKILL
    TimedOut, ///< the timeout elapsed: SIGTERM → SIGKILL
};

/// How a process that ran ended.
struct ProcessExit
{
    int exitCode = 0; ///< the exit status, or the signal number when `crashed`
    bool crashed = false; ///< ended by a signal (including Weft's own SIGKILL)
    StopCause stoppedBy = StopCause::None;
    QStringList stderrTail; ///< the last lines written to standard error
    qint64 durationMs = 0;

    /// Exited on its own with status 0.
    [[nodiscard]] bool succeeded() const
    {
        return !crashed && exitCode == 0 && stoppedBy == StopCause::None;
    }
    friend bool operator==(const ProcessExit &, const ProcessExit &) = default;
};

/// A process that could not be run at all.
struct ProcessError
{
    enum class Code {
        EmptyCommand, ///< no program given
        NotFound, ///< the program is not on PATH / does not exist
        NotExecutable, ///< the file exists but may not be executed
        WorkingDirectoryMissing, ///< the working directory does not exist
        FailedToStart, ///< fork/exec failed for another reason
        Abandoned, ///< the runner was destroyed before the process ended
    };
    Code code = Code::FailedToStart;
    QString message; ///< a sentence for a person, e.g. "command not found: claude"

    /// A stable name of the code, e.g. "not-found".
    [[nodiscard]] QString codeName() const;
    friend bool operator==(const ProcessError &, const ProcessError &) = default;
};

using ProcessResult = std::expected<ProcessExit, ProcessError>;

} // namespace backend

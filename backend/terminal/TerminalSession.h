#pragma once

#include "backend/process/Utf8Stream.h"
#include "backend/terminal/TerminalScreen.h"

#include <QHash>
#include <QObject>
#include <QSocketNotifier>
#include <QStringList>
#include <QTimer>

#include <expected>
#include <memory>

namespace backend::terminal {

/// How to start a terminal's program.
struct TerminalOptions
{
    QString cwd;
    int columns = 80;
    int rows = 24;
    QHash<QString, QString> env; ///< added to (or replacing in) Weft's environment
    QStringList program; ///< argv; empty: the user's shell ($SHELL, else /bin/sh)
};

/// Why a terminal could not be started or written to: a stable code and a sentence.
struct TerminalError
{
    QString code; ///< "cwd_missing" | "spawn_failed" | "not_running" | "too_large" | …
    QString message;
};

/// One program on a pseudo-terminal (forkpty), its screen (libvterm) and its exit. Lives on
/// the thread that starts it; output is read through a QSocketNotifier, so nothing blocks.
/// Destroying a session hangs up on the program (SIGHUP, then SIGKILL) and reaps it.
class TerminalSession : public QObject
{
    Q_OBJECT

public:
    /// Largest write accepted in one call.
    static constexpr qsizetype kMaxWrite = 64 * 1024;

    static std::expected<std::unique_ptr<TerminalSession>, TerminalError>
    start(const TerminalOptions &options);
    ~TerminalSession() override;

    std::expected<void, TerminalError> write(const QByteArray &bytes);
    void resize(int rows, int columns);
    void clear() { m_screen.clear(); }

    [[nodiscard]] const TerminalScreen &screen() const { return m_screen; }
    [[nodiscard]] const TerminalOptions &options() const { return m_options; }
    [[nodiscard]] bool isRunning() const { return m_pid > 0; }
    [[nodiscard]] qint64 pid() const { return m_pid; }

Q_SIGNALS:
    /// The program wrote `text` (decoded UTF-8; a sequence split across reads is completed by
    /// the next piece). The screen has already taken it in.
    void output(const QString &text);
    /// The program ended: its exit code, or the signal that killed it (then exitCode is -1).
    void exited(int exitCode, int signal);

private:
    TerminalSession(const TerminalOptions &options, int masterFd, qint64 pid);
    void onReadable();
    void reap();
    void finish(int status);

    TerminalOptions m_options;
    int m_master = -1;
    qint64 m_pid = 0;
    TerminalScreen m_screen;
    std::unique_ptr<QSocketNotifier> m_notifier;
    Utf8StreamDecoder m_decoder;
    QTimer m_reapTimer;
};

} // namespace backend::terminal

#include "backend/terminal/TerminalSession.h"

#include <QFileInfo>
#include <QProcessEnvironment>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace backend::terminal {

namespace {

/// Owns the NUL-terminated strings and pointer array an exec call needs, built before fork so
/// the child only calls async-signal-safe functions.
struct CStrings
{
    QList<QByteArray> storage;
    std::vector<char *> pointers;

    explicit CStrings(const QStringList &items)
    {
        for (const QString &s : items)
            storage.append(s.toLocal8Bit());
        for (QByteArray &s : storage)
            pointers.push_back(s.data());
        pointers.push_back(nullptr);
    }
};

QStringList programOf(const TerminalOptions &options)
{
    if (!options.program.isEmpty())
        return options.program;
    const QString shell = qEnvironmentVariable("SHELL");
    return {shell.isEmpty() || !QFileInfo(shell).isExecutable() ? QStringLiteral("/bin/sh")
                                                                : shell};
}

} // namespace

std::expected<std::unique_ptr<TerminalSession>, TerminalError>
TerminalSession::start(const TerminalOptions &options)
{
    if (options.cwd.isEmpty() || !QFileInfo(options.cwd).isDir())
        return std::unexpected(
            TerminalError {QStringLiteral("cwd_missing"),
                           QStringLiteral("The folder %1 does not exist.").arg(options.cwd)});
    const QStringList program = programOf(options);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TERM"), QStringLiteral("xterm-256color"));
    env.insert(QStringLiteral("COLORTERM"), QStringLiteral("truecolor"));
    for (auto it = options.env.cbegin(); it != options.env.cend(); ++it)
        env.insert(it.key(), it.value());
    CStrings argv(program);
    CStrings envp(env.toStringList());
    const QByteArray cwd = QFile::encodeName(options.cwd);
    const QByteArray file = program.first().toLocal8Bit();

    winsize size {};
    size.ws_row = ushort(qMax(1, options.rows));
    size.ws_col = ushort(qMax(1, options.columns));
    int master = -1;
    // Signals stay blocked across the fork: until the child has reset the handlers it inherits
    // (Weft's, a test harness's), a signal must not run one of them in the child.
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
    if (pid != 0)
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (pid < 0)
        return std::unexpected(
            TerminalError {QStringLiteral("spawn_failed"),
                           QStringLiteral("Could not open a pseudo-terminal: %1.")
                               .arg(QString::fromLocal8Bit(std::strerror(errno)))});
    if (pid == 0) {
        // The child: a new session on the pty's slave. Signals Weft ignores or blocks must not
        // leak into the shell.
        for (int sig = 1; sig < NSIG; ++sig)
            signal(sig, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (chdir(cwd.constData()) != 0)
            _exit(126);
        execvpe(file.constData(), argv.pointers.data(), envp.pointers.data());
        _exit(127);
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    fcntl(master, F_SETFD, FD_CLOEXEC);
    return std::unique_ptr<TerminalSession>(new TerminalSession(options, master, pid));
}

TerminalSession::TerminalSession(const TerminalOptions &options, int masterFd, qint64 pid)
    : m_options(options)
    , m_master(masterFd)
    , m_pid(pid)
    , m_screen(qMax(1, options.rows), qMax(1, options.columns))
{
    m_screen.onOutput = [this](const QByteArray &answer) {
        // The terminal answering a query (cursor position, device attributes) to the program.
        if (m_master >= 0) [[maybe_unused]]
            const auto written = ::write(m_master, answer.constData(), size_t(answer.size()));
    };
    m_notifier = std::make_unique<QSocketNotifier>(m_master, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &TerminalSession::onReadable);
    m_reapTimer.setInterval(20);
    connect(&m_reapTimer, &QTimer::timeout, this, &TerminalSession::reap);
}

TerminalSession::~TerminalSession()
{
    m_notifier.reset();
    if (m_pid > 0) {
        // Hang up like a closed terminal window; a program that ignores it is killed.
        ::kill(pid_t(-m_pid), SIGHUP);
        ::kill(pid_t(m_pid), SIGHUP);
        int status = 0;
        pid_t done = 0;
        for (int i = 0; i < 50 && (done = ::waitpid(pid_t(m_pid), &status, WNOHANG)) == 0; ++i)
            ::usleep(2000);
        if (done == 0) {
            ::kill(pid_t(-m_pid), SIGKILL);
            ::kill(pid_t(m_pid), SIGKILL);
            ::waitpid(pid_t(m_pid), &status, 0);
        }
    }
    if (m_master >= 0)
        ::close(m_master);
}

std::expected<void, TerminalError> TerminalSession::write(const QByteArray &bytes)
{
    if (bytes.size() > kMaxWrite)
        return std::unexpected(TerminalError {
            QStringLiteral("too_large"),
            QStringLiteral("A terminal write takes at most %1 bytes; this one has %2.")
                .arg(kMaxWrite)
                .arg(bytes.size())});
    if (m_pid <= 0 || m_master < 0)
        return std::unexpected(TerminalError {QStringLiteral("not_running"),
                                              QStringLiteral("The terminal's program has ended; "
                                                             "restart it first.")});
    qsizetype done = 0;
    int stalls = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(m_master, bytes.constData() + done, size_t(bytes.size() - done));
        if (n > 0) {
            done += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        // The pty's input buffer is full (a program not reading): wait a little for it to drain
        // rather than drop keystrokes; 64 KiB is bounded, so this ends.
        if (n < 0 && errno == EAGAIN && ++stalls < 500) {
            ::usleep(1000);
            continue;
        }
        return std::unexpected(
            TerminalError {QStringLiteral("write_failed"),
                           QStringLiteral("Could not write to the terminal: %1.")
                               .arg(QString::fromLocal8Bit(std::strerror(errno)))});
    }
    return {};
}

void TerminalSession::resize(int rows, int columns)
{
    rows = qMax(1, rows);
    columns = qMax(1, columns);
    m_options.rows = rows;
    m_options.columns = columns;
    m_screen.resize(rows, columns);
    if (m_master >= 0) {
        winsize size {};
        size.ws_row = ushort(rows);
        size.ws_col = ushort(columns);
        ::ioctl(m_master, TIOCSWINSZ, &size); // the kernel sends SIGWINCH to the program
    }
}

void TerminalSession::onReadable()
{
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(m_master, buffer, sizeof buffer);
        if (n > 0) {
            const QByteArray bytes(buffer, qsizetype(n));
            m_screen.feed(bytes);
            const QString text = m_decoder.decode(bytes);
            if (!text.isEmpty())
                Q_EMIT output(text);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        // EOF or EIO: every holder of the slave side is gone; the program has ended.
        m_notifier->setEnabled(false);
        if (const QString rest = m_decoder.finish(); !rest.isEmpty())
            Q_EMIT output(rest);
        reap();
        return;
    }
}

void TerminalSession::reap()
{
    if (m_pid <= 0)
        return;
    int status = 0;
    const pid_t done = ::waitpid(pid_t(m_pid), &status, WNOHANG);
    if (done == 0) {
        // The slave closed a moment before the process became a zombie: look again shortly.
        if (!m_reapTimer.isActive())
            m_reapTimer.start();
        return;
    }
    m_reapTimer.stop();
    finish(done < 0 ? 0 : status);
}

void TerminalSession::finish(int status)
{
    m_pid = 0;
    if (WIFSIGNALED(status))
        Q_EMIT exited(-1, WTERMSIG(status));
    else
        Q_EMIT exited(WEXITSTATUS(status), 0);
}

} // namespace backend::terminal

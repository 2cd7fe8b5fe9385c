#pragma once

#include "backend/runtime/Managers.h"
#include "backend/terminal/TerminalSession.h"

#include <map>
#include <memory>
#include <utility>

namespace backend::terminal {

/// The TerminalManager of Weft: real pseudo-terminals running the user's shell, keyed by
/// (threadId, terminalId), each with a libvterm screen. Lives on the backend thread.
///
/// Actions (TerminalRequest::action) and their parameters:
/// - `open` {cwd, cols?, rows?, env?, shell? (argv; default $SHELL, else /bin/sh)} → "opened"
///   {pid, cols, rows}; opening a key that is open already answers "opened" again
/// - `write` {data} (≤ 64 KiB of UTF-8, else the error `too_large`)
/// - `resize` {cols, rows} → "resized"
/// - `clear` → "cleared" (screen and scrollback)
/// - `restart` → "opened" (the program is killed and started again with the same options)
/// - `close` → "closed"
/// Notifications: "output" {text}, "exited" {exitCode, signal}. Errors are kind "error" with a
/// code (`not_open`, `cwd_missing`, `too_large`, `invalid_request`, …) and a sentence.
class PtyTerminalManager final : public TerminalManager
{
public:
    PtyTerminalManager() = default;
    ~PtyTerminalManager() override;
    PtyTerminalManager(const PtyTerminalManager &) = delete;
    PtyTerminalManager &operator=(const PtyTerminalManager &) = delete;

    void handle(const TerminalRequest &request, const Publish &publish) override;
    void closeThread(const QString &threadId, const Publish &publish) override;

    /// The session of a key, or nullptr: for a screen view in the same thread, and tests.
    [[nodiscard]] const TerminalSession *session(const QString &threadId,
                                                 const QString &terminalId) const;

private:
    using Key = std::pair<QString, QString>;
    void open(const TerminalRequest &request, const TerminalOptions &options,
              const Publish &publish);

    std::map<Key, std::unique_ptr<TerminalSession>> m_sessions;
};

} // namespace backend::terminal

#pragma once

#include "backend/runtime/AppMessages.h"

#include <functional>

namespace backend {

/// Publishes an AppEvent to the frontend. The backend's may be called from any thread (it
/// sends on the event channel); a manager that publishes off the calling thread says so.
using Publish = std::function<void(AppEvent)>;

/// Pseudo-terminals of threads, keyed by (threadId, terminalId).
class TerminalManager
{
public:
    virtual ~TerminalManager() = default;
    virtual void handle(const TerminalRequest &request, const Publish &publish) = 0;
    /// The thread was deleted or archived: its terminals close (each reports "closed").
    virtual void closeThread(const QString &threadId, const Publish &publish)
    {
        Q_UNUSED(threadId);
        Q_UNUSED(publish);
    }
};

/// Git operations on workspaces.
class GitManager
{
public:
    virtual ~GitManager() = default;
    virtual void handle(const GitRequest &request, const Publish &publish) = 0;
};

/// Answers every terminal request with an explicit `not_supported` error.
class UnsupportedTerminalManager final : public TerminalManager
{
public:
    void handle(const TerminalRequest &request, const Publish &publish) override;
};

/// Answers every git request with an explicit `not_supported` error.
class UnsupportedGitManager final : public GitManager
{
public:
    void handle(const GitRequest &request, const Publish &publish) override;
};

} // namespace backend

#pragma once

// Builders of valid commands for engine, runtime and CLI tests. Each call gets a fresh
// commandId unless one is given, so a test states only what matters to it.

#include "backend/domain/Commands.h"

#include <QJsonObject>

namespace testing {

inline backend::CommandId freshCommandId()
{
    return backend::CommandId::generate();
}

inline backend::ProjectCreate projectCreate(const QString &projectId, const QString &root,
                                            const QString &title = QStringLiteral("Project"))
{
    return {freshCommandId(), backend::ProjectId(projectId), title, root};
}

inline backend::ThreadCreate threadCreate(const QString &threadId, const QString &projectId,
                                          const QString &title = QStringLiteral("Thread"))
{
    return {freshCommandId(),
            backend::ThreadId(threadId),
            backend::ProjectId(projectId),
            title,
            backend::ProviderSpec {QStringLiteral("shell"), {}},
            std::nullopt,
            std::nullopt};
}

inline backend::ThreadTurnStart turnStart(const QString &threadId, const QString &turnId,
                                          const QString &messageId,
                                          const QString &text = QStringLiteral("echo hello"))
{
    return {freshCommandId(), backend::ThreadId(threadId), backend::TurnId(turnId),
            backend::MessageId(messageId), text};
}

inline backend::ThreadMessageAssistantDelta delta(const QString &threadId, const QString &turnId,
                                                  const QString &messageId, const QString &text)
{
    return {freshCommandId(), backend::ThreadId(threadId), backend::MessageId(messageId),
            backend::TurnId(turnId), text};
}

inline backend::ThreadTurnComplete turnComplete(const QString &threadId, const QString &turnId,
                                                backend::TurnOutcome outcome
                                                = backend::TurnOutcome::Completed)
{
    return {freshCommandId(),
            backend::ThreadId(threadId),
            backend::TurnId(turnId),
            outcome,
            outcome == backend::TurnOutcome::Completed ? std::optional<int>(0) : std::nullopt,
            std::nullopt};
}

} // namespace testing

#include "backend/runtime/Managers.h"

namespace backend {

void UnsupportedTerminalManager::handle(const TerminalRequest &request, const Publish &publish)
{
    publish(AppEvent {AppEvent::TerminalEvent {
        request.requestId,
        request.threadId,
        request.terminalId,
        QStringLiteral("error"),
        QStringLiteral("not_supported"),
        QStringLiteral("Terminals are not supported by this build of Weft (request “%1”).")
            .arg(request.action),
        {}}});
}

void UnsupportedGitManager::handle(const GitRequest &request, const Publish &publish)
{
    publish(AppEvent {AppEvent::GitEvent {
        request.requestId,
        QStringLiteral("error"),
        QStringLiteral("not_supported"),
        QStringLiteral("Git operations are not supported by this build of Weft (request “%1”).")
            .arg(request.action),
        {}}});
}

} // namespace backend

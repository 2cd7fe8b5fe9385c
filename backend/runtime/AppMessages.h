#pragma once

#include "backend/domain/Commands.h"
#include "backend/domain/ReadModel.h"
#include "backend/domain/StoredEvent.h"

#include <QJsonObject>
#include <QString>

#include <variant>

namespace backend {

// What the GUI sends to the backend thread and what comes back. Plain values only: they cross
// threads through Channel<T>.

/// A request to the terminal manager, keyed by (threadId, terminalId).
struct TerminalRequest
{
    QString requestId;
    QString threadId;
    QString terminalId;
    QString action; ///< "open" | "write" | "resize" | "clear" | "restart" | "close"
    QJsonObject params; ///< action arguments (cwd, cols, rows, env, data, …)
};

/// A request to the git manager.
struct GitRequest
{
    QString requestId;
    QString action; ///< "status" | "branches" | "switch" | "diff" | "commit" | …
    QJsonObject params; ///< action arguments (repository path, ref, message, …)
};

struct AppCommand
{
    struct Orchestration
    {
        Command command;
    };
    struct Terminal
    {
        TerminalRequest request;
    };
    struct Git
    {
        GitRequest request;
    };
    std::variant<Orchestration, Terminal, Git> value;
};

struct AppEvent
{
    /// The backend is up; `model` is the read model every later DomainEvent extends.
    struct Ready
    {
        ReadModel model;
        QString databasePath;
    };
    /// The backend could not start (database refused, …); nothing else will follow.
    struct Failed
    {
        QString code;
        QString message;
    };
    struct DomainEvent
    {
        StoredEvent event;
    };
    struct CommandRejected
    {
        QString commandId;
        QString code;
        QString message;
    };
    struct ReactorFailed
    {
        QString reactor;
        QString eventId;
        QString message;
    };
    /// A terminal manager answer or notification (output, exit, error).
    struct TerminalEvent
    {
        QString requestId;
        QString threadId;
        QString terminalId;
        /// "opened" | "output" | "resized" | "cleared" | "exited" | "closed" | "error"
        QString kind;
        QString code; ///< for errors, e.g. "not_supported"
        QString message;
        QJsonObject data;
    };
    /// A git manager answer or progress report.
    struct GitEvent
    {
        QString requestId;
        QString kind; ///< "result" | "progress" | "error"
        QString code;
        QString message;
        QJsonObject data;
    };
    std::variant<Ready, Failed, DomainEvent, CommandRejected, ReactorFailed, TerminalEvent,
                 GitEvent>
        value;
};

} // namespace backend

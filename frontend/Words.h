#pragma once

#include "backend/domain/Events.h"
#include "backend/domain/ReadModel.h"

#include <QString>

namespace frontend {

// The words the views show and test against for the domain's enums (the same words as the wire
// format; the codec's own table is private to backend/domain).

[[nodiscard]] inline QString statusWord(backend::ThreadStatus status)
{
    using S = backend::ThreadStatus;
    switch (status) {
    case S::Idle:
        return QStringLiteral("idle");
    case S::Starting:
        return QStringLiteral("starting");
    case S::Running:
        return QStringLiteral("running");
    case S::Ready:
        return QStringLiteral("ready");
    case S::Interrupted:
        return QStringLiteral("interrupted");
    case S::Stopped:
        return QStringLiteral("stopped");
    case S::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("idle");
}

[[nodiscard]] inline QString turnStateWord(backend::TurnState state)
{
    using S = backend::TurnState;
    switch (state) {
    case S::Running:
        return QStringLiteral("running");
    case S::Completed:
        return QStringLiteral("completed");
    case S::Interrupted:
        return QStringLiteral("interrupted");
    case S::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("running");
}

} // namespace frontend

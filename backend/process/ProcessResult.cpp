#include "backend/process/ProcessResult.h"

namespace backend {

QString ProcessError::codeName() const
{
    switch (code) {
    case Code::EmptyCommand:
        return QStringLiteral("empty-command");
    case Code::NotFound:
        return QStringLiteral("not-found");
    case Code::NotExecutable:
        return QStringLiteral("not-executable");
    case Code::WorkingDirectoryMissing:
        return QStringLiteral("working-directory-missing");
    case Code::FailedToStart:
        return QStringLiteral("failed-to-start");
    case Code::Abandoned:
        return QStringLiteral("abandoned");
    }
    return QStringLiteral("failed-to-start");
}

} // namespace backend

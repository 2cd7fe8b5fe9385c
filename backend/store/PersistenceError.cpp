#include "backend/store/PersistenceError.h"

namespace backend {

QString PersistenceError::codeName() const
{
    switch (code) {
    case Code::OpenFailed:
        return QStringLiteral("open_failed");
    case Code::NotADatabase:
        return QStringLiteral("not_a_database");
    case Code::NotWeft:
        return QStringLiteral("not_weft");
    case Code::NewerSchema:
        return QStringLiteral("newer_schema");
    case Code::Corrupt:
        return QStringLiteral("corrupt");
    case Code::QueryFailed:
        return QStringLiteral("query_failed");
    case Code::Conflict:
        return QStringLiteral("conflict");
    }
    return QStringLiteral("unknown");
}

} // namespace backend

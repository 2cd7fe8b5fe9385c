#include "backend/domain/CodecError.h"

namespace backend {

QString CodecError::codeName() const
{
    switch (code) {
    case Code::UnknownType:
        return QStringLiteral("unknown_type");
    case Code::MissingField:
        return QStringLiteral("missing_field");
    case Code::InvalidField:
        return QStringLiteral("invalid_field");
    case Code::UnsupportedVersion:
        return QStringLiteral("unsupported_version");
    case Code::Malformed:
        return QStringLiteral("malformed");
    }
    return QStringLiteral("malformed");
}

} // namespace backend

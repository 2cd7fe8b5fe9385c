#include "backend/providers/ProviderError.h"

namespace backend {

QString ProviderError::codeName() const
{
    switch (code) {
    case Code::UnknownKind:
        return QStringLiteral("unknown-kind");
    case Code::InvalidTemplate:
        return QStringLiteral("invalid-template");
    case Code::InvalidPresets:
        return QStringLiteral("invalid-presets");
    case Code::Io:
        return QStringLiteral("io");
    }
    return QStringLiteral("unknown-kind");
}

} // namespace backend

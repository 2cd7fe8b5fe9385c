#pragma once

#include <QString>

namespace backend {

/// Why JSON could not be decoded: a stable code, the offending field (dotted path, e.g.
/// "provider.kind") and a sentence for a person.
struct CodecError
{
    enum class Code { UnknownType, MissingField, InvalidField, UnsupportedVersion, Malformed };

    Code code;
    QString field;
    QString message;

    /// The stable snake_case name of the code, e.g. "missing_field".
    [[nodiscard]] QString codeName() const;
};

} // namespace backend

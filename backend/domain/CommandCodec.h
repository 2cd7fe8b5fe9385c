#pragma once

#include "backend/domain/CodecError.h"
#include "backend/domain/Commands.h"

#include <QJsonObject>

#include <expected>

namespace backend {

/// Decodes a command from its JSON form `{"type": "project.create", "commandId": …, …}`.
/// An unknown type, a missing required field or a field of the wrong type is a CodecError
/// naming the field; unknown extra fields are ignored.
std::expected<Command, CodecError> decodeCommand(const QJsonObject &json);

/// The JSON form of a command; decodeCommand(encodeCommand(c)) == c.
[[nodiscard]] QJsonObject encodeCommand(const Command &command);

} // namespace backend

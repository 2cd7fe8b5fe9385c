#pragma once

#include "backend/domain/CodecError.h"
#include "backend/domain/Events.h"
#include "backend/domain/StoredEvent.h"

#include <QJsonObject>

#include <expected>
#include <optional>

namespace backend {

/// The JSON payload of an event (field names as in the structs, camelCase; enums as lower-case
/// words; absent optionals are absent keys).
[[nodiscard]] QJsonObject encodeEventPayload(const Event &event);

/// Decodes a payload of a known type; std::nullopt for a type this build does not know.
std::expected<std::optional<Event>, CodecError> decodeEvent(const QString &type,
                                                            const QJsonObject &payload);

/// A stored event as one JSON object (the `weft events` / `weft dispatch` line): sequence,
/// eventId, type, aggregateKind, aggregateId, streamVersion, commandId, causationEventId,
/// correlationId, occurredAt (ISO 8601 UTC with milliseconds), payload. An empty
/// causationEventId or correlationId is written as null (and null, absent or "" read back as
/// empty); an invalid occurredAt is written as null.
[[nodiscard]] QJsonObject storedEventToJson(const StoredEvent &event);
std::expected<StoredEvent, CodecError> storedEventFromJson(const QJsonObject &json);

} // namespace backend

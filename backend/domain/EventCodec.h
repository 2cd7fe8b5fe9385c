#pragma once

#include "backend/domain/CodecError.h"
#include "backend/domain/Events.h"
#include "backend/domain/StoredEvent.h"

#include <QJsonObject>

#include <expected>
#include <optional>

namespace backend {

/// The JSON payload of an event as the store keeps it: compact UTF-8 text (field names as in
/// the structs, camelCase; enums as lower-case words; absent optionals are absent keys; keys in
/// sorted order), exactly what QJsonDocument::toJson(Compact) writes for the same object.
[[nodiscard]] QByteArray encodeEventPayloadJson(const Event &event);

/// The same payload as an object.
[[nodiscard]] QJsonObject encodeEventPayload(const Event &event);

/// Decodes a payload of a known type; std::nullopt for a type this build does not know.
std::expected<std::optional<Event>, CodecError> decodeEvent(const QString &type,
                                                            const QJsonObject &payload);

/// Decodes a payload in either form: text through decodeEventJson, without building an object.
std::expected<std::optional<Event>, CodecError> decodeEvent(const QString &type,
                                                            const EventPayload &payload);

/// Decodes a payload still in its stored form (compact UTF-8 JSON), for replay: a type this
/// build does not know is std::nullopt without parsing; text that is not a JSON object is
/// Malformed.
std::expected<std::optional<Event>, CodecError> decodeEventJson(const QString &type,
                                                                QByteArrayView json);

/// As decodeEventJson, for folding into the read model: may leave out what no fold reads (the
/// text of a thread.message-sent, which lives in the store's messages table). Replay's path.
std::expected<std::optional<Event>, CodecError> decodeEventForFold(const QString &type,
                                                                   QByteArrayView json);

/// A stored event as one JSON object (the `weft events` / `weft dispatch` line): sequence,
/// eventId, type, aggregateKind, aggregateId, streamVersion, commandId, causationEventId,
/// correlationId, occurredAt (ISO 8601 UTC with milliseconds), payload. An empty
/// causationEventId or correlationId is written as null (and null, absent or "" read back as
/// empty); an invalid occurredAt is written as null.
[[nodiscard]] QJsonObject storedEventToJson(const StoredEvent &event);
std::expected<StoredEvent, CodecError> storedEventFromJson(const QJsonObject &json);

} // namespace backend

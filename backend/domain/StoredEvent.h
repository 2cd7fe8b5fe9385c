#pragma once

#include "backend/domain/EventPayload.h"

#include <QDateTime>
#include <QString>

namespace backend {

/// An event as the store keeps it: the envelope plus the JSON payload. The store, the wire
/// (`weft events`) and the GUI deal in this type; the projector decodes the payload and ignores
/// types it does not know, so an older Weft can read a newer history.
struct StoredEvent
{
    qint64 sequence = 0; ///< global order, assigned by the store
    QString eventId;
    QString aggregateKind; ///< "project" | "thread" | …
    QString aggregateId;
    qint64 streamVersion = 0; ///< 1, 2, … within the aggregate; unique with it
    QString type; ///< e.g. "thread.turn-started"
    EventPayload payload;
    QDateTime occurredAt; ///< UTC, millisecond precision
    QString commandId;
    QString causationEventId; ///< the event whose reactor issued the command; empty if none
    QString correlationId; ///< the first command of the causal chain

    friend bool operator==(const StoredEvent &, const StoredEvent &) = default;
};

} // namespace backend

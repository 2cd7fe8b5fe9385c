#pragma once

#include "backend/domain/Events.h"
#include "backend/domain/ReadModel.h"
#include "backend/domain/ReplayedEvent.h"
#include "backend/domain/StoredEvent.h"

namespace backend {

/// Folds one stored event into the read model: decodes the payload and applies it, sets the
/// aggregate's version to the event's streamVersion and the model's sequence to the event's.
/// Event types it does not know (a newer Weft's) and payloads it cannot decode change nothing
/// but the sequence and their aggregate's stream version: the version must still move, or the
/// engine would stamp the next event of that aggregate with a version already taken. Pure apart
/// from mutating `model` in place (replay folds millions of events).
void project(ReadModel &model, const StoredEvent &event);

/// The same fold for an event streamed by replay (payload still JSON text). Returns false, and
/// changes nothing, when the payload is not a JSON object at all: the store is damaged.
[[nodiscard]] bool project(ReadModel &model, const ReplayedEvent &event);

/// Applies an already decoded event; `at` stamps created/updated times.
void apply(ReadModel &model, const Event &event, const QDateTime &at);

/// Value-returning form of `project`, for tests and reasoning.
[[nodiscard]] inline ReadModel projected(ReadModel model, const StoredEvent &event)
{
    project(model, event);
    return model;
}

} // namespace backend

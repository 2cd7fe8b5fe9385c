#pragma once

#include "backend/domain/Commands.h"
#include "backend/domain/DeciderError.h"
#include "backend/domain/Events.h"
#include "backend/domain/ReadModel.h"

#include <QList>

#include <expected>

namespace backend {

/// The business rules: given the current read model, what a command makes happen — the events
/// in order — or why it is refused. Pure: no clock, no I/O, no randomness; ids come from the
/// command (an activity's id is derived from the command's id).
std::expected<QList<Event>, DeciderError> decide(const Command &command, const ReadModel &model);

} // namespace backend

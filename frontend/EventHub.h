#pragma once

#include "backend/domain/StoredEvent.h"

#include <QObject>

namespace frontend {

/// The C++-only side of AppClient that list models listen to: `reset` when a whole read model
/// arrives (start-up), `applied` after each DomainEvent has been folded into AppClient's model.
/// Kept out of AppClient so that QML never sees the backend's value types.
class EventHub : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

Q_SIGNALS:
    void reset();
    void applied(const backend::StoredEvent &event);
};

} // namespace frontend

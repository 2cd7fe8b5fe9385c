#pragma once

#include "backend/domain/StoredEvent.h"

#include <QCoro/QCoroTask>

namespace backend {

class OrchestrationEngine;

/// Something that acts on stored events after they are broadcast: runs a provider, takes a
/// checkpoint, schedules the next task. A reactor may dispatch follow-up commands through the
/// engine; their events carry the triggering event as causation. A reactor that throws is
/// logged and reported; it never stops the engine or the other reactors.
class Reactor
{
public:
    virtual ~Reactor() = default;
    /// A short name for logs and failure reports, e.g. "provider".
    [[nodiscard]] virtual QString name() const = 0;
    /// Called once after the engine has rebuilt its model and before the first command is
    /// handled (`backend::start` awaits it): the place to reconcile state left by an earlier
    /// run, e.g. turns still `running` with no process behind them.
    virtual QCoro::Task<> onStart(OrchestrationEngine &engine)
    {
        Q_UNUSED(engine);
        co_return;
    }
    virtual QCoro::Task<> onEvent(const StoredEvent &event, OrchestrationEngine &engine) = 0;
};

} // namespace backend

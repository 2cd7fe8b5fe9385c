#pragma once

// What a test sees of the backend: every AppEvent delivered to the test's thread, and the
// AppCommand wrapper for orchestration commands.

#include "backend/runtime/AppMessages.h"
#include "backend/runtime/Channel.h"

#include <QList>
#include <QObject>

#include <variant>

namespace testing {

/// Collects the AppEvents delivered to the thread that created it.
class EventLog : public QObject
{
public:
    explicit EventLog(backend::Channel<backend::AppEvent> &events)
        : m_events(events)
    {
        events.onReady(this, [this] {
            for (backend::AppEvent &e : m_events.takeAll())
                received.append(std::move(e));
        });
    }

    template<typename T> QList<T> all() const
    {
        QList<T> out;
        for (const backend::AppEvent &e : received) {
            if (const T *t = std::get_if<T>(&e.value))
                out.append(*t);
        }
        return out;
    }

    /// The stored events of one type, in delivery order.
    [[nodiscard]] QList<backend::StoredEvent> domainEvents(const QString &type) const
    {
        QList<backend::StoredEvent> out;
        for (const auto &e : all<backend::AppEvent::DomainEvent>())
            if (e.event.type == type)
                out.append(e.event);
        return out;
    }

    QList<backend::AppEvent> received;

private:
    backend::Channel<backend::AppEvent> &m_events;
};

inline backend::AppCommand orchestration(backend::Command command)
{
    return backend::AppCommand {backend::AppCommand::Orchestration {std::move(command)}};
}

} // namespace testing

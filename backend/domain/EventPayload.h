#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace backend {

/// An event's JSON payload, held in the form it was made in: the compact UTF-8 text the store
/// keeps (what the engine encodes and the store writes) or a QJsonObject (tests, tools, the
/// wire). Each form is derived from the other on demand, so dispatch encodes a payload once,
/// to text, and only a reader that asks for the object pays for parsing it. A plain value:
/// nothing is cached, so asking twice parses twice — keep the object you need.
class EventPayload
{
public:
    EventPayload() = default;
    /// Implicit: a payload is a JSON object.
    EventPayload(QJsonObject object) // NOLINT(google-explicit-constructor)
        : m_object(std::move(object))
    {
    }
    /// A payload as stored: compact UTF-8 JSON text of an object (not checked here; text that is
    /// not an object reads as an empty object).
    [[nodiscard]] static EventPayload fromJson(QByteArray json);

    /// The payload as an object (parsed when held as text).
    [[nodiscard]] QJsonObject object() const;
    /// The payload as compact UTF-8 JSON text (encoded when held as an object).
    [[nodiscard]] QByteArray json() const;
    /// True when held as text: json() is free and object() parses.
    [[nodiscard]] bool isText() const { return m_isText; }
    /// object().value(key), for any key QJsonObject::value takes.
    template<typename Key> [[nodiscard]] QJsonValue value(const Key &key) const
    {
        return object().value(key);
    }

    /// Equal when the objects are (texts of one encoder are compared as texts).
    friend bool operator==(const EventPayload &a, const EventPayload &b);

private:
    QByteArray m_json;
    QJsonObject m_object;
    bool m_isText = false;
};

} // namespace backend

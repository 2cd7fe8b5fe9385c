#include "backend/domain/EventPayload.h"

#include <QJsonDocument>

namespace backend {

EventPayload EventPayload::fromJson(QByteArray json)
{
    EventPayload payload;
    payload.m_json = std::move(json);
    payload.m_isText = true;
    return payload;
}

QJsonObject EventPayload::object() const
{
    if (!m_isText)
        return m_object;
    return QJsonDocument::fromJson(m_json).object();
}

QByteArray EventPayload::json() const
{
    if (m_isText)
        return m_json;
    return QJsonDocument(m_object).toJson(QJsonDocument::Compact);
}

bool operator==(const EventPayload &a, const EventPayload &b)
{
    if (a.m_isText && b.m_isText && a.m_json == b.m_json)
        return true;
    return a.object() == b.object();
}

} // namespace backend

#include "backend/store/ProjectionWriter.h"

#include "backend/domain/Events.h"
#include "backend/store/SqlSupport.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace backend::store {

namespace {

bool hasStrings(const QJsonObject &payload, std::initializer_list<QLatin1String> keys)
{
    for (const QLatin1String key : keys) {
        if (!payload.value(key).isString()) {
            return false;
        }
    }
    return true;
}

/// The string at `key`, never a null QString: Qt SQL binds a null QString as SQL NULL, and an
/// empty delta must append '' (text || NULL would be NULL).
QString stringAt(const QJsonObject &payload, QLatin1String key)
{
    QString value = payload.value(key).toString();
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace

ProjectionWriter::ProjectionWriter(const QSqlDatabase &db)
    : m_upsertMessage(db)
    , m_insertActivity(db)
    , m_deleteTurnMessages(db)
    , m_deleteTurnActivities(db)
{
}

std::expected<void, PersistenceError> ProjectionWriter::prepare(const QString &path)
{
    // A streamed assistant message grows by `text || delta`: SQLite rewrites the whole row for
    // every delta, so a very long stream costs O(length²) bytes written. Acceptable for chat-sized
    // messages; a delta table folded at the end of the stream is the fix if it ever shows up.
    auto prepared = store::prepare(m_upsertMessage, QStringLiteral(R"(
        INSERT INTO messages (thread_id, message_id, sequence, turn_id, role, text, streaming,
                              created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (thread_id, message_id) DO UPDATE SET
            text = messages.text || excluded.text,
            streaming = excluded.streaming,
            turn_id = coalesce(messages.turn_id, excluded.turn_id),
            updated_at = excluded.updated_at)"),
                                   path);
    if (!prepared) {
        return prepared;
    }
    prepared = store::prepare(m_insertActivity, QStringLiteral(R"(
        INSERT INTO activities (sequence, thread_id, turn_id, activity_id, tone, kind, summary,
                                payload, occurred_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?))"),
                              path);
    if (!prepared) {
        return prepared;
    }
    prepared = store::prepare(
        m_deleteTurnMessages,
        QStringLiteral("DELETE FROM messages WHERE thread_id = ? AND turn_id = ?"), path);
    if (!prepared) {
        return prepared;
    }
    return store::prepare(
        m_deleteTurnActivities,
        QStringLiteral("DELETE FROM activities WHERE thread_id = ? AND turn_id = ?"), path);
}

std::expected<void, PersistenceError> ProjectionWriter::apply(const StoredEvent &event,
                                                              const QString &path)
{
    if (event.type == QLatin1String(ThreadMessageSent::kType)) {
        return upsertMessage(event, path);
    }
    if (event.type == QLatin1String(ThreadActivityAppended::kType)) {
        return insertActivity(event, path);
    }
    if (event.type == QLatin1String(ThreadReverted::kType)) {
        return removeTurns(event, path);
    }
    return {};
}

std::expected<void, PersistenceError> ProjectionWriter::upsertMessage(const StoredEvent &event,
                                                                      const QString &path)
{
    const QJsonObject &p = event.payload;
    if (!hasStrings(p, {QLatin1String("threadId"), QLatin1String("messageId")})) {
        // The decider wrote it, so this is a bug upstream; the event itself is still stored.
        qCWarning(lcStore) << "event" << event.sequence << "of type" << event.type
                           << "lacks threadId/messageId; not projected";
        return {};
    }
    const qint64 at = event.occurredAt.toMSecsSinceEpoch();
    m_upsertMessage.bindValue(0, stringAt(p, QLatin1String("threadId")));
    m_upsertMessage.bindValue(1, stringAt(p, QLatin1String("messageId")));
    m_upsertMessage.bindValue(2, event.sequence);
    m_upsertMessage.bindValue(3, nullIfEmpty(p.value(QLatin1String("turnId")).toString()));
    m_upsertMessage.bindValue(4, stringAt(p, QLatin1String("role")));
    m_upsertMessage.bindValue(5, stringAt(p, QLatin1String("text")));
    m_upsertMessage.bindValue(6, p.value(QLatin1String("streaming")).toBool() ? 1 : 0);
    m_upsertMessage.bindValue(7, at);
    m_upsertMessage.bindValue(8, at);
    return exec(m_upsertMessage, path, "project a message");
}

std::expected<void, PersistenceError> ProjectionWriter::insertActivity(const StoredEvent &event,
                                                                       const QString &path)
{
    const QJsonObject &p = event.payload;
    if (!hasStrings(p, {QLatin1String("threadId"), QLatin1String("activityId")})) {
        qCWarning(lcStore) << "event" << event.sequence << "of type" << event.type
                           << "lacks threadId/activityId; not projected";
        return {};
    }
    m_insertActivity.bindValue(0, event.sequence);
    m_insertActivity.bindValue(1, stringAt(p, QLatin1String("threadId")));
    m_insertActivity.bindValue(2, nullIfEmpty(p.value(QLatin1String("turnId")).toString()));
    m_insertActivity.bindValue(3, stringAt(p, QLatin1String("activityId")));
    m_insertActivity.bindValue(4, stringAt(p, QLatin1String("tone")));
    m_insertActivity.bindValue(5, stringAt(p, QLatin1String("kind")));
    m_insertActivity.bindValue(6, stringAt(p, QLatin1String("summary")));
    m_insertActivity.bindValue(
        7,
        QJsonDocument(p.value(QLatin1String("payload")).toObject()).toJson(QJsonDocument::Compact));
    m_insertActivity.bindValue(8, event.occurredAt.toMSecsSinceEpoch());
    return exec(m_insertActivity, path, "project an activity");
}

std::expected<void, PersistenceError> ProjectionWriter::removeTurns(const StoredEvent &event,
                                                                    const QString &path)
{
    // thread.reverted: the removed turns' messages and activities leave the tables with it.
    const QString threadId = stringAt(event.payload, QLatin1String("threadId"));
    const QJsonArray turns = event.payload.value(QLatin1String("removedTurnIds")).toArray();
    for (const QJsonValue &turn : turns) {
        for (QSqlQuery *query : {&m_deleteTurnMessages, &m_deleteTurnActivities}) {
            query->bindValue(0, threadId);
            query->bindValue(1, turn.toString());
            if (auto done = exec(*query, path, "remove a reverted turn's rows"); !done) {
                return done;
            }
        }
    }
    return {};
}

} // namespace backend::store

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

/// The string at `key`, never a null QString: Qt SQL binds a null QString as SQL NULL, and the
/// text columns are NOT NULL.
QString stringAt(const QJsonObject &payload, QLatin1String key)
{
    QString value = payload.value(key).toString();
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace

ProjectionWriter::ProjectionWriter(const QSqlDatabase &db)
    : m_touchMessage(db)
    , m_insertMessage(db)
    , m_insertChunk(db)
    , m_insertActivity(db)
    , m_deleteTurnChunks(db)
    , m_deleteTurnMessages(db)
    , m_deleteTurnActivities(db)
{
}

std::expected<void, PersistenceError> ProjectionWriter::prepare(const QString &path)
{
    const std::pair<QSqlQuery *, const char *> statements[] = {
        {&m_touchMessage, R"(
            UPDATE messages SET streaming = ?, turn_id = coalesce(turn_id, ?), updated_at = ?
            WHERE thread_id = ? AND message_id = ?)"},
        {&m_insertMessage, R"(
            INSERT INTO messages (thread_id, message_id, sequence, turn_id, role, text, streaming,
                                  created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))"},
        {&m_insertChunk, R"(
            INSERT INTO message_chunks (sequence, thread_id, message_id, text)
            VALUES (?, ?, ?, ?))"},
        {&m_insertActivity, R"(
            INSERT INTO activities (sequence, thread_id, turn_id, activity_id, tone, kind,
                                    summary, payload, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?))"},
        // Before the messages themselves: the chunks are found through their message rows.
        {&m_deleteTurnChunks, R"(
            DELETE FROM message_chunks WHERE thread_id = ? AND message_id IN (
                SELECT message_id FROM messages WHERE thread_id = ? AND turn_id = ?))"},
        {&m_deleteTurnMessages, "DELETE FROM messages WHERE thread_id = ? AND turn_id = ?"},
        {&m_deleteTurnActivities, "DELETE FROM activities WHERE thread_id = ? AND turn_id = ?"},
    };
    for (const auto &[query, sql] : statements) {
        if (auto prepared = store::prepare(*query, QString::fromLatin1(sql), path); !prepared) {
            return prepared;
        }
    }
    return {};
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
    const QString threadId = stringAt(p, QLatin1String("threadId"));
    const QString messageId = stringAt(p, QLatin1String("messageId"));
    const QVariant turnId = nullIfEmpty(p.value(QLatin1String("turnId")).toString());
    const int streaming = p.value(QLatin1String("streaming")).toBool() ? 1 : 0;
    const QString text = stringAt(p, QLatin1String("text"));

    // The message row is small (its text is the first event's), so updating it per delta is
    // cheap; the delta's text goes into a row of its own.
    m_touchMessage.bindValue(0, streaming);
    m_touchMessage.bindValue(1, turnId);
    m_touchMessage.bindValue(2, at);
    m_touchMessage.bindValue(3, threadId);
    m_touchMessage.bindValue(4, messageId);
    if (auto done = exec(m_touchMessage, path, "project a message"); !done) {
        return done;
    }
    if (m_touchMessage.numRowsAffected() > 0) {
        if (text.isEmpty()) {
            return {};
        }
        m_insertChunk.bindValue(0, event.sequence);
        m_insertChunk.bindValue(1, threadId);
        m_insertChunk.bindValue(2, messageId);
        m_insertChunk.bindValue(3, text);
        return exec(m_insertChunk, path, "project a message delta");
    }
    m_insertMessage.bindValue(0, threadId);
    m_insertMessage.bindValue(1, messageId);
    m_insertMessage.bindValue(2, event.sequence);
    m_insertMessage.bindValue(3, turnId);
    m_insertMessage.bindValue(4, stringAt(p, QLatin1String("role")));
    m_insertMessage.bindValue(5, text);
    m_insertMessage.bindValue(6, streaming);
    m_insertMessage.bindValue(7, at);
    m_insertMessage.bindValue(8, at);
    return exec(m_insertMessage, path, "project a message");
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
    // thread.reverted: the removed turns' messages, their chunks and activities leave the tables.
    const QString threadId = stringAt(event.payload, QLatin1String("threadId"));
    const QJsonArray turns = event.payload.value(QLatin1String("removedTurnIds")).toArray();
    for (const QJsonValue &turn : turns) {
        m_deleteTurnChunks.bindValue(0, threadId);
        m_deleteTurnChunks.bindValue(1, threadId);
        m_deleteTurnChunks.bindValue(2, turn.toString());
        if (auto done = exec(m_deleteTurnChunks, path, "remove a reverted turn's rows"); !done) {
            return done;
        }
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

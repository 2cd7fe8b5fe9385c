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

/// The string at `key` as UTF-8 ('' when absent; the text columns are NOT NULL).
QByteArray utf8At(const QJsonObject &payload, QLatin1String key)
{
    return payload.value(key).toString().toUtf8();
}

} // namespace

ProjectionWriter::ProjectionWriter(const QSqlDatabase &db)
    : m_db(db)
{
}

std::expected<void, PersistenceError> ProjectionWriter::prepare(const QString &path)
{
    const std::pair<SqliteStatement *, const char *> statements[] = {
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
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))"},
        // Before the messages themselves: the chunks are found through their message rows.
        {&m_deleteTurnChunks, R"(
            DELETE FROM message_chunks WHERE thread_id = ?1 AND message_id IN (
                SELECT message_id FROM messages WHERE thread_id = ?1 AND turn_id = ?2))"},
        {&m_deleteTurnMessages, "DELETE FROM messages WHERE thread_id = ?1 AND turn_id = ?2"},
        {&m_deleteTurnActivities, "DELETE FROM activities WHERE thread_id = ?1 AND turn_id = ?2"},
    };
    sqlite3 *handle = sqliteHandle(m_db);
    for (const auto &[statement, sql] : statements) {
        if (auto prepared = statement->prepare(handle, sql, path); !prepared) {
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

std::expected<void, PersistenceError> ProjectionWriter::flush(const QString &path)
{
    for (const TouchedMessage &message : std::as_const(m_touched)) {
        if (!message.deferred) {
            continue;
        }
        if (auto done = touchMessage(message, path); !done) {
            return done;
        }
    }
    m_touched.clear();
    return {};
}

void ProjectionWriter::discard()
{
    m_touched.clear();
}

std::expected<void, PersistenceError> ProjectionWriter::touchMessage(const TouchedMessage &message,
                                                                     const QString &path)
{
    m_touchMessage.bind(1, message.streaming);
    m_touchMessage.bindOrNull(2, message.turnId);
    m_touchMessage.bind(3, message.updatedAt);
    m_touchMessage.bind(4, message.threadId);
    m_touchMessage.bind(5, message.messageId);
    return m_touchMessage.run(path, "project a message");
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
    const QString threadId = p.value(QLatin1String("threadId")).toString();
    const QString messageId = p.value(QLatin1String("messageId")).toString();
    const QString key = threadId + QChar(0) + messageId;
    const QByteArray turnId = utf8At(p, QLatin1String("turnId"));
    const qint64 streaming = p.value(QLatin1String("streaming")).toBool() ? 1 : 0;
    const qint64 at = event.occurredAt.toMSecsSinceEpoch();
    const QByteArray text = utf8At(p, QLatin1String("text"));

    auto insertChunk = [&](const TouchedMessage &message) -> std::expected<void, PersistenceError> {
        if (text.isEmpty()) {
            return {};
        }
        m_insertChunk.bind(1, event.sequence);
        m_insertChunk.bind(2, message.threadId);
        m_insertChunk.bind(3, message.messageId);
        m_insertChunk.bind(4, text);
        return m_insertChunk.run(path, "project a message delta");
    };

    // A stream's deltas mostly arrive in one group commit: its message row is updated at the
    // end of the transaction once instead of once per delta (the delta's text is a row of its
    // own either way). Updating it in order would give the same row: streaming and updated_at
    // of the last event, turn_id the first non-empty one.
    if (const auto touched = m_touched.find(key); touched != m_touched.end()) {
        touched->streaming = streaming;
        touched->updatedAt = at;
        if (touched->turnId.isEmpty()) {
            touched->turnId = turnId;
        }
        touched->deferred = true;
        return insertChunk(*touched);
    }

    TouchedMessage message {.threadId = threadId.toUtf8(),
                            .messageId = messageId.toUtf8(),
                            .turnId = turnId,
                            .streaming = streaming,
                            .updatedAt = at,
                            .deferred = false};
    if (auto done = touchMessage(message, path); !done) {
        return done;
    }
    if (m_touchMessage.changes() > 0) {
        if (auto done = insertChunk(message); !done) {
            return done;
        }
    } else {
        const QByteArray role = utf8At(p, QLatin1String("role"));
        m_insertMessage.bind(1, message.threadId);
        m_insertMessage.bind(2, message.messageId);
        m_insertMessage.bind(3, event.sequence);
        m_insertMessage.bindOrNull(4, turnId);
        m_insertMessage.bind(5, role);
        m_insertMessage.bind(6, text);
        m_insertMessage.bind(7, streaming);
        m_insertMessage.bind(8, at);
        m_insertMessage.bind(9, at);
        if (auto done = m_insertMessage.run(path, "project a message"); !done) {
            return done;
        }
    }
    // From now on the row's turn_id is set if any event gave one: a deferred update only needs
    // a turn id when none came so far.
    message.turnId = QByteArray();
    m_touched.insert(key, std::move(message));
    return {};
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
    const QByteArray threadId = utf8At(p, QLatin1String("threadId"));
    const QByteArray turnId = utf8At(p, QLatin1String("turnId"));
    const QByteArray activityId = utf8At(p, QLatin1String("activityId"));
    const QByteArray tone = utf8At(p, QLatin1String("tone"));
    const QByteArray kind = utf8At(p, QLatin1String("kind"));
    const QByteArray summary = utf8At(p, QLatin1String("summary"));
    const QByteArray payload = QJsonDocument(p.value(QLatin1String("payload")).toObject())
                                   .toJson(QJsonDocument::Compact);
    m_insertActivity.bind(1, event.sequence);
    m_insertActivity.bind(2, threadId);
    m_insertActivity.bindOrNull(3, turnId);
    m_insertActivity.bind(4, activityId);
    m_insertActivity.bind(5, tone);
    m_insertActivity.bind(6, kind);
    m_insertActivity.bind(7, summary);
    m_insertActivity.bind(8, payload);
    m_insertActivity.bind(9, event.occurredAt.toMSecsSinceEpoch());
    return m_insertActivity.run(path, "project an activity");
}

std::expected<void, PersistenceError> ProjectionWriter::removeTurns(const StoredEvent &event,
                                                                    const QString &path)
{
    // The deferred message rows are written first: the turns' rows go now, and a message of
    // them that comes back later in the transaction must be inserted again, not touched.
    if (auto flushed = flush(path); !flushed) {
        return flushed;
    }
    // thread.reverted: the removed turns' messages, their chunks and activities leave the tables.
    const QByteArray threadId = utf8At(event.payload, QLatin1String("threadId"));
    const QJsonArray turns = event.payload.value(QLatin1String("removedTurnIds")).toArray();
    for (const QJsonValue &turn : turns) {
        const QByteArray turnId = turn.toString().toUtf8();
        for (SqliteStatement *statement :
             {&m_deleteTurnChunks, &m_deleteTurnMessages, &m_deleteTurnActivities}) {
            statement->bind(1, threadId);
            statement->bind(2, turnId);
            if (auto done = statement->run(path, "remove a reverted turn's rows"); !done) {
                return done;
            }
        }
    }
    return {};
}

} // namespace backend::store

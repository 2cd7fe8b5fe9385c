#include "backend/store/ProjectionWriter.h"

#include "backend/domain/EventCodec.h"
#include "backend/domain/Events.h"
#include "backend/domain/JsonFields.h"
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

/// What the projection reads of a thread.message-sent.
struct MessageFields
{
    QString threadId;
    QString messageId;
    QString turnId; ///< empty when none
    QString role; ///< the role's word, as stored
    QString text;
    bool streaming = false;
};

/// Typed from the stored text when the event decodes, as the engine's always do (a message is
/// read without a QJsonObject); otherwise from the object, as leniently as before, so that an
/// event appended by hand (tools, tests: an empty turn id, say) projects as it always did.
std::optional<MessageFields> messageFields(const StoredEvent &event)
{
    if (auto decoded = decodeEvent(event.type, event.payload); decoded && *decoded) {
        if (auto *m = std::get_if<ThreadMessageSent>(&**decoded)) {
            return MessageFields {std::move(m->threadId.value),
                                  std::move(m->messageId.value),
                                  m->turnId ? std::move(m->turnId->value) : QString(),
                                  json::toWord(m->role),
                                  std::move(m->text),
                                  m->streaming};
        }
    }
    const QJsonObject p = event.payload.object();
    if (!hasStrings(p, {QLatin1String("threadId"), QLatin1String("messageId")})) {
        return std::nullopt;
    }
    return MessageFields {p.value(QLatin1String("threadId")).toString(),
                          p.value(QLatin1String("messageId")).toString(),
                          p.value(QLatin1String("turnId")).toString(),
                          p.value(QLatin1String("role")).toString(),
                          p.value(QLatin1String("text")).toString(),
                          p.value(QLatin1String("streaming")).toBool()};
}

} // namespace

ProjectionWriter::ProjectionWriter(const QSqlDatabase &db)
    : m_db(db)
{
}

std::expected<void, PersistenceError> ProjectionWriter::prepare(const QString &path)
{
    const std::pair<SqliteStatement *, const char *> statements[] = {
        {&m_selectMessage, R"(
            SELECT streaming, turn_id IS NOT NULL FROM messages
            WHERE thread_id = ? AND message_id = ?)"},
        {&m_touchMessage, R"(
            UPDATE messages SET streaming = ?, turn_id = coalesce(turn_id, ?), updated_at = ?
            WHERE thread_id = ? AND message_id = ?)"},
        {&m_insertMessage, R"(
            INSERT INTO messages (thread_id, message_id, sequence, turn_id, role, text, streaming,
                                  created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))"},
        {&m_insertChunk, R"(
            INSERT INTO message_chunks (sequence, thread_id, message_id, text, occurred_at)
            VALUES (?, ?, ?, ?, ?))"},
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
    m_touchMessage.bind(1, message.streaming ? 1 : 0);
    m_touchMessage.bindOrNull(2, message.turnId);
    m_touchMessage.bind(3, message.updatedAt);
    m_touchMessage.bind(4, message.threadId);
    m_touchMessage.bind(5, message.messageId);
    return m_touchMessage.run(path, "project a message");
}

std::expected<void, PersistenceError> ProjectionWriter::upsertMessage(const StoredEvent &event,
                                                                      const QString &path)
{
    std::optional<MessageFields> message = messageFields(event);
    if (!message) {
        // The decider wrote it, so this is a bug upstream; the event itself is still stored.
        qCWarning(lcStore) << "event" << event.sequence << "of type" << event.type
                           << "lacks threadId/messageId; not projected";
        return {};
    }
    const QString &threadId = message->threadId;
    const QString &messageId = message->messageId;
    const QString &turnId = message->turnId;
    const bool streaming = message->streaming;
    const qint64 at = event.occurredAt.toMSecsSinceEpoch();
    const QString &text = message->text;

    QString key = threadId + QChar(0) + messageId;
    auto touched = m_touched.find(key);
    if (touched == m_touched.end()) {
        m_selectMessage.bind(1, threadId);
        m_selectMessage.bind(2, messageId);
        auto row = m_selectMessage.next(path, "project a message");
        if (!row) {
            return std::unexpected(row.error());
        }
        if (!*row) {
            m_insertMessage.bind(1, threadId);
            m_insertMessage.bind(2, messageId);
            m_insertMessage.bind(3, event.sequence);
            m_insertMessage.bindOrNull(4, turnId);
            m_insertMessage.bind(5, message->role);
            m_insertMessage.bind(6, text);
            m_insertMessage.bind(7, streaming ? 1 : 0);
            m_insertMessage.bind(8, at);
            m_insertMessage.bind(9, at);
            if (auto done = m_insertMessage.run(path, "project a message"); !done) {
                return done;
            }
            m_touched.insert(std::move(key),
                             TouchedMessage {.threadId = threadId,
                                             .messageId = messageId,
                                             .streaming = streaming,
                                             .hasTurn = !turnId.isEmpty(),
                                             .turnId = {},
                                             .updatedAt = 0,
                                             .deferred = false});
            return {};
        }
        TouchedMessage found {.threadId = threadId,
                              .messageId = messageId,
                              .streaming = m_selectMessage.int64At(0) != 0,
                              .hasTurn = m_selectMessage.int64At(1) != 0,
                              .turnId = {},
                              .updatedAt = 0,
                              .deferred = false};
        m_selectMessage.reset();
        touched = m_touched.insert(std::move(key), std::move(found));
    }

    // Most events of a stream are deltas that change nothing in the row but its time, which
    // their chunk records (readers take the later of the two): those leave the row alone. The
    // others update it once, before COMMIT, to the state updating it in order would give.
    const bool givesTurn = !touched->hasTurn && !turnId.isEmpty();
    if (streaming != touched->streaming || givesTurn || text.isEmpty()) {
        touched->streaming = streaming;
        if (givesTurn) {
            touched->turnId = turnId;
            touched->hasTurn = true;
        }
        touched->updatedAt = at;
        touched->deferred = true;
    }
    if (text.isEmpty()) {
        return {};
    }
    m_insertChunk.bind(1, event.sequence);
    m_insertChunk.bind(2, threadId);
    m_insertChunk.bind(3, messageId);
    m_insertChunk.bind(4, text);
    m_insertChunk.bind(5, at);
    return m_insertChunk.run(path, "project a message delta");
}

std::expected<void, PersistenceError> ProjectionWriter::insertActivity(const StoredEvent &event,
                                                                       const QString &path)
{
    const QJsonObject p = event.payload.object();
    if (!hasStrings(p, {QLatin1String("threadId"), QLatin1String("activityId")})) {
        qCWarning(lcStore) << "event" << event.sequence << "of type" << event.type
                           << "lacks threadId/activityId; not projected";
        return {};
    }
    const QByteArray payload = QJsonDocument(p.value(QLatin1String("payload")).toObject())
                                   .toJson(QJsonDocument::Compact);
    m_insertActivity.bind(1, event.sequence);
    m_insertActivity.bind(2, p.value(QLatin1String("threadId")).toString());
    m_insertActivity.bindOrNull(3, p.value(QLatin1String("turnId")).toString());
    m_insertActivity.bind(4, p.value(QLatin1String("activityId")).toString());
    m_insertActivity.bind(5, p.value(QLatin1String("tone")).toString());
    m_insertActivity.bind(6, p.value(QLatin1String("kind")).toString());
    m_insertActivity.bind(7, p.value(QLatin1String("summary")).toString());
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
    const QJsonObject p = event.payload.object();
    const QString threadId = p.value(QLatin1String("threadId")).toString();
    const QJsonArray turns = p.value(QLatin1String("removedTurnIds")).toArray();
    for (const QJsonValue &turn : turns) {
        const QString turnId = turn.toString();
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

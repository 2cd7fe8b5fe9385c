#include "backend/store/ProjectionReader.h"

#include "backend/store/SqlSupport.h"

#include <QJsonDocument>

#include <algorithm>

namespace backend::store {

namespace {

constexpr auto kMessageColumns = "sequence, thread_id, message_id, turn_id, role, text, "
                                 "streaming, created_at, updated_at FROM messages";
constexpr auto kActivityColumns = "sequence, thread_id, turn_id, activity_id, tone, kind, "
                                  "summary, CAST(payload AS BLOB), occurred_at FROM activities";

QDateTime utcFromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

MessageRow messageFrom(const QSqlQuery &q)
{
    MessageRow row;
    row.sequence = q.value(0).toLongLong();
    row.threadId = q.value(1).toString();
    row.messageId = q.value(2).toString();
    row.turnId = q.value(3).toString();
    row.role = q.value(4).toString();
    row.text = q.value(5).toString();
    row.streaming = q.value(6).toLongLong() != 0;
    row.createdAt = utcFromMs(q.value(7));
    row.updatedAt = utcFromMs(q.value(8));
    return row;
}

ActivityRow activityFrom(const QSqlQuery &q)
{
    ActivityRow row;
    row.sequence = q.value(0).toLongLong();
    row.threadId = q.value(1).toString();
    row.turnId = q.value(2).toString();
    row.activityId = q.value(3).toString();
    row.tone = q.value(4).toString();
    row.kind = q.value(5).toString();
    row.summary = q.value(6).toString();
    row.payload = QJsonDocument::fromJson(q.value(7).toByteArray()).object();
    row.occurredAt = utcFromMs(q.value(8));
    return row;
}

std::expected<void, PersistenceError> preparePair(QSqlQuery &after, QSqlQuery &before,
                                                  const char *columns, const QString &path)
{
    after.setForwardOnly(true);
    before.setForwardOnly(true);
    auto prepared = store::prepare(after,
                                   QStringLiteral("SELECT %1 WHERE thread_id = ? AND sequence > ? "
                                                  "ORDER BY sequence LIMIT ?")
                                       .arg(QLatin1String(columns)),
                                   path);
    if (!prepared) {
        return prepared;
    }
    return store::prepare(before,
                          QStringLiteral("SELECT %1 WHERE thread_id = ? AND sequence < ? "
                                         "ORDER BY sequence DESC LIMIT ?")
                              .arg(QLatin1String(columns)),
                          path);
}

/// Runs the `after` query, or with `beforeSequence` > 0 the `before` one (newest first, then
/// reversed so rows always come back ascending).
template<typename Row, typename Decode>
std::expected<QList<Row>, PersistenceError>
page(QSqlQuery &after, QSqlQuery &before, const QString &threadId, qint64 afterSequence, int limit,
     qint64 beforeSequence, const QString &path, Decode decode)
{
    QList<Row> rows;
    if (limit <= 0) {
        return rows;
    }
    const bool backwards = beforeSequence > 0;
    QSqlQuery &query = backwards ? before : after;
    query.bindValue(0, threadId);
    query.bindValue(1, backwards ? beforeSequence : afterSequence);
    query.bindValue(2, limit);
    if (auto done = exec(query, path, "read a thread's projection"); !done) {
        return std::unexpected(done.error());
    }
    rows.reserve(std::min(limit, 1024));
    while (query.next()) {
        rows.append(decode(query));
    }
    const QSqlError error = query.lastError();
    query.finish();
    if (error.isValid()) {
        return std::unexpected(sqlError(error, path, "read a thread's projection"));
    }
    if (backwards) {
        std::reverse(rows.begin(), rows.end());
    }
    return rows;
}

} // namespace

ProjectionReader::ProjectionReader(const QSqlDatabase &db)
    : m_messagesAfter(db)
    , m_messagesBefore(db)
    , m_activitiesAfter(db)
    , m_activitiesBefore(db)
    , m_chunks(db)
{
}

std::expected<void, PersistenceError> ProjectionReader::prepare(const QString &path)
{
    auto prepared = preparePair(m_messagesAfter, m_messagesBefore, kMessageColumns, path);
    if (!prepared) {
        return prepared;
    }
    prepared = preparePair(m_activitiesAfter, m_activitiesBefore, kActivityColumns, path);
    if (!prepared) {
        return prepared;
    }
    m_chunks.setForwardOnly(true);
    return store::prepare(m_chunks, QStringLiteral(R"(
        SELECT text, occurred_at FROM message_chunks WHERE thread_id = ? AND message_id = ?
        ORDER BY sequence)"),
                          path);
}

std::expected<void, PersistenceError> ProjectionReader::appendChunks(QList<MessageRow> &rows,
                                                                     const QString &path)
{
    for (MessageRow &row : rows) {
        m_chunks.bindValue(0, row.threadId);
        m_chunks.bindValue(1, row.messageId);
        if (auto done = exec(m_chunks, path, "read a message's chunks"); !done) {
            return done;
        }
        // A message written whole (or by schema 1) has none. A delta leaves the message row's
        // updated_at as it was (ProjectionWriter): its chunk has the time.
        qint64 lastChunkAt = 0;
        while (m_chunks.next()) {
            row.text += m_chunks.value(0).toString();
            lastChunkAt = m_chunks.value(1).toLongLong();
        }
        if (lastChunkAt > row.updatedAt.toMSecsSinceEpoch()) {
            row.updatedAt = QDateTime::fromMSecsSinceEpoch(lastChunkAt, Qt::UTC);
        }
        const QSqlError error = m_chunks.lastError();
        m_chunks.finish();
        if (error.isValid()) {
            return std::unexpected(sqlError(error, path, "read a message's chunks"));
        }
    }
    return {};
}

std::expected<QList<MessageRow>, PersistenceError>
ProjectionReader::messages(const QString &threadId, qint64 afterSequence, int limit,
                           qint64 beforeSequence, const QString &path)
{
    auto rows = page<MessageRow>(m_messagesAfter, m_messagesBefore, threadId, afterSequence, limit,
                                 beforeSequence, path, messageFrom);
    if (rows) {
        if (auto done = appendChunks(*rows, path); !done) {
            return std::unexpected(done.error());
        }
    }
    return rows;
}

std::expected<QList<ActivityRow>, PersistenceError>
ProjectionReader::activities(const QString &threadId, qint64 afterSequence, int limit,
                             qint64 beforeSequence, const QString &path)
{
    return page<ActivityRow>(m_activitiesAfter, m_activitiesBefore, threadId, afterSequence, limit,
                             beforeSequence, path, activityFrom);
}

} // namespace backend::store

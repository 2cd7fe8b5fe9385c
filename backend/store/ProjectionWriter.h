#pragma once

#include "backend/domain/StoredEvent.h"
#include "backend/store/PersistenceError.h"
#include "backend/store/SqliteStatement.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <expected>

namespace backend::store {

/// Keeps the `messages`, `message_chunks` and `activities` tables in step with the events:
/// called for each event inside the transaction that stores it, so a projection row never
/// exists without its event. A message's first event makes its row; the text of every later
/// event of that message is appended as a chunk row, so a delta costs O(delta) however long the
/// message has grown (readers assemble the body, see ProjectionReader).
class ProjectionWriter
{
public:
    explicit ProjectionWriter(const QSqlDatabase &db);

    std::expected<void, PersistenceError> prepare(const QString &path);

    /// Applies one stored event (its sequence assigned); types without a projection are ignored.
    /// A message's row is updated once per transaction: later events of it in the same
    /// transaction only add their chunk and leave the row's new state for flush().
    std::expected<void, PersistenceError> apply(const StoredEvent &event, const QString &path);

    /// Writes the message rows' deferred state; the store calls it before COMMIT.
    std::expected<void, PersistenceError> flush(const QString &path);

    /// Forgets the deferred state of a transaction that was rolled back.
    void discard();

private:
    /// A message row touched in the current transaction, and its state after the latest event.
    struct TouchedMessage
    {
        QByteArray threadId;
        QByteArray messageId;
        QByteArray turnId; ///< the first non-empty turn id of the deferred events
        qint64 streaming = 0;
        qint64 updatedAt = 0;
        bool deferred = false; ///< the row lags behind: flush() must update it
    };

    std::expected<void, PersistenceError> upsertMessage(const StoredEvent &event,
                                                        const QString &path);
    std::expected<void, PersistenceError> touchMessage(const TouchedMessage &message,
                                                       const QString &path);
    std::expected<void, PersistenceError> insertActivity(const StoredEvent &event,
                                                         const QString &path);
    /// thread.reverted: deletes the rows of the removed turns.
    std::expected<void, PersistenceError> removeTurns(const StoredEvent &event,
                                                      const QString &path);

    QSqlDatabase m_db;
    QHash<QString, TouchedMessage> m_touched; ///< keyed by thread id + '\0' + message id
    SqliteStatement m_touchMessage;
    SqliteStatement m_insertMessage;
    SqliteStatement m_insertChunk;
    SqliteStatement m_insertActivity;
    SqliteStatement m_deleteTurnChunks;
    SqliteStatement m_deleteTurnMessages;
    SqliteStatement m_deleteTurnActivities;
};

} // namespace backend::store

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
    /// A message's row is written at most once per transaction, in flush(), and only when an
    /// event changes more than its time: a delta is one chunk row, which records its time.
    std::expected<void, PersistenceError> apply(const StoredEvent &event, const QString &path);

    /// Writes the message rows' deferred state; the store calls it before COMMIT.
    std::expected<void, PersistenceError> flush(const QString &path);

    /// Forgets the deferred state of a transaction that was rolled back.
    void discard();

private:
    /// A message row met in the current transaction, and its state after the latest event.
    struct TouchedMessage
    {
        QString threadId;
        QString messageId;
        bool streaming = false;
        bool hasTurn = false; ///< turn_id is set, or will be by flush()
        QString turnId; ///< for flush(): the first turn id given while the row had none
        qint64 updatedAt = 0; ///< for flush()
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
    SqliteStatement m_selectMessage;
    SqliteStatement m_touchMessage;
    SqliteStatement m_insertMessage;
    SqliteStatement m_insertChunk;
    SqliteStatement m_insertActivity;
    SqliteStatement m_deleteTurnChunks;
    SqliteStatement m_deleteTurnMessages;
    SqliteStatement m_deleteTurnActivities;
};

} // namespace backend::store

#pragma once

#include "backend/domain/StoredEvent.h"
#include "backend/store/PersistenceError.h"

#include <QSqlDatabase>
#include <QSqlQuery>
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
    std::expected<void, PersistenceError> apply(const StoredEvent &event, const QString &path);

private:
    std::expected<void, PersistenceError> upsertMessage(const StoredEvent &event,
                                                        const QString &path);
    std::expected<void, PersistenceError> insertActivity(const StoredEvent &event,
                                                         const QString &path);
    /// thread.reverted: deletes the rows of the removed turns.
    std::expected<void, PersistenceError> removeTurns(const StoredEvent &event,
                                                      const QString &path);

    QSqlQuery m_touchMessage;
    QSqlQuery m_insertMessage;
    QSqlQuery m_insertChunk;
    QSqlQuery m_insertActivity;
    QSqlQuery m_deleteTurnChunks;
    QSqlQuery m_deleteTurnMessages;
    QSqlQuery m_deleteTurnActivities;
};

} // namespace backend::store

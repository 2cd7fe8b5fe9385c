#pragma once

#include "backend/store/EventStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace backend::store {

/// Pages through the `messages` and `activities` projection tables of one thread, with
/// statements prepared once and reused. A message's text is its row's text followed by its
/// `message_chunks` in order (the deltas of a stream), so callers always get whole bodies.
class ProjectionReader
{
public:
    explicit ProjectionReader(const QSqlDatabase &db);

    std::expected<void, PersistenceError> prepare(const QString &path);

    std::expected<QList<MessageRow>, PersistenceError> messages(const QString &threadId,
                                                                qint64 afterSequence, int limit,
                                                                qint64 beforeSequence,
                                                                const QString &path);
    std::expected<QList<ActivityRow>, PersistenceError> activities(const QString &threadId,
                                                                   qint64 afterSequence, int limit,
                                                                   qint64 beforeSequence,
                                                                   const QString &path);

private:
    /// Appends the chunks of each row's message to its text.
    std::expected<void, PersistenceError> appendChunks(QList<MessageRow> &rows,
                                                       const QString &path);

    QSqlQuery m_messagesAfter;
    QSqlQuery m_messagesBefore;
    QSqlQuery m_activitiesAfter;
    QSqlQuery m_activitiesBefore;
    QSqlQuery m_chunks;
};

} // namespace backend::store

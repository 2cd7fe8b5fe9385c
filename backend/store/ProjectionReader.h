#pragma once

#include "backend/store/EventStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace backend::store {

/// Pages through the `messages` and `activities` projection tables of one thread, with
/// statements prepared once and reused.
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
    QSqlQuery m_messagesAfter;
    QSqlQuery m_messagesBefore;
    QSqlQuery m_activitiesAfter;
    QSqlQuery m_activitiesBefore;
};

} // namespace backend::store

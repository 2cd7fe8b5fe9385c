#pragma once

#include "backend/domain/ReplayedEvent.h"
#include "backend/domain/StoredEvent.h"
#include "backend/store/PersistenceError.h"
#include "backend/store/SqliteStatement.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <expected>
#include <functional>

namespace backend::store {

/// The `events` table: inserts under sequences the store assigns, and ordered reads (the replay
/// path), through statements prepared once and reused.
class EventTable
{
public:
    explicit EventTable(const QSqlDatabase &db);

    std::expected<void, PersistenceError> prepare(const QString &path);

    /// Inserts `event` as `sequence` inside the caller's transaction. On success the event holds
    /// that sequence and its occurredAt as a later read returns it (UTC, whole milliseconds).
    std::expected<void, PersistenceError> insert(StoredEvent &event, qint64 sequence,
                                                 const QString &path);

    std::expected<QList<StoredEvent>, PersistenceError> readRange(qint64 first, qint64 last,
                                                                  const QString &path);
    std::expected<QList<StoredEvent>, PersistenceError> readFrom(qint64 afterSequence, int limit,
                                                                 const QString &path);
    std::expected<qint64, PersistenceError> lastSequence(const QString &path);

    /// Streams every event after `afterSequence`, in order, into `sink` through one reused
    /// ReplayedEvent until the sink returns false; returns how many it handed over.
    std::expected<qint64, PersistenceError>
    replay(qint64 afterSequence, const std::function<bool(const ReplayedEvent &)> &sink,
           const QString &path);

private:
    std::expected<QList<StoredEvent>, PersistenceError> read(QSqlQuery &query, qint64 sizeHint,
                                                             const QString &path);

    QSqlDatabase m_db;
    SqliteStatement m_insert;
    QSqlQuery m_selectRange;
    QSqlQuery m_selectFrom;
    QSqlQuery m_selectLast;
    QSqlQuery m_replay;
};

} // namespace backend::store

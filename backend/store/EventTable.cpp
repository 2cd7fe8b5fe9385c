#include "backend/store/EventTable.h"

#include "backend/store/SqlSupport.h"

#include <QJsonDocument>

#include <algorithm>

namespace backend::store {

namespace {

// The payload is JSON text, but crosses the Qt SQL boundary as UTF-8 bytes: reading it with
// CAST(payload AS BLOB) spares a UTF-8 → UTF-16 → UTF-8 round trip per event on the replay path.
constexpr auto kSelectEvents = "SELECT sequence, event_id, aggregate_kind, aggregate_id, "
                               "stream_version, type, CAST(payload AS BLOB), occurred_at, "
                               "command_id, causation_event_id, correlation_id FROM events ";

constexpr qint64 kMaxReserve = 4096;

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

std::optional<PersistenceError> invalidEvent(const StoredEvent &event, const QString &path)
{
    const char *missing = nullptr;
    if (event.eventId.isEmpty()) {
        missing = "eventId";
    } else if (event.aggregateKind.isEmpty()) {
        missing = "aggregateKind";
    } else if (event.aggregateId.isEmpty()) {
        missing = "aggregateId";
    } else if (event.type.isEmpty()) {
        missing = "type";
    } else if (!event.occurredAt.isValid()) {
        missing = "occurredAt";
    }
    if (!missing) {
        return std::nullopt;
    }
    return PersistenceError {PersistenceError::Code::QueryFailed,
                             QStringLiteral("database %1: cannot store event %2 (%3): it has no %4")
                                 .arg(path, event.eventId, event.type, QLatin1String(missing))};
}

} // namespace

EventTable::EventTable(const QSqlDatabase &db)
    : m_db(db)
    , m_selectRange(db)
    , m_selectFrom(db)
    , m_selectLast(db)
    , m_replay(db)
{
}

std::expected<void, PersistenceError> EventTable::prepare(const QString &path)
{
    const QString select = QLatin1String(kSelectEvents);
    const std::pair<QSqlQuery *, QString> statements[] = {
        {&m_selectRange,
         select + QStringLiteral("WHERE sequence BETWEEN ? AND ? ORDER BY sequence")},
        {&m_selectFrom, select + QStringLiteral("WHERE sequence > ? ORDER BY sequence LIMIT ?")},
        {&m_selectLast, QStringLiteral("SELECT max(sequence) FROM events")},
        // Only the columns a fold reads: every text column costs a UTF-16 copy per row.
        {&m_replay,
         QStringLiteral("SELECT sequence, aggregate_kind, aggregate_id, stream_version, type, "
                        "CAST(payload AS BLOB), occurred_at FROM events WHERE sequence > ? "
                        "ORDER BY sequence")},
    };
    for (const auto &[query, sql] : statements) {
        query->setForwardOnly(true);
        if (auto prepared = store::prepare(*query, sql, path); !prepared) {
            return prepared;
        }
    }
    return m_insert.prepare(sqliteHandle(m_db),
                            "INSERT INTO events (sequence, event_id, aggregate_kind, aggregate_id, "
                            "stream_version, type, payload, occurred_at, command_id, "
                            "causation_event_id, correlation_id) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            path);
}

std::expected<void, PersistenceError> EventTable::insert(StoredEvent &event, qint64 sequence,
                                                         const QString &path)
{
    if (auto invalid = invalidEvent(event, path)) {
        return std::unexpected(*invalid);
    }
    const qint64 occurredMs = event.occurredAt.toMSecsSinceEpoch();
    // The engine's events arrive as text already (encodeEventPayloadJson).
    const QByteArray payload = event.payload.json();
    m_insert.bind(1, sequence);
    m_insert.bind(2, event.eventId);
    m_insert.bind(3, event.aggregateKind);
    m_insert.bind(4, event.aggregateId);
    m_insert.bind(5, event.streamVersion);
    m_insert.bind(6, event.type);
    m_insert.bind(7, payload);
    m_insert.bind(8, occurredMs);
    m_insert.bindOrNull(9, event.commandId);
    m_insert.bindOrNull(10, event.causationEventId);
    m_insert.bindOrNull(11, event.correlationId);
    if (auto done = m_insert.run(path, "store an event"); !done) {
        return done;
    }
    event.sequence = sequence;
    event.occurredAt = utcFromMs(occurredMs);
    return {};
}

std::expected<QList<StoredEvent>, PersistenceError> EventTable::readRange(qint64 first, qint64 last,
                                                                          const QString &path)
{
    if (last < first) {
        return QList<StoredEvent>();
    }
    m_selectRange.bindValue(0, first);
    m_selectRange.bindValue(1, last);
    return read(m_selectRange, last - first + 1, path);
}

std::expected<QList<StoredEvent>, PersistenceError>
EventTable::readFrom(qint64 afterSequence, int limit, const QString &path)
{
    if (limit <= 0) {
        return QList<StoredEvent>();
    }
    m_selectFrom.bindValue(0, afterSequence);
    m_selectFrom.bindValue(1, limit);
    return read(m_selectFrom, limit, path);
}

std::expected<qint64, PersistenceError> EventTable::lastSequence(const QString &path)
{
    if (auto done = exec(m_selectLast, path, "read the last sequence"); !done) {
        return std::unexpected(done.error());
    }
    const qint64 last = m_selectLast.next() ? m_selectLast.value(0).toLongLong() : 0;
    const QSqlError error = m_selectLast.lastError();
    m_selectLast.finish();
    if (error.isValid()) {
        return std::unexpected(sqlError(error, path, "read the last sequence"));
    }
    return last;
}

std::expected<qint64, PersistenceError>
EventTable::replay(qint64 afterSequence, const std::function<bool(const ReplayedEvent &)> &sink,
                   const QString &path)
{
    m_replay.bindValue(0, afterSequence);
    if (auto done = exec(m_replay, path, "replay events"); !done) {
        return std::unexpected(done.error());
    }
    qint64 rows = 0;
    ReplayedEvent event;
    while (m_replay.next()) {
        event.sequence = m_replay.value(0).toLongLong();
        event.aggregateKind = m_replay.value(1).toString();
        event.aggregateId = m_replay.value(2).toString();
        event.streamVersion = m_replay.value(3).toLongLong();
        event.type = m_replay.value(4).toString();
        event.payload = m_replay.value(5).toByteArray();
        event.occurredAtMs = m_replay.value(6).toLongLong();
        ++rows;
        if (!sink(event)) {
            break;
        }
    }
    const QSqlError error = m_replay.lastError();
    m_replay.finish();
    if (error.isValid()) {
        return std::unexpected(sqlError(error, path, "replay events"));
    }
    return rows;
}

std::expected<QList<StoredEvent>, PersistenceError>
EventTable::read(QSqlQuery &query, qint64 sizeHint, const QString &path)
{
    if (auto done = exec(query, path, "read events"); !done) {
        return std::unexpected(done.error());
    }
    QList<StoredEvent> events;
    events.reserve(std::clamp<qint64>(sizeHint, 0, kMaxReserve));
    while (query.next()) {
        StoredEvent &event = events.emplace_back();
        event.sequence = query.value(0).toLongLong();
        event.eventId = query.value(1).toString();
        event.aggregateKind = query.value(2).toString();
        event.aggregateId = query.value(3).toString();
        event.streamVersion = query.value(4).toLongLong();
        event.type = query.value(5).toString();
        QJsonParseError parseError;
        const QJsonDocument payload
            = QJsonDocument::fromJson(query.value(6).toByteArray(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !payload.isObject()) {
            query.finish();
            return std::unexpected(PersistenceError {
                PersistenceError::Code::Corrupt,
                QStringLiteral("database %1: the payload of event %2 is not a JSON object")
                    .arg(path)
                    .arg(event.sequence)});
        }
        event.payload = payload.object();
        event.occurredAt = utcFromMs(query.value(7).toLongLong());
        event.commandId = query.value(8).toString();
        event.causationEventId = query.value(9).toString();
        event.correlationId = query.value(10).toString();
    }
    const QSqlError error = query.lastError();
    query.finish(); // reset the statement now: an open read would hold back WAL checkpoints
    if (error.isValid()) {
        return std::unexpected(sqlError(error, path, "read events"));
    }
    return events;
}

} // namespace backend::store

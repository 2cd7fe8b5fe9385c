#include "BareEvents.h"

#include "backend/store/EventStore.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace bench {

using backend::EventStore;
using backend::StoredEvent;

namespace {

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "bare insert: %s\n", qPrintable(message));
    std::exit(2);
}

} // namespace

double threadCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

BareInsert insertBare(const QString &path, const QList<StoredEvent> &events,
                      const std::vector<int> &rowsPerTransaction)
{
    // Made before the clock starts, so the loop only binds and steps.
    struct Row
    {
        qint64 sequence;
        QString eventId, aggregateKind, aggregateId;
        qint64 streamVersion;
        QString type, payload;
        qint64 occurredAt;
        QVariant commandId, causationEventId, correlationId;
    };
    const auto orNull = [](const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); };
    std::vector<Row> rows;
    rows.reserve(std::size_t(events.size()));
    for (const StoredEvent &e : events) {
        rows.push_back({e.sequence, e.eventId, e.aggregateKind, e.aggregateId, e.streamVersion,
                        e.type, QString::fromUtf8(e.payload.json()),
                        e.occurredAt.toMSecsSinceEpoch(), orNull(e.commandId),
                        orNull(e.causationEventId), orNull(e.correlationId)});
    }

    const QString name = QStringLiteral("bench-bare-%1").arg(path);
    BareInsert result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            die(db.lastError().text());
        QSqlQuery sql(db);
        const auto run = [&sql](const QString &statement) {
            if (!sql.exec(statement))
                die(QStringLiteral("%1: %2").arg(statement, sql.lastError().text()));
        };
        run(QStringLiteral("PRAGMA journal_mode = WAL"));
        if (!sql.next() || sql.value(0).toString() != QLatin1String("wal"))
            die(QStringLiteral("WAL refused"));
        sql.finish();
        run(QStringLiteral("PRAGMA synchronous = NORMAL"));
        // The store's connection tuning (EventStore.h), so only the work per row differs.
        run(QStringLiteral("PRAGMA cache_size = -%1").arg(EventStore::kCacheSizeKiB));
        run(QStringLiteral("PRAGMA wal_autocheckpoint = %1")
                .arg(EventStore::kWalAutocheckpointPages));
        // The shape of the store's events table (backend/store/Schema.cpp, as of version 1).
        run(QStringLiteral("CREATE TABLE events (sequence INTEGER PRIMARY KEY, "
                           "event_id TEXT NOT NULL UNIQUE, aggregate_kind TEXT NOT NULL, "
                           "aggregate_id TEXT NOT NULL, stream_version INTEGER NOT NULL, "
                           "type TEXT NOT NULL, payload TEXT NOT NULL, "
                           "occurred_at INTEGER NOT NULL, command_id TEXT, "
                           "causation_event_id TEXT, correlation_id TEXT, "
                           "UNIQUE (aggregate_kind, aggregate_id, stream_version))"));
        QSqlQuery begin(db), commit(db), insert(db);
        if (!begin.prepare(QStringLiteral("BEGIN IMMEDIATE")) || !commit.prepare("COMMIT")
            || !insert.prepare(QStringLiteral(
                "INSERT INTO events (sequence, event_id, aggregate_kind, aggregate_id, "
                "stream_version, type, payload, occurred_at, command_id, causation_event_id, "
                "correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
            die(QStringLiteral("prepare failed"));

        std::size_t next = 0;
        result.transactionUs.reserve(rowsPerTransaction.size());
        QElapsedTimer timer;
        const double cpuBefore = threadCpuSeconds();
        timer.start();
        for (const int count : rowsPerTransaction) {
            const qint64 before = timer.nsecsElapsed();
            if (!begin.exec())
                die(begin.lastError().text());
            for (int k = 0; k < count && next < rows.size(); ++k) {
                const Row &row = rows[next++];
                insert.bindValue(0, row.sequence);
                insert.bindValue(1, row.eventId);
                insert.bindValue(2, row.aggregateKind);
                insert.bindValue(3, row.aggregateId);
                insert.bindValue(4, row.streamVersion);
                insert.bindValue(5, row.type);
                insert.bindValue(6, row.payload);
                insert.bindValue(7, row.occurredAt);
                insert.bindValue(8, row.commandId);
                insert.bindValue(9, row.causationEventId);
                insert.bindValue(10, row.correlationId);
                if (!insert.exec())
                    die(insert.lastError().text());
            }
            if (!commit.exec())
                die(commit.lastError().text());
            result.transactionUs.push_back(double(timer.nsecsElapsed() - before) / 1e3);
        }
        result.seconds = double(timer.nsecsElapsed()) / 1e9;
        result.cpuSeconds = threadCpuSeconds() - cpuBefore;
        result.rows = qint64(next);
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace bench

#include "backend/store/EventStore.h"

#include "backend/store/EventTable.h"
#include "backend/store/OpenCheck.h"
#include "backend/store/ProjectionReader.h"
#include "backend/store/ProjectionWriter.h"
#include "backend/store/Schema.h"
#include "backend/store/SqlSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcStore, "weft.store", QtWarningMsg)

namespace backend {

using namespace store;

namespace {

PersistenceError failure(PersistenceError::Code code, const QString &message)
{
    return PersistenceError {code, message};
}

PersistenceError readOnlyError(const QString &path)
{
    return failure(PersistenceError::Code::QueryFailed,
                   QStringLiteral("database %1 is open read-only").arg(path));
}

Receipt receiptFrom(const QSqlQuery &query, int first, const QString &commandId)
{
    return Receipt {.commandId = commandId,
                    .accepted = query.value(first).toLongLong() != 0,
                    .firstSequence = query.value(first + 1).toLongLong(),
                    .lastSequence = query.value(first + 2).toLongLong(),
                    .errorCode = query.value(first + 3).toString(),
                    .errorMessage = query.value(first + 4).toString()};
}

/// SQLite's default page cache, for reads that visit each page once.
constexpr int kScanCacheKiB = 2000;

} // namespace

struct EventStore::Private
{
    Private(const QString &path, bool readOnly)
        : connection(u"store")
        , path(path)
        , readOnly(readOnly)
        , begin(connection.database())
        , commit(connection.database())
        , rollback(connection.database())
        , insertReceipt(connection.database())
        , selectReceipt(connection.database())
        , selectReceipts(connection.database())
        , upsertSnapshot(connection.database())
        , pruneSnapshots(connection.database())
        , selectSnapshot(connection.database())
        , events(connection.database())
        , projectionWriter(connection.database())
        , projectionReader(connection.database())
    {
    }

    std::expected<void, PersistenceError> open();
    std::expected<void, PersistenceError> prepareAll();
    std::expected<void, PersistenceError> insertEvents(QList<StoredEvent> &batch, qint64 &last);
    std::expected<void, PersistenceError> writeReceipt(const Receipt &receipt);

    /// Sizes SQLite's page cache for writing (EventStore::kCacheSizeKiB) or for reading each
    /// page once (SQLite's default 2 MiB). A one-pass read (a replay, a snapshot's blob) through
    /// the writer's cache would only allocate, and fault in, a fresh slot per page and keep the
    /// memory; the writer wants the index pages its commits keep touching to stay cached.
    std::expected<void, PersistenceError> useCache(bool forWriting)
    {
        if (readOnly || writerCache == forWriting) {
            return {};
        }
        const int kib = forWriting ? EventStore::kCacheSizeKiB : kScanCacheKiB;
        auto done
            = execSql(connection.database(), QStringLiteral("PRAGMA cache_size = -%1").arg(kib),
                      path, "size the page cache");
        if (done) {
            writerCache = forWriting;
        }
        return done;
    }

    /// Runs `body` between BEGIN IMMEDIATE and COMMIT; any failure rolls everything back.
    template<typename Body> std::expected<void, PersistenceError> inTransaction(Body &&body)
    {
        if (auto cache = useCache(true); !cache) {
            return cache;
        }
        if (auto begun = exec(begin, path, "begin a transaction"); !begun) {
            return begun;
        }
        auto result = body();
        if (result) {
            result = exec(commit, path, "commit a transaction");
        }
        if (!result) {
            // Fails harmlessly when SQLite already rolled back by itself (e.g. on SQLITE_FULL).
            if (!rollback.exec()) {
                qCDebug(lcStore) << "rollback:" << rollback.lastError().text();
            }
        }
        return result;
    }

    Connection connection; // declared first: destroyed after every query made on it
    QString path;
    bool readOnly = false;
    bool writerCache = false; ///< the page cache is sized for writing (useCache)
    qint64 lastSequence = 0; ///< highest stored sequence; advanced only after a COMMIT succeeds

    // Statements are prepared once at open and reused: SQLite then only rebinds and steps.
    QSqlQuery begin;
    QSqlQuery commit;
    QSqlQuery rollback;
    QSqlQuery insertReceipt;
    QSqlQuery selectReceipt;
    QSqlQuery selectReceipts;
    QSqlQuery upsertSnapshot;
    QSqlQuery pruneSnapshots;
    QSqlQuery selectSnapshot;
    EventTable events;
    ProjectionWriter projectionWriter;
    ProjectionReader projectionReader;
};

std::expected<void, PersistenceError> EventStore::Private::open()
{
    const QString busy = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs);
    auto opened = connection.open(
        path, readOnly ? QStringLiteral("QSQLITE_OPEN_READONLY;") + busy : busy, path);
    if (!opened) {
        return opened;
    }
    const QSqlDatabase &db = connection.database();
    if (!readOnly) {
        // WAL: readers never block the writer, and a commit is one append to the -wal file.
        // synchronous=NORMAL syncs only at checkpoints: a transaction is atomic whatever happens
        // (a SIGKILLed process loses nothing that was committed, never leaves half a command),
        // and power loss can at worst drop the last few commits, never corrupt the file.
        auto mode
            = scalar(db, QStringLiteral("PRAGMA journal_mode = WAL"), path, "switch to WAL mode");
        if (!mode) {
            return std::unexpected(mode.error());
        }
        if (mode->toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
            return std::unexpected(failure(
                PersistenceError::Code::OpenFailed,
                QStringLiteral("cannot open database %1: WAL mode refused (journal mode %2)")
                    .arg(path, mode->toString())));
        }
        auto sync = execSql(db, QStringLiteral("PRAGMA synchronous = NORMAL"), path,
                            "set synchronous mode");
        if (!sync) {
            return sync;
        }
        // The writer's large page cache is set by the first write transaction (useCache):
        // start-up only reads, each page once.
        auto tuned = execSql(db,
                             QStringLiteral("PRAGMA wal_autocheckpoint = %1")
                                 .arg(EventStore::kWalAutocheckpointPages),
                             path, "tune the connection");
        if (!tuned) {
            return tuned;
        }
        auto migrated = migrate(db, path);
        if (!migrated) {
            return migrated;
        }
    }
    auto prepared = prepareAll();
    if (!prepared) {
        return prepared;
    }
    auto last = events.lastSequence(path);
    if (!last) {
        return std::unexpected(last.error());
    }
    lastSequence = *last;
    return {};
}

std::expected<void, PersistenceError> EventStore::Private::prepareAll()
{
    const std::pair<QSqlQuery *, QString> statements[] = {
        {&begin, QStringLiteral("BEGIN IMMEDIATE")},
        {&commit, QStringLiteral("COMMIT")},
        {&rollback, QStringLiteral("ROLLBACK")},
        {&insertReceipt,
         QStringLiteral("INSERT INTO command_receipts (command_id, accepted, first_sequence, "
                        "last_sequence, error_code, error_message) VALUES (?, ?, ?, ?, ?, ?)")},
        // A command's events are the event ids in ["<id>:", "<id>;") — ';' follows ':' — whose
        // command_id is the command's (which sets apart the events of a command "<id>:x"): a
        // range of the event_id index. Receipt rows (rejections, event-less commands, and
        // every command of a schema 1 or 2 history) are the second half.
        {&selectReceipt,
         QStringLiteral("SELECT 1, min(sequence), max(sequence), NULL, NULL FROM events "
                        "WHERE event_id > ? AND event_id < ? AND command_id = ? "
                        "HAVING count(*) > 0 "
                        "UNION ALL SELECT accepted, first_sequence, last_sequence, error_code, "
                        "error_message FROM command_receipts WHERE command_id = ?")},
        // The ids travel as one JSON array: a single prepared statement serves any batch size
        // (SQLite's JSON functions are built in since 3.38; Debian 12 ships 3.40).
        {&selectReceipts,
         QStringLiteral("SELECT j.value, 1, min(e.sequence), max(e.sequence), NULL, NULL "
                        "FROM json_each(CAST(? AS TEXT)) AS j JOIN events AS e "
                        "ON e.event_id > j.value || ':' AND e.event_id < j.value || ';' "
                        "AND e.command_id = j.value GROUP BY j.value "
                        "UNION ALL SELECT command_id, accepted, first_sequence, last_sequence, "
                        "error_code, error_message FROM command_receipts WHERE command_id IN "
                        "(SELECT value FROM json_each(CAST(? AS TEXT)))")},
        {&upsertSnapshot,
         QStringLiteral("INSERT OR REPLACE INTO snapshots (sequence, model_version, data) "
                        "VALUES (?, ?, ?)")},
        {&pruneSnapshots,
         QStringLiteral("DELETE FROM snapshots WHERE rowid NOT IN (SELECT rowid FROM snapshots "
                        "ORDER BY sequence DESC, rowid DESC LIMIT 2)")},
        {&selectSnapshot,
         QStringLiteral("SELECT sequence, data FROM snapshots WHERE model_version = ? "
                        "ORDER BY sequence DESC LIMIT 1")},
    };
    for (const auto &[query, sql] : statements) {
        query->setForwardOnly(true);
        if (auto prepared = store::prepare(*query, sql, path); !prepared) {
            return prepared;
        }
    }
    if (auto prepared = events.prepare(path); !prepared) {
        return prepared;
    }
    if (auto prepared = projectionWriter.prepare(path); !prepared) {
        return prepared;
    }
    return projectionReader.prepare(path);
}

std::expected<void, PersistenceError> EventStore::Private::insertEvents(QList<StoredEvent> &batch,
                                                                        qint64 &last)
{
    for (StoredEvent &event : batch) {
        if (auto inserted = events.insert(event, last + 1, path); !inserted) {
            return inserted;
        }
        if (auto projected = projectionWriter.apply(event, path); !projected) {
            return projected;
        }
        last = event.sequence;
    }
    return {};
}

std::expected<void, PersistenceError> EventStore::Private::writeReceipt(const Receipt &receipt)
{
    insertReceipt.bindValue(0, receipt.commandId);
    insertReceipt.bindValue(1, receipt.accepted ? 1 : 0);
    insertReceipt.bindValue(2, receipt.firstSequence);
    insertReceipt.bindValue(3, receipt.lastSequence);
    insertReceipt.bindValue(4, nullIfEmpty(receipt.errorCode));
    insertReceipt.bindValue(5, nullIfEmpty(receipt.errorMessage));
    return exec(insertReceipt, path, "store a command receipt");
}

EventStore::EventStore(std::unique_ptr<Private> d)
    : d(std::move(d))
{
}

EventStore::~EventStore() = default;

std::expected<std::unique_ptr<EventStore>, PersistenceError> EventStore::open(const QString &path,
                                                                              Options options)
{
    if (path.isEmpty()) {
        return std::unexpected(
            failure(PersistenceError::Code::OpenFailed, QStringLiteral("no database path given")));
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();

    // Everything that may refuse the file is checked before a read-write connection exists:
    // switching to WAL or migrating would write to it.
    auto check = checkBeforeOpen(absolute);
    if (!check) {
        return std::unexpected(check.error());
    }
    if (auto refusal = refusalToOpen(*check, absolute, options.readOnly)) {
        return std::unexpected(*refusal);
    }
    if (!options.readOnly && check->presence == OpenCheck::Presence::Missing) {
        const QString folder = QFileInfo(absolute).absolutePath();
        if (!QDir().mkpath(folder)) {
            return std::unexpected(
                failure(PersistenceError::Code::OpenFailed,
                        QStringLiteral("cannot create database %1: cannot create folder %2")
                            .arg(absolute, folder)));
        }
    }

    auto d = std::make_unique<Private>(absolute, options.readOnly);
    if (auto opened = d->open(); !opened) {
        return std::unexpected(opened.error());
    }
    qCDebug(lcStore) << "opened" << absolute << (options.readOnly ? "read-only" : "read-write")
                     << "at sequence" << d->lastSequence;
    return std::unique_ptr<EventStore>(new EventStore(std::move(d)));
}

std::expected<QList<QList<StoredEvent>>, PersistenceError>
EventStore::commit(const QList<CommitEntry> &entries)
{
    if (d->readOnly) {
        return std::unexpected(readOnlyError(d->path));
    }
    QList<QList<StoredEvent>> stored;
    if (entries.isEmpty()) {
        return stored;
    }
    stored.reserve(entries.size());
    qint64 last = d->lastSequence;
    auto done = d->inTransaction([&]() -> std::expected<void, PersistenceError> {
        for (const CommitEntry &entry : entries) {
            QList<StoredEvent> events;
            if (!entry.rejected) {
                events = entry.events;
                if (!entry.commandId.isEmpty()) {
                    for (qsizetype n = 0; n < events.size(); ++n) {
                        StoredEvent &event = events[n];
                        event.eventId = eventIdFor(entry.commandId, n + 1);
                        event.commandId = entry.commandId;
                    }
                }
                if (auto inserted = d->insertEvents(events, last); !inserted) {
                    return inserted;
                }
            }
            // Accepted events are their own receipt. An entry without a commandId (none in
            // practice) has nothing to be idempotent on.
            if (!entry.commandId.isEmpty() && (entry.rejected || events.isEmpty())) {
                const Receipt receipt {.commandId = entry.commandId,
                                       .accepted = !entry.rejected,
                                       .errorCode = entry.errorCode,
                                       .errorMessage = entry.errorMessage};
                if (auto written = d->writeReceipt(receipt); !written) {
                    return written;
                }
            }
            stored.append(std::move(events));
        }
        return {};
    });
    if (!done) {
        return std::unexpected(done.error());
    }
    d->lastSequence = last;
    return stored;
}

std::expected<QList<StoredEvent>, PersistenceError>
EventStore::appendAll(const QList<StoredEvent> &events)
{
    if (d->readOnly) {
        return std::unexpected(readOnlyError(d->path));
    }
    QList<StoredEvent> stored = events;
    if (stored.isEmpty()) {
        return stored;
    }
    qint64 last = d->lastSequence;
    auto done = d->inTransaction([&] { return d->insertEvents(stored, last); });
    if (!done) {
        return std::unexpected(done.error());
    }
    d->lastSequence = last;
    return stored;
}

QString EventStore::eventIdFor(const QString &commandId, qsizetype n)
{
    return commandId + QLatin1Char(':') + QString::number(n);
}

std::expected<std::optional<Receipt>, PersistenceError>
EventStore::receipt(const QString &commandId)
{
    QSqlQuery &query = d->selectReceipt;
    query.bindValue(0, commandId + QLatin1Char(':'));
    query.bindValue(1, commandId + QLatin1Char(';'));
    query.bindValue(2, commandId);
    query.bindValue(3, commandId);
    if (auto done = exec(query, d->path, "read a command receipt"); !done) {
        return std::unexpected(done.error());
    }
    std::optional<Receipt> receipt;
    if (query.next()) {
        receipt = receiptFrom(query, 0, commandId);
    }
    const QSqlError error = query.lastError();
    query.finish();
    if (error.isValid()) {
        return std::unexpected(sqlError(error, d->path, "read a command receipt"));
    }
    return receipt;
}

std::expected<QHash<QString, Receipt>, PersistenceError>
EventStore::receipts(const QList<QString> &commandIds)
{
    QHash<QString, Receipt> found;
    if (commandIds.size() == 1) {
        auto one = receipt(commandIds.constFirst());
        if (!one) {
            return std::unexpected(one.error());
        }
        if (*one) {
            found.insert(commandIds.constFirst(), std::move(**one));
        }
        return found;
    }
    if (commandIds.isEmpty()) {
        return found;
    }
    QSqlQuery &query = d->selectReceipts;
    const QByteArray ids
        = QJsonDocument(QJsonArray::fromStringList(commandIds)).toJson(QJsonDocument::Compact);
    query.bindValue(0, ids);
    query.bindValue(1, ids);
    if (auto done = exec(query, d->path, "read command receipts"); !done) {
        return std::unexpected(done.error());
    }
    while (query.next()) {
        const QString commandId = query.value(0).toString();
        found.insert(commandId, receiptFrom(query, 1, commandId));
    }
    const QSqlError error = query.lastError();
    query.finish();
    if (error.isValid()) {
        return std::unexpected(sqlError(error, d->path, "read command receipts"));
    }
    return found;
}

std::expected<qint64, PersistenceError>
EventStore::replay(qint64 afterSequence, const std::function<bool(const ReplayedEvent &)> &sink)
{
    // Each page is read once, in order; the next write transaction gives the writer its cache.
    if (auto cache = d->useCache(false); !cache) {
        return std::unexpected(cache.error());
    }
    return d->events.replay(afterSequence, sink, d->path);
}

std::expected<void, PersistenceError> EventStore::checkpoint()
{
    if (d->readOnly) {
        return {};
    }
    auto done = scalar(d->connection.database(), QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"),
                       d->path, "checkpoint the WAL");
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

std::expected<QList<StoredEvent>, PersistenceError> EventStore::readRange(qint64 first, qint64 last)
{
    return d->events.readRange(first, last, d->path);
}

std::expected<QList<StoredEvent>, PersistenceError> EventStore::readFrom(qint64 afterSequence,
                                                                         int limit)
{
    return d->events.readFrom(afterSequence, limit, d->path);
}

std::expected<qint64, PersistenceError> EventStore::lastSequence()
{
    // Read rather than cached: a read-only store sees what the writer appended since.
    return d->events.lastSequence(d->path);
}

std::expected<void, PersistenceError> EventStore::saveSnapshot(const Snapshot &snapshot)
{
    if (d->readOnly) {
        return std::unexpected(readOnlyError(d->path));
    }
    return d->inTransaction([&]() -> std::expected<void, PersistenceError> {
        d->upsertSnapshot.bindValue(0, snapshot.sequence);
        d->upsertSnapshot.bindValue(1, snapshot.modelVersion);
        d->upsertSnapshot.bindValue(2, snapshot.data);
        if (auto saved = exec(d->upsertSnapshot, d->path, "save a snapshot"); !saved) {
            return saved;
        }
        return exec(d->pruneSnapshots, d->path, "prune old snapshots");
    });
}

std::expected<std::optional<Snapshot>, PersistenceError>
EventStore::latestSnapshot(int modelVersion)
{
    // The blob's overflow pages are read once (at start-up).
    if (auto cache = d->useCache(false); !cache) {
        return std::unexpected(cache.error());
    }
    QSqlQuery &query = d->selectSnapshot;
    query.bindValue(0, modelVersion);
    if (auto done = exec(query, d->path, "read a snapshot"); !done) {
        return std::unexpected(done.error());
    }
    std::optional<Snapshot> snapshot;
    if (query.next()) {
        snapshot = Snapshot {.sequence = query.value(0).toLongLong(),
                             .modelVersion = modelVersion,
                             .data = query.value(1).toByteArray()};
    }
    const QSqlError error = query.lastError();
    query.finish();
    if (error.isValid()) {
        return std::unexpected(sqlError(error, d->path, "read a snapshot"));
    }
    return snapshot;
}

std::expected<QList<MessageRow>, PersistenceError> EventStore::messages(const QString &threadId,
                                                                        qint64 afterSequence,
                                                                        int limit,
                                                                        qint64 beforeSequence)
{
    return d->projectionReader.messages(threadId, afterSequence, limit, beforeSequence, d->path);
}

std::expected<QList<ActivityRow>, PersistenceError> EventStore::activities(const QString &threadId,
                                                                           qint64 afterSequence,
                                                                           int limit,
                                                                           qint64 beforeSequence)
{
    return d->projectionReader.activities(threadId, afterSequence, limit, beforeSequence, d->path);
}

QString EventStore::path() const
{
    return d->path;
}

} // namespace backend

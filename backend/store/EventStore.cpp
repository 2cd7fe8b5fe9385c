#include "backend/store/EventStore.h"

#include "backend/store/EventTable.h"
#include "backend/store/OpenCheck.h"
#include "backend/store/ProjectionReader.h"
#include "backend/store/ProjectionWriter.h"
#include "backend/store/Schema.h"
#include "backend/store/SqlSupport.h"
#include "backend/store/SqliteStatement.h"
#include "backend/store/WalCheckpointer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <sqlite3.h>

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
        , insertReceipt(connection.database())
        , selectReceipts(connection.database())
        , upsertSnapshot(connection.database())
        , pruneSnapshots(connection.database())
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
        if (auto begun = begin.run(path, "begin a transaction"); !begun) {
            return begun;
        }
        auto result = body();
        if (result) {
            result = projectionWriter.flush(path);
        }
        if (result) {
            result = commit.run(path, "commit a transaction");
        }
        if (!result) {
            projectionWriter.discard();
            // Fails harmlessly when SQLite already rolled back by itself (e.g. on SQLITE_FULL).
            if (auto undone = rollback.run(path, "roll back a transaction"); !undone) {
                qCDebug(lcStore) << "rollback:" << undone.error().message;
            }
        }
        return result;
    }

    ~Private()
    {
        if (sqlite3 *handle = sqliteHandle(connection.database())) {
            sqlite3_wal_hook(handle, nullptr, nullptr);
        }
    }

    /// After each commit (SQLite's WAL hook): remembers how long the WAL is, and checkpoints it
    /// once it reaches EventStore::kWalAutocheckpointPages as `PRAGMA wal_autocheckpoint` does
    /// (the hook replaces SQLite's own), so that idle moments can checkpoint a long one early.
    /// From EventStore::kIdleCheckpointPages on, the background checkpointer is asked to copy
    /// the WAL, off the writer's thread; the writer copies by itself only when that fell
    /// behind (a WAL restarts only once all of it was copied, which commits arriving without
    /// pause can keep from happening) or could not start.
    static int onWalCommit(void *context, sqlite3 *db, const char *name, int frames)
    {
        auto *self = static_cast<Private *>(context);
        self->walFrames = frames;
        if (frames >= EventStore::kWalAutocheckpointPages) {
            // A checkpoint in flight would make ours return BUSY at once: let it end (it copies
            // at most what this thread wrote since it began), then copy the rest.
            if (self->checkpointer) {
                self->checkpointer->waitIdle();
            }
            sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        } else if (frames >= EventStore::kIdleCheckpointPages && self->checkpointer
                   && self->checkpointer->isOpen()) {
            self->checkpointer->request();
        }
        return SQLITE_OK;
    }

    Connection connection; // declared first: destroyed after every query made on it
    QString path;
    bool readOnly = false;
    bool writerCache = false; ///< the page cache is sized for writing (useCache)
    qint64 lastSequence = 0; ///< highest stored sequence; advanced only after a COMMIT succeeds
    int walFrames = 0; ///< frames in the WAL after the last commit (onWalCommit)
    std::unique_ptr<WalCheckpointer> checkpointer; ///< writers only

    // Statements are prepared once at open and reused: SQLite then only rebinds and steps.
    SqliteStatement selectReceipt;
    SqliteStatement selectSnapshot;
    SqliteStatement begin;
    SqliteStatement commit;
    SqliteStatement rollback;
    QSqlQuery insertReceipt;
    QSqlQuery selectReceipts;
    QSqlQuery upsertSnapshot;
    QSqlQuery pruneSnapshots;
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
        // start-up only reads, each page once. WAL checkpoints: onWalCommit.
        auto migrated = migrate(db, path);
        if (!migrated) {
            return migrated;
        }
        checkpointer = std::make_unique<WalCheckpointer>(path);
        if (sqlite3 *handle = sqliteHandle(db)) {
            sqlite3_wal_hook(handle, &Private::onWalCommit, this);
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
    sqlite3 *handle = sqliteHandle(connection.database());
    const std::pair<SqliteStatement *, const char *> hotStatements[] = {
        {&begin, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        // A command's events are the event ids in ["<id>:", "<id>;") — ';' follows ':' — whose
        // command_id is the command's (which sets apart the events of a command "<id>:x"): a
        // range of the event_id index. Receipt rows (rejections, event-less commands, and
        // every command of a schema 1 or 2 history) are the second half.
        {&selectReceipt,
         "SELECT 1, min(sequence), max(sequence), NULL, NULL FROM events "
         "WHERE event_id > ?1 || ':' AND event_id < ?1 || ';' AND command_id = ?1 "
         "HAVING count(*) > 0 "
         "UNION ALL SELECT accepted, first_sequence, last_sequence, error_code, error_message "
         "FROM command_receipts WHERE command_id = ?1"},
        // The blob is read with sqlite3_blob_read (latestSnapshot), straight into one buffer.
        {&selectSnapshot,
         "SELECT rowid, sequence FROM snapshots WHERE model_version = ? "
         "ORDER BY sequence DESC LIMIT 1"},
    };
    for (const auto &[statement, sql] : hotStatements) {
        if (auto prepared = statement->prepare(handle, sql, path); !prepared) {
            return prepared;
        }
    }
    const std::pair<QSqlQuery *, QString> statements[] = {
        {&insertReceipt,
         QStringLiteral("INSERT INTO command_receipts (command_id, accepted, first_sequence, "
                        "last_sequence, error_code, error_message) VALUES (?, ?, ?, ?, ?, ?)")},
        // As selectReceipt, for many ids. The ids travel as one JSON array: a single prepared
        // statement serves any batch size (SQLite's JSON functions are built in since 3.38; Debian
        // 12 ships 3.40).
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
EventStore::commit(QList<CommitEntry> entries)
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
        for (CommitEntry &entry : entries) {
            QList<StoredEvent> events;
            if (!entry.rejected) {
                events = std::move(entry.events);
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
    SqliteStatement &query = d->selectReceipt;
    query.bind(1, commandId);
    auto row = query.next(d->path, "read a command receipt");
    if (!row) {
        return std::unexpected(row.error());
    }
    if (!*row) {
        return std::nullopt;
    }
    Receipt receipt {.commandId = commandId,
                     .accepted = query.int64At(0) != 0,
                     .firstSequence = query.int64At(1),
                     .lastSequence = query.int64At(2),
                     .errorCode = query.textAt(3),
                     .errorMessage = query.textAt(4)};
    query.reset();
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
    d->walFrames = 0;
    return {};
}

std::expected<void, PersistenceError> EventStore::checkpointIfLong()
{
    if (d->walFrames < kIdleCheckpointPages) {
        return {};
    }
    if (d->checkpointer && d->checkpointer->isOpen()) {
        d->checkpointer->request();
        d->walFrames = 0;
        return {};
    }
    return checkpoint();
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
    SqliteStatement &query = d->selectSnapshot;
    query.bind(1, modelVersion);
    auto row = query.next(d->path, "read a snapshot");
    if (!row) {
        return std::unexpected(row.error());
    }
    if (!*row) {
        return std::nullopt;
    }
    const qint64 rowid = query.int64At(0);
    Snapshot snapshot {.sequence = query.int64At(1), .modelVersion = modelVersion, .data = {}};
    query.reset();

    // Incremental blob I/O copies the overflow pages into one buffer of ours, mostly without
    // the page cache; a column read would assemble the blob in SQLite's memory and Qt would
    // copy it again (two fresh buffers of megabytes, each faulted in page by page).
    sqlite3 *handle = sqliteHandle(d->connection.database());
    sqlite3_blob *blob = nullptr;
    int result = sqlite3_blob_open(handle, "main", "snapshots", "data", rowid, 0, &blob);
    if (result == SQLITE_OK) {
        snapshot.data = QByteArray(sqlite3_blob_bytes(blob), Qt::Uninitialized);
        result = sqlite3_blob_read(blob, snapshot.data.data(), int(snapshot.data.size()), 0);
    }
    const QString error = QString::fromUtf8(sqlite3_errmsg(handle));
    sqlite3_blob_close(blob);
    if (result != SQLITE_OK) {
        const auto code = (result & 0xff) == SQLITE_CORRUPT ? PersistenceError::Code::Corrupt
                                                            : PersistenceError::Code::QueryFailed;
        return std::unexpected(PersistenceError {
            code, QStringLiteral("database %1: cannot read a snapshot: %2").arg(d->path, error)});
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

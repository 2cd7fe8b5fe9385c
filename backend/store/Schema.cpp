#include "backend/store/Schema.h"

#include "backend/store/EventStore.h"
#include "backend/store/SqlSupport.h"

#include <iterator>
#include <span>

namespace backend::store {

namespace {

// Version 1. `sequence` is the rowid (INTEGER PRIMARY KEY): the store assigns it itself
// (last + 1), so there is no AUTOINCREMENT bookkeeping table. Times are INTEGER milliseconds
// since the epoch (UTC). Receipts hold the sequence range of a command's events, so events
// need no index on command_id.
constexpr const char *kVersion1[] = {
    R"(CREATE TABLE events (
        sequence INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        aggregate_kind TEXT NOT NULL,
        aggregate_id TEXT NOT NULL,
        stream_version INTEGER NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        command_id TEXT,
        causation_event_id TEXT,
        correlation_id TEXT,
        UNIQUE (aggregate_kind, aggregate_id, stream_version)
    ))",
    R"(CREATE TABLE command_receipts (
        command_id TEXT PRIMARY KEY,
        accepted INTEGER NOT NULL,
        first_sequence INTEGER NOT NULL,
        last_sequence INTEGER NOT NULL,
        error_code TEXT,
        error_message TEXT
    ) WITHOUT ROWID)",
    R"(CREATE TABLE snapshots (
        sequence INTEGER NOT NULL,
        model_version INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (sequence, model_version)
    ))",
    R"(CREATE TABLE messages (
        thread_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        turn_id TEXT,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        streaming INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (thread_id, message_id)
    ))",
    "CREATE INDEX messages_by_thread ON messages (thread_id, sequence)",
    R"(CREATE TABLE activities (
        sequence INTEGER PRIMARY KEY,
        thread_id TEXT NOT NULL,
        turn_id TEXT,
        activity_id TEXT NOT NULL,
        tone TEXT NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        payload TEXT NOT NULL,
        occurred_at INTEGER NOT NULL
    ))",
    "CREATE INDEX activities_by_thread ON activities (thread_id, sequence)",
};

// Version 2. A streamed message's deltas are rows of their own, appended as they arrive:
// growing `messages.text` by `text || delta` rewrote the whole body for every delta (O(length²)
// bytes written for one long stream). `sequence` is the delta's event, so a message's chunks
// read back in order; readers append them to `messages.text`. Rows of version 1 keep their
// whole text in `messages.text` and have no chunks, so they need no conversion.
constexpr const char *kVersion2[] = {
    R"(CREATE TABLE message_chunks (
        sequence INTEGER PRIMARY KEY,
        thread_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        text TEXT NOT NULL
    ))",
    "CREATE INDEX message_chunks_by_message ON message_chunks (thread_id, message_id, sequence)",
};

// Version 4. A message's chunks are clustered by message (a WITHOUT ROWID table keyed on thread,
// message and sequence) instead of a rowid table in sequence order plus an index on the same
// key: a delta writes one B-tree entry instead of two, and a one-command commit one page less.
// Readers and deleters already searched by (thread_id, message_id). A chunk also records its
// event's time, so a delta need not rewrite its message row only to move `updated_at`: a
// message was updated at the later of the row's `updated_at` and its last chunk's time. The
// rows are copied over with their events' times.
constexpr const char *kVersion4[] = {
    R"(CREATE TABLE message_chunks_by_key (
        thread_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        text TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        PRIMARY KEY (thread_id, message_id, sequence)
    ) WITHOUT ROWID)",
    R"(INSERT INTO message_chunks_by_key (thread_id, message_id, sequence, text, occurred_at)
        SELECT c.thread_id, c.message_id, c.sequence, c.text,
               coalesce((SELECT e.occurred_at FROM events AS e WHERE e.sequence = c.sequence), 0)
        FROM message_chunks AS c)",
    "DROP TABLE message_chunks",
    "ALTER TABLE message_chunks_by_key RENAME TO message_chunks",
};

/// One schema step: the statements that take a database from `toVersion - 1` to `toVersion`.
struct Migration
{
    int toVersion;
    std::span<const char *const> statements;
};

// Indexed by the user_version a step starts from; a new schema appends a step here and raises
// EventStore::kSchemaVersion.
constexpr Migration kMigrations[] = {
    {1, kVersion1},
    {2, kVersion2},
    // Version 3 changes no table, only what rows mean: an accepted command that stored events
    // has no receipt row; its events' ids are "<commandId>:<n>" and the events' event_id index
    // tells that it was answered. A build that looks only in command_receipts would run such a
    // command twice, so it must refuse the file as newer: hence a step without statements.
    {3, {}},
    {4, kVersion4},
};
static_assert(std::size(kMigrations) == EventStore::kSchemaVersion,
              "one migration step per schema version");

std::expected<void, PersistenceError> runMigrations(const QSqlDatabase &db, const QString &path)
{
    auto identity = readIdentity(db, path);
    if (!identity) {
        return std::unexpected(identity.error());
    }
    if (auto refusal = refusalFor(*identity, path)) {
        return std::unexpected(*refusal);
    }
    for (int version = identity->userVersion; version < EventStore::kSchemaVersion; ++version) {
        const Migration &step = kMigrations[version];
        qCInfo(lcStore) << "migrating" << path << "to schema" << step.toVersion;
        for (const char *statement : step.statements) {
            auto done = execSql(db, QString::fromLatin1(statement), path, "migrate the schema");
            if (!done) {
                return done;
            }
        }
    }
    if (identity->applicationId != kApplicationId) {
        auto done = execSql(db, QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
                            path, "set the application id");
        if (!done) {
            return done;
        }
    }
    if (identity->userVersion != EventStore::kSchemaVersion) {
        return execSql(db,
                       QStringLiteral("PRAGMA user_version = %1").arg(EventStore::kSchemaVersion),
                       path, "set the schema version");
    }
    return {};
}

} // namespace

std::expected<DatabaseIdentity, PersistenceError> readIdentity(const QSqlDatabase &db,
                                                               const QString &path)
{
    DatabaseIdentity identity;
    auto applicationId
        = scalar(db, QStringLiteral("PRAGMA application_id"), path, "read the application id");
    if (!applicationId) {
        return std::unexpected(applicationId.error());
    }
    auto userVersion
        = scalar(db, QStringLiteral("PRAGMA user_version"), path, "read the schema version");
    if (!userVersion) {
        return std::unexpected(userVersion.error());
    }
    // Reading sqlite_master parses the schema: a damaged file fails here at the latest.
    auto tables
        = scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), path, "read the schema");
    if (!tables) {
        return std::unexpected(tables.error());
    }
    identity.applicationId = applicationId->toInt();
    identity.userVersion = userVersion->toInt();
    identity.tableCount = tables->toLongLong();
    return identity;
}

std::optional<PersistenceError> refusalFor(const DatabaseIdentity &identity, const QString &path)
{
    if (identity.applicationId != kApplicationId && !identity.isBlank()) {
        return PersistenceError {
            PersistenceError::Code::NotWeft,
            QStringLiteral("database %1 belongs to another application (application_id 0x%2), "
                           "not Weft")
                .arg(path)
                .arg(quint32(identity.applicationId), 8, 16, QLatin1Char('0'))};
    }
    if (identity.userVersion > EventStore::kSchemaVersion) {
        return PersistenceError {
            PersistenceError::Code::NewerSchema,
            QStringLiteral("database %1 was written by a newer Weft (schema %2; this build reads "
                           "up to %3)")
                .arg(path)
                .arg(identity.userVersion)
                .arg(EventStore::kSchemaVersion)};
    }
    return std::nullopt;
}

std::expected<void, PersistenceError> migrate(const QSqlDatabase &db, const QString &path)
{
    auto begun = execSql(db, QStringLiteral("BEGIN IMMEDIATE"), path, "begin the migration");
    if (!begun) {
        return begun;
    }
    auto migrated = runMigrations(db, path);
    if (!migrated) {
        execSql(db, QStringLiteral("ROLLBACK"), path, "roll back the migration");
        return migrated;
    }
    auto committed = execSql(db, QStringLiteral("COMMIT"), path, "commit the migration");
    if (!committed) {
        execSql(db, QStringLiteral("ROLLBACK"), path, "roll back the migration");
    }
    return committed;
}

} // namespace backend::store

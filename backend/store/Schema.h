#pragma once

#include "backend/store/PersistenceError.h"

#include <QSqlDatabase>
#include <QString>

#include <expected>
#include <optional>

namespace backend::store {

/// `PRAGMA application_id` of every Weft database ("WEFT" in ASCII), so a SQLite file of
/// another application is recognised and left alone.
inline constexpr qint32 kApplicationId = 0x57454654;

/// What the header of an existing database says about its owner and schema.
struct DatabaseIdentity
{
    qint32 applicationId = 0;
    int userVersion = 0;
    qint64 tableCount = 0;

    /// A valid SQLite database nobody has written a schema to yet (Weft may claim it).
    [[nodiscard]] bool isBlank() const
    {
        return applicationId == 0 && userVersion == 0 && tableCount == 0;
    }
};

/// Reads the identity of the database open on `db`.
std::expected<DatabaseIdentity, PersistenceError> readIdentity(const QSqlDatabase &db,
                                                               const QString &path);

/// The refusal (NotWeft, NewerSchema) for a database with this identity, if it must be refused.
std::optional<PersistenceError> refusalFor(const DatabaseIdentity &identity, const QString &path);

/// Brings the database on `db` to EventStore::kSchemaVersion in one IMMEDIATE transaction by
/// running the migration steps after its user_version; re-checks ownership inside the
/// transaction. Nothing is written when the schema is current.
std::expected<void, PersistenceError> migrate(const QSqlDatabase &db, const QString &path);

} // namespace backend::store

#pragma once

#include "backend/store/PersistenceError.h"
#include "backend/store/Schema.h"

#include <QString>

#include <expected>
#include <optional>

namespace backend::store {

/// What an existing path holds, found out without changing a byte of it.
struct OpenCheck
{
    enum class Presence {
        Missing, ///< no file: a new database will be created
        Empty, ///< a 0-byte file, or a SQLite database without any schema: treated as new
        Existing ///< a SQLite database with content
    };
    Presence presence = Presence::Missing;
    DatabaseIdentity identity;
};

/// Checks the database at `path` before anything opens it for writing: the 16-byte SQLite magic
/// and the header fields SQLite relies on are read by hand, then a read-only, immutable SQLite
/// connection (no -wal/-shm files created) reads the application id, user_version and schema.
/// Fails with NotADatabase, Corrupt or OpenFailed; ownership and schema version are the caller's
/// to judge (see refusalFor).
std::expected<OpenCheck, PersistenceError> checkBeforeOpen(const QString &path);

/// Why the checked database must not be opened (another application's, a newer schema; for
/// `readOnly` also a missing, empty or not yet migrated file), if it must not.
std::optional<PersistenceError> refusalToOpen(const OpenCheck &check, const QString &path,
                                              bool readOnly);

} // namespace backend::store

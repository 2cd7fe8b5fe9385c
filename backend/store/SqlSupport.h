#pragma once

#include "backend/store/PersistenceError.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <expected>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace backend::store {

/// How long a statement waits for another connection's lock before failing (ms).
inline constexpr int kBusyTimeoutMs = 5000;

/// A uniquely named Qt SQL connection ("weft-store-<n>") for the thread that creates it. It is
/// closed and removed from Qt's registry when destroyed, so every QSqlQuery made on it must be
/// destroyed first (declare it before the queries in a class).
class Connection
{
public:
    explicit Connection(QStringView purpose);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    /// Opens `fileName` through the QSQLITE driver with its connect options (`;`-separated).
    /// `path` names the database in error messages.
    std::expected<void, PersistenceError> open(const QString &fileName, const QString &options,
                                               const QString &path);

    [[nodiscard]] const QSqlDatabase &database() const { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

/// Maps a Qt SQL error to the store's codes: Corrupt for SQLITE_CORRUPT/NOTADB ("malformed"),
/// Conflict for a UNIQUE/PRIMARY KEY violation, QueryFailed for everything else. `what` says
/// what was being done ("insert event").
[[nodiscard]] PersistenceError sqlError(const QSqlError &error, const QString &path,
                                        const char *what);

/// Prepares `sql` on `query`.
std::expected<void, PersistenceError> prepare(QSqlQuery &query, const QString &sql,
                                              const QString &path);

/// Runs a prepared query with its bound values.
std::expected<void, PersistenceError> exec(QSqlQuery &query, const QString &path, const char *what);

/// Runs one statement without parameters (PRAGMAs, DDL, BEGIN/COMMIT).
std::expected<void, PersistenceError> execSql(const QSqlDatabase &db, const QString &sql,
                                              const QString &path, const char *what);

/// Runs a statement that yields one value (e.g. `PRAGMA user_version`).
std::expected<QVariant, PersistenceError> scalar(const QSqlDatabase &db, const QString &sql,
                                                 const QString &path, const char *what);

/// SQL NULL for an empty string, so optional columns hold NULL rather than ''.
[[nodiscard]] inline QVariant nullIfEmpty(const QString &value)
{
    return value.isEmpty() ? QVariant() : QVariant(value);
}

} // namespace backend::store

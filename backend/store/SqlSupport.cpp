#include "backend/store/SqlSupport.h"

#include <QSqlDriver>

#include <sqlite3.h>

#include <atomic>

namespace backend::store {

namespace {

// SQLite's result codes; Qt reports them, possibly extended, as the native error code.
constexpr int kSqliteCorrupt = SQLITE_CORRUPT;
constexpr int kSqliteConstraint = SQLITE_CONSTRAINT;
constexpr int kSqliteNotADb = SQLITE_NOTADB;
constexpr int kSqliteConstraintPrimaryKey = SQLITE_CONSTRAINT_PRIMARYKEY;
constexpr int kSqliteConstraintUnique = SQLITE_CONSTRAINT_UNIQUE;

std::atomic<int> connectionCounter {0};

} // namespace

Connection::Connection(QStringView purpose)
    : m_name(QStringLiteral("weft-%1-%2").arg(purpose).arg(++connectionCounter))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
}

Connection::~Connection()
{
    m_db.close();
    m_db = QSqlDatabase(); // drop our handle first, or removeDatabase warns "still in use"
    QSqlDatabase::removeDatabase(m_name);
}

std::expected<void, PersistenceError> Connection::open(const QString &fileName,
                                                       const QString &options, const QString &path)
{
    if (!m_db.isValid()) {
        return std::unexpected(PersistenceError {
            PersistenceError::Code::OpenFailed,
            QStringLiteral("cannot open database %1: the Qt SQLite driver (QSQLITE) is not "
                           "available")
                .arg(path)});
    }
    m_db.setDatabaseName(fileName);
    m_db.setConnectOptions(options);
    if (!m_db.open()) {
        return std::unexpected(PersistenceError {
            PersistenceError::Code::OpenFailed,
            QStringLiteral("cannot open database %1: %2").arg(path, m_db.lastError().text())});
    }
    return {};
}

PersistenceError sqlError(const QSqlError &error, const QString &path, const char *what)
{
    bool numeric = false;
    const int native = error.nativeErrorCode().toInt(&numeric);
    const int primary = numeric ? (native & 0xff) : -1;
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();

    auto code = PersistenceError::Code::QueryFailed;
    if (primary == kSqliteCorrupt || primary == kSqliteNotADb
        || text.contains(QLatin1String("malformed"))) {
        code = PersistenceError::Code::Corrupt;
    } else if (native == kSqliteConstraintUnique || native == kSqliteConstraintPrimaryKey
               || (primary == kSqliteConstraint
                   && (text.contains(QLatin1String("UNIQUE"))
                       || text.contains(QLatin1String("PRIMARY KEY"))))) {
        code = PersistenceError::Code::Conflict;
    }
    return PersistenceError {
        code, QStringLiteral("database %1: cannot %2: %3").arg(path, QLatin1String(what), text)};
}

std::expected<void, PersistenceError> prepare(QSqlQuery &query, const QString &sql,
                                              const QString &path)
{
    if (!query.prepare(sql)) {
        return std::unexpected(sqlError(query.lastError(), path, "prepare a statement"));
    }
    return {};
}

std::expected<void, PersistenceError> exec(QSqlQuery &query, const QString &path, const char *what)
{
    if (!query.exec()) {
        return std::unexpected(sqlError(query.lastError(), path, what));
    }
    return {};
}

std::expected<void, PersistenceError> execSql(const QSqlDatabase &db, const QString &sql,
                                              const QString &path, const char *what)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        return std::unexpected(sqlError(query.lastError(), path, what));
    }
    return {};
}

std::expected<QVariant, PersistenceError> scalar(const QSqlDatabase &db, const QString &sql,
                                                 const QString &path, const char *what)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        return std::unexpected(sqlError(query.lastError(), path, what));
    }
    if (!query.next()) {
        if (query.lastError().isValid()) {
            return std::unexpected(sqlError(query.lastError(), path, what));
        }
        return QVariant();
    }
    return query.value(0);
}

} // namespace backend::store

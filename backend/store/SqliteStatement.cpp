#include "backend/store/SqliteStatement.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>

namespace backend::store {

namespace {

PersistenceError sqliteError(sqlite3 *db, int result, const QString &path, const char *what)
{
    const int extended = db ? sqlite3_extended_errcode(db) : result;
    const int primary = extended & 0xff;
    auto code = PersistenceError::Code::QueryFailed;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
        code = PersistenceError::Code::Corrupt;
    } else if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        code = PersistenceError::Code::Conflict;
    }
    const QString text = QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(result));
    return PersistenceError {
        code, QStringLiteral("database %1: cannot %2: %3").arg(path, QLatin1String(what), text)};
}

} // namespace

sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QSqlDriver *driver = db.driver();
    if (!driver) {
        return nullptr;
    }
    const QVariant handle = driver->handle();
    if (!handle.isValid() || std::strcmp(handle.typeName(), "sqlite3*") != 0) {
        return nullptr;
    }
    return *static_cast<sqlite3 *const *>(handle.constData());
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

std::expected<void, PersistenceError> SqliteStatement::prepare(sqlite3 *db, const char *sql,
                                                               const QString &path)
{
    if (!db) {
        return std::unexpected(PersistenceError {
            PersistenceError::Code::OpenFailed,
            QStringLiteral("database %1: the Qt SQL driver gives no SQLite handle").arg(path)});
    }
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    m_db = db;
    const int result
        = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    if (result != SQLITE_OK) {
        return std::unexpected(sqliteError(db, result, path, "prepare a statement"));
    }
    return {};
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bind(int index, const QByteArray &utf8)
{
    // constData() of an empty QByteArray is "" (never null), so this binds '' and not NULL.
    sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
}

void SqliteStatement::bindOrNull(int index, const QByteArray &utf8)
{
    if (utf8.isEmpty()) {
        sqlite3_bind_null(m_statement, index);
    } else {
        bind(index, utf8);
    }
}

void SqliteStatement::bind(int index, QStringView text)
{
    if (m_encodedBound) {
        // A new row: the texts of the previous one are no longer read by SQLite.
        m_used = 0;
        m_encoded.clear();
        m_encodedBound = false;
    }
    const qsizetype room = m_used + m_encoder.requiredSpace(text.size());
    if (m_utf8.size() < room) {
        m_utf8.resize(std::max(room, 2 * m_utf8.size()));
    }
    char *start = m_utf8.data() + m_used;
    const char *end = m_encoder.appendToBuffer(start, text);
    m_encoded.push_back({index, m_used, qsizetype(end - start)});
    m_used += end - start;
}

void SqliteStatement::bindOrNull(int index, QStringView text)
{
    if (text.isEmpty()) {
        sqlite3_bind_null(m_statement, index);
    } else {
        bind(index, text);
    }
}

void SqliteStatement::bindEncoded()
{
    if (m_encodedBound) {
        return;
    }
    for (const Encoded &text : m_encoded) {
        sqlite3_bind_text(m_statement, text.index, m_utf8.constData() + text.offset, int(text.size),
                          SQLITE_STATIC);
    }
    m_encodedBound = true;
}

std::expected<void, PersistenceError> SqliteStatement::run(const QString &path, const char *what)
{
    for (;;) {
        auto row = next(path, what);
        if (!row) {
            return std::unexpected(row.error());
        }
        if (!*row) {
            return {};
        }
    }
}

std::expected<bool, PersistenceError> SqliteStatement::next(const QString &path, const char *what)
{
    if (!m_statement) {
        return std::unexpected(
            PersistenceError {PersistenceError::Code::QueryFailed,
                              QStringLiteral("database %1: cannot %2: statement not prepared")
                                  .arg(path, QLatin1String(what))});
    }
    bindEncoded();
    const int result = sqlite3_step(m_statement);
    if (result == SQLITE_ROW) {
        return true;
    }
    std::expected<bool, PersistenceError> done = false;
    if (result != SQLITE_DONE) {
        done = std::unexpected(sqliteError(m_db, result, path, what));
    }
    sqlite3_reset(m_statement);
    return done;
}

qint64 SqliteStatement::int64At(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString SqliteStatement::textAt(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    return QString::fromUtf8(text, sqlite3_column_bytes(m_statement, column));
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
}

qint64 SqliteStatement::changes() const
{
    return m_db ? sqlite3_changes64(m_db) : 0;
}

} // namespace backend::store

#pragma once

#include "backend/store/PersistenceError.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>
#include <QStringEncoder>

#include <expected>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace backend::store {

/// The `sqlite3*` under a Qt SQL connection (QSQLITE), or nullptr when the driver is another.
/// Statements prepared on it share the connection's transactions with its QSqlQuerys.
[[nodiscard]] sqlite3 *sqliteHandle(const QSqlDatabase &db);

/// A statement prepared once on the connection's own SQLite handle, for the store's hot writes:
/// Qt SQL's bindValue formats a placeholder name and copies a QVariant per parameter, and hands
/// text over as UTF-16 for SQLite to convert. Parameters are 1-based as in SQLite. Text is bound
/// without a copy: the bytes must stay alive until run() returns.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    std::expected<void, PersistenceError> prepare(sqlite3 *db, const char *sql,
                                                  const QString &path);

    void bind(int index, qint64 value);
    /// UTF-8 text; an empty array binds '' (not NULL).
    void bind(int index, const QByteArray &utf8);
    /// UTF-8 text, or SQL NULL when empty (optional columns hold NULL rather than '').
    void bindOrNull(int index, const QByteArray &utf8);
    /// Text encoded to UTF-8 into the statement's own buffer, which is reused from row to row:
    /// no allocation per value once it has grown. An empty string binds ''.
    void bind(int index, QStringView text);
    /// As bind(QStringView), or SQL NULL when empty.
    void bindOrNull(int index, QStringView text);

    /// Steps the statement to its end and resets it; SQLite's errors become the store's codes
    /// (as sqlError does for Qt SQL). `what` says what was being done.
    std::expected<void, PersistenceError> run(const QString &path, const char *what);

    /// Steps once: true with a row to read (int64At, textAt), false at the end, when the
    /// statement is reset. A caller that stops early calls reset().
    std::expected<bool, PersistenceError> next(const QString &path, const char *what);
    [[nodiscard]] qint64 int64At(int column) const;
    [[nodiscard]] QString textAt(int column) const;
    void reset();

    /// Rows changed by the last run().
    [[nodiscard]] qint64 changes() const;

private:
    /// Binds the texts encoded since the last step: only now, because the buffer may move while
    /// it grows.
    void bindEncoded();

    struct Encoded
    {
        int index;
        qsizetype offset;
        qsizetype size;
    };

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    QStringEncoder m_encoder {QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
    QByteArray m_utf8; ///< the encoded texts of the current row
    qsizetype m_used = 0;
    std::vector<Encoded> m_encoded; ///< waiting for bindEncoded
    bool m_encodedBound = false; ///< m_utf8 holds the texts of a row already stepped
};

} // namespace backend::store

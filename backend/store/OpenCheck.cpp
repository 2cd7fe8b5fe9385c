#include "backend/store/OpenCheck.h"

#include "backend/store/EventStore.h"
#include "backend/store/SqlSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>
#include <QtEndian>

namespace backend::store {

namespace {

constexpr qint64 kHeaderSize = 100;
constexpr char kMagic[] = "SQLite format 3"; // followed by its terminating NUL: 16 bytes

PersistenceError notADatabase(const QString &path, const QString &why)
{
    return PersistenceError {
        PersistenceError::Code::NotADatabase,
        QStringLiteral("cannot open %1: not a SQLite database (%2)").arg(path, why)};
}

bool walHasContent(const QString &path)
{
    const QFileInfo wal(path + QStringLiteral("-wal"));
    return wal.exists() && wal.size() > 0;
}

/// The checks of the file format's header (https://sqlite.org/fileformat2.html#the_database_header)
/// that tell a damaged or truncated file from a database, before SQLite reads it.
std::optional<PersistenceError> checkHeader(const QString &path, const QByteArray &header,
                                            qint64 fileSize)
{
    if (header.size() < kHeaderSize || !header.startsWith(QByteArrayView(kMagic, sizeof kMagic))) {
        return notADatabase(path, QStringLiteral("it is not a SQLite file"));
    }
    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    const quint32 rawPageSize = qFromBigEndian<quint16>(bytes + 16);
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const bool pageSizeValid
        = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0;
    const bool versionsValid = bytes[18] >= 1 && bytes[18] <= 2 && bytes[19] >= 1 && bytes[19] <= 2;
    const bool fractionsValid = bytes[21] == 64 && bytes[22] == 32 && bytes[23] == 32;
    if (!pageSizeValid || !versionsValid || !fractionsValid) {
        return notADatabase(path, QStringLiteral("its SQLite header is damaged"));
    }
    if (fileSize % pageSize != 0) {
        return notADatabase(path, QStringLiteral("it is truncated"));
    }
    // The in-header page count is valid when its change counter matches; without a WAL holding
    // newer pages the file must be at least that long.
    const quint32 changeCounter = qFromBigEndian<quint32>(bytes + 24);
    const quint32 pageCount = qFromBigEndian<quint32>(bytes + 28);
    const quint32 validFor = qFromBigEndian<quint32>(bytes + 92);
    if (pageCount != 0 && changeCounter == validFor && fileSize < qint64(pageCount) * pageSize
        && !walHasContent(path)) {
        return notADatabase(path, QStringLiteral("it is truncated"));
    }
    return std::nullopt;
}

PersistenceError refine(PersistenceError error, const QString &path)
{
    // On the first read SQLite reports SQLITE_NOTADB as "file is not a database".
    if (error.code == PersistenceError::Code::Corrupt
        && error.message.contains(QLatin1String("not a database"))) {
        return notADatabase(path, QStringLiteral("SQLite cannot read it"));
    }
    return error;
}

} // namespace

std::expected<OpenCheck, PersistenceError> checkBeforeOpen(const QString &path)
{
    OpenCheck check;
    const QFileInfo info(path);
    if (!info.exists()) {
        return check;
    }
    if (!info.isFile()) {
        return std::unexpected(
            PersistenceError {PersistenceError::Code::OpenFailed,
                              QStringLiteral("cannot open database %1: not a file").arg(path)});
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::unexpected(PersistenceError {
            PersistenceError::Code::OpenFailed,
            QStringLiteral("cannot open database %1: %2").arg(path, file.errorString())});
    }
    const qint64 size = file.size();
    if (size == 0) {
        check.presence = OpenCheck::Presence::Empty;
        return check;
    }
    const QByteArray header = file.read(kHeaderSize);
    file.close();
    if (auto damaged = checkHeader(path, header, size)) {
        return std::unexpected(*damaged);
    }

    // `immutable=1` makes SQLite take no locks and create no -wal/-shm files, so the check
    // leaves the directory as it found it. A WAL with content may hold newer pages (a writer
    // is running, or one crashed): then read through it with an ordinary read-only connection.
    QUrl url = QUrl::fromLocalFile(info.absoluteFilePath());
    url.setQuery(walHasContent(path) ? QStringLiteral("mode=ro")
                                     : QStringLiteral("mode=ro&immutable=1"));
    Connection connection(u"check");
    auto opened = connection.open(
        url.toString(QUrl::FullyEncoded),
        QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=%1")
            .arg(kBusyTimeoutMs),
        path);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    auto identity = readIdentity(connection.database(), path);
    if (!identity) {
        return std::unexpected(refine(identity.error(), path));
    }
    check.identity = *identity;
    check.presence
        = identity->isBlank() ? OpenCheck::Presence::Empty : OpenCheck::Presence::Existing;
    return check;
}

std::optional<PersistenceError> refusalToOpen(const OpenCheck &check, const QString &path,
                                              bool readOnly)
{
    if (check.presence == OpenCheck::Presence::Existing) {
        if (auto refusal = refusalFor(check.identity, path)) {
            return refusal;
        }
    }
    if (!readOnly) {
        return std::nullopt;
    }
    auto refuse = [&](const QString &why) {
        return PersistenceError {
            PersistenceError::Code::OpenFailed,
            QStringLiteral("cannot open database %1 read-only: %2").arg(path, why)};
    };
    switch (check.presence) {
    case OpenCheck::Presence::Missing:
        return refuse(QStringLiteral("it does not exist"));
    case OpenCheck::Presence::Empty:
        return refuse(QStringLiteral("it is empty"));
    case OpenCheck::Presence::Existing:
        break;
    }
    if (check.identity.userVersion < EventStore::kSchemaVersion) {
        return refuse(QStringLiteral("it has schema %1 and needs an upgrade to %2; open it once "
                                     "read-write")
                          .arg(check.identity.userVersion)
                          .arg(EventStore::kSchemaVersion));
    }
    return std::nullopt;
}

} // namespace backend::store

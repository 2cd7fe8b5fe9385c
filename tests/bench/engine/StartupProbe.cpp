#include "StartupProbe.h"

#include "backend/domain/ReadModelCodec.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/store/EventStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cstdio>

namespace bench {

using namespace backend;

namespace {

const QString kConnection = QStringLiteral("bench-probe");

void printResult(const ProbeResult &r)
{
    std::printf("RESULT ms=%.3f rows=%lld rss_kb=%lld sequence=%lld threads=%lld turns=%lld "
                "checksum=%llu\n",
                r.ms, static_cast<long long>(r.rows), static_cast<long long>(r.peakRssKb),
                static_cast<long long>(r.sequence), static_cast<long long>(r.threads),
                static_cast<long long>(r.turns), static_cast<unsigned long long>(r.checksum));
    std::fflush(stdout);
}

int fail(const QString &message)
{
    std::fprintf(stderr, "probe: %s\n", qPrintable(message));
    return 1;
}

int probeIdle(const QString &dbPath)
{
    ProbeResult r;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kConnection);
        db.setDatabaseName(dbPath);
        if (!db.open())
            return fail(db.lastError().text());
        db.close();
    }
    QSqlDatabase::removeDatabase(kConnection);
    r.peakRssKb = peakRssKb();
    printResult(r);
    return 0;
}

int probeScan(const QString &dbPath)
{
    ProbeResult r;
    QElapsedTimer timer;
    timer.start();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kConnection);
        db.setDatabaseName(dbPath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            return fail(db.lastError().text());
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT * FROM events ORDER BY sequence")))
            return fail(query.lastError().text());
        while (query.next()) {
            // Every column into the type a reader would keep it in.
            const qint64 sequence = query.value(0).toLongLong();
            const QString eventId = query.value(1).toString();
            const QString aggregateKind = query.value(2).toString();
            const QString aggregateId = query.value(3).toString();
            const qint64 streamVersion = query.value(4).toLongLong();
            const QString type = query.value(5).toString();
            const QString payload = query.value(6).toString();
            const qint64 occurredAt = query.value(7).toLongLong();
            const QString commandId = query.value(8).toString();
            const QString causationEventId = query.value(9).toString();
            const QString correlationId = query.value(10).toString();
            r.checksum += quint64(eventId.size() + aggregateKind.size() + aggregateId.size()
                                  + type.size() + payload.size() + commandId.size()
                                  + causationEventId.size() + correlationId.size())
                + quint64(streamVersion + occurredAt % 7);
            r.sequence = sequence;
            ++r.rows;
        }
        if (query.lastError().isValid())
            return fail(query.lastError().text());
    }
    QSqlDatabase::removeDatabase(kConnection);
    r.ms = double(timer.nsecsElapsed()) / 1e6;
    r.peakRssKb = peakRssKb();
    printResult(r);
    return 0;
}

int probeEngine(const QString &dbPath)
{
    QElapsedTimer timer;
    timer.start();
    auto store = EventStore::open(dbPath);
    if (!store)
        return fail(store.error().message);
    auto engine = OrchestrationEngine::create(std::move(*store), {.snapshotInterval = 0});
    if (!engine)
        return fail(engine.error().message);
    const qint64 elapsedNs = timer.nsecsElapsed();

    // Untimed from here on: only reporting what was loaded.
    ProbeResult r;
    r.ms = double(elapsedNs) / 1e6;
    r.peakRssKb = peakRssKb();
    const ReadModel model = (*engine)->readModel();
    r.sequence = model.sequence;
    const auto snapshot = (*engine)->store().latestSnapshot(kReadModelVersion);
    const qint64 snapshotSequence = snapshot && *snapshot ? (**snapshot).sequence : 0;
    r.rows = model.sequence - snapshotSequence;
    r.threads = model.threads.size();
    for (const ThreadView &thread : model.threads)
        r.turns += thread.turns.size();
    printResult(r);
    return 0;
}

} // namespace

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return 0;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine()) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

int runProbe(const QString &mode, const QString &dbPath)
{
    if (mode == QLatin1String("idle"))
        return probeIdle(dbPath);
    if (mode == QLatin1String("scan"))
        return probeScan(dbPath);
    if (mode == QLatin1String("engine"))
        return probeEngine(dbPath);
    return fail(QStringLiteral("unknown probe mode %1").arg(mode));
}

std::expected<ProbeResult, QString> probeInChild(const QString &program, const QString &mode,
                                                 const QString &dbPath)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(program, {QStringLiteral("--probe"), mode, QStringLiteral("--db"), dbPath});
    if (!child.waitForFinished(10 * 60 * 1000))
        return std::unexpected(
            QStringLiteral("probe %1 did not finish: %2").arg(mode, child.errorString()));
    const QByteArray out = child.readAllStandardOutput();
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return std::unexpected(QStringLiteral("probe %1 failed (exit %2): %3")
                                   .arg(mode)
                                   .arg(child.exitCode())
                                   .arg(QString::fromLocal8Bit(child.readAllStandardError())));
    for (const QByteArray &line : out.split('\n')) {
        if (!line.startsWith("RESULT "))
            continue;
        ProbeResult r;
        for (const QByteArray &field : line.mid(7).split(' ')) {
            const qsizetype eq = field.indexOf('=');
            const QByteArray key = field.left(eq);
            const QByteArray value = field.mid(eq + 1);
            if (key == "ms")
                r.ms = value.toDouble();
            else if (key == "rows")
                r.rows = value.toLongLong();
            else if (key == "rss_kb")
                r.peakRssKb = value.toLongLong();
            else if (key == "sequence")
                r.sequence = value.toLongLong();
            else if (key == "threads")
                r.threads = value.toLongLong();
            else if (key == "turns")
                r.turns = value.toLongLong();
            else if (key == "checksum")
                r.checksum = value.toULongLong();
        }
        return r;
    }
    return std::unexpected(
        QStringLiteral("probe %1 printed no result: %2").arg(mode, QString::fromLocal8Bit(out)));
}

} // namespace bench

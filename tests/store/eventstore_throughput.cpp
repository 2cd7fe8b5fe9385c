// Prints the event store's replay and commit throughput on a temporary database:
//   eventstore_throughput [events=200000] [commits=5000]
// Replay: `events` small events appended in batches of 1000, then read back with readFrom in
// pages of 1000. Commit: `commits` commands of one small event each, one commit() per command.
#include "backend/store/EventStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace backend;

namespace {

StoredEvent smallEvent(qint64 n, const QDateTime &at)
{
    StoredEvent event;
    event.eventId = QStringLiteral("evt-%1").arg(n);
    event.aggregateKind = QStringLiteral("thread");
    event.aggregateId = QStringLiteral("thread-%1").arg(n % 100);
    event.streamVersion = n / 100 + 1;
    event.type = QStringLiteral("thread.status-changed");
    event.payload = QJsonObject {{"threadId", event.aggregateId}, {"status", "running"}};
    event.occurredAt = at;
    event.commandId = QStringLiteral("cmd-%1").arg(n);
    event.correlationId = event.commandId;
    return event;
}

double perSecond(qint64 count, qint64 nanoseconds)
{
    return nanoseconds > 0 ? double(count) * 1e9 / double(nanoseconds) : 0.0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 eventCount = args.size() > 1 ? args.at(1).toLongLong() : 200000;
    const qint64 commitCount = args.size() > 2 ? args.at(2).toLongLong() : 5000;
    const QDateTime at = QDateTime::currentDateTimeUtc();

    QTemporaryDir dir;
    auto opened = EventStore::open(dir.filePath(QStringLiteral("replay.db")));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    auto &store = *opened;

    QElapsedTimer timer;
    timer.start();
    for (qint64 n = 0; n < eventCount;) {
        QList<StoredEvent> batch;
        for (int i = 0; i < 1000 && n < eventCount; ++i, ++n) {
            batch.append(smallEvent(n, at));
        }
        if (!store->appendAll(batch)) {
            std::fprintf(stderr, "append failed\n");
            return 1;
        }
    }
    const qint64 appendNs = timer.nsecsElapsed();

    timer.restart();
    qint64 read = 0;
    qint64 after = 0;
    for (;;) {
        auto page = store->readFrom(after, 1000);
        if (!page) {
            std::fprintf(stderr, "%s\n", qPrintable(page.error().message));
            return 1;
        }
        if (page->isEmpty()) {
            break;
        }
        read += page->size();
        after = page->last().sequence;
    }
    const qint64 readNs = timer.nsecsElapsed();
    std::printf("appendAll, batches of 1000: %lld events in %.2f s = %.0f events/s\n",
                static_cast<long long>(eventCount), appendNs / 1e9,
                perSecond(eventCount, appendNs));
    std::printf("readFrom, pages of 1000:    %lld events in %.2f s = %.0f events/s\n",
                static_cast<long long>(read), readNs / 1e9, perSecond(read, readNs));

    auto commitStore = EventStore::open(dir.filePath(QStringLiteral("commit.db")));
    if (!commitStore) {
        return 1;
    }
    timer.restart();
    for (qint64 n = 0; n < commitCount; ++n) {
        CommitEntry entry;
        entry.events = {smallEvent(n, at)};
        entry.commandId = entry.events.first().commandId;
        if (!(*commitStore)->commit({entry})) {
            std::fprintf(stderr, "commit failed\n");
            return 1;
        }
    }
    const qint64 commitNs = timer.nsecsElapsed();
    std::printf("commit, 1 command of 1 event each: %lld commits in %.2f s = %.0f commits/s\n",
                static_cast<long long>(commitCount), commitNs / 1e9,
                perSecond(commitCount, commitNs));
    return 0;
}

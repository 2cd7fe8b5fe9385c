#include "frontend/HistoryReader.h"

#include "backend/store/ProjectionReader.h"
#include "backend/store/SqlSupport.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>
#include <memory>

namespace frontend {

namespace {

/// The reader thread's state: its own connection and prepared statements. Created on first use
/// on that thread, destroyed there when the thread finishes.
class Worker : public QObject
{
public:
    explicit Worker(QString path)
        : m_path(std::move(path))
    {
    }
    ~Worker() override
    {
        m_reader.reset(); // statements before their connection
        m_connection.reset();
    }

    HistoryPage read(const QString &threadId, qint64 beforeSequence, int limit)
    {
        HistoryPage page;
        page.threadId = threadId;
        auto last = beginRead();
        if (!last) {
            page.error = last.error();
            return page;
        }
        page.asOf = *last;
        const qint64 before = beforeSequence > 0 ? beforeSequence : page.asOf + 1;
        auto messages = m_reader->messages(threadId, 0, limit, before, m_path);
        auto activities = m_reader->activities(threadId, 0, limit, before, m_path);
        endRead();
        if (!messages || !activities) {
            page.error = !messages ? messages.error().message : activities.error().message;
            return page;
        }
        QList<HistoryItem> items;
        items.reserve(messages->size() + activities->size());
        for (const backend::MessageRow &row : *messages) {
            HistoryItem item;
            item.kind = HistoryItem::Kind::Message;
            item.sequence = row.sequence;
            item.id = row.messageId;
            item.turnId = row.turnId;
            item.role = row.role;
            item.text = row.text;
            item.streaming = row.streaming;
            item.at = row.createdAt;
            items.append(std::move(item));
        }
        for (const backend::ActivityRow &row : *activities) {
            HistoryItem item;
            item.kind = HistoryItem::Kind::Activity;
            item.sequence = row.sequence;
            item.id = row.activityId;
            item.turnId = row.turnId;
            item.tone = row.tone;
            item.activityKind = row.kind;
            item.summary = row.summary;
            item.at = row.occurredAt;
            items.append(std::move(item));
        }
        std::sort(items.begin(), items.end(), [](const HistoryItem &a, const HistoryItem &b) {
            return a.sequence < b.sequence;
        });
        // Both tables were asked for `limit` rows: keep the newest `limit` of the union; what is
        // dropped comes back with the next older page.
        const qsizetype dropped = std::max<qsizetype>(0, items.size() - limit);
        page.items = items.mid(dropped);
        page.hasMore = dropped > 0 || messages->size() == limit || activities->size() == limit;
        return page;
    }

    TurnDiffs readTurnDiffs(const QString &threadId)
    {
        TurnDiffs diffs;
        diffs.threadId = threadId;
        if (auto opened = ensureOpen(); !opened) {
            diffs.error = opened.error();
            return diffs;
        }
        using namespace backend::store;
        // The read model keeps no files per turn; the events do. The stream's unique index
        // (aggregate_kind, aggregate_id, …) keeps this to the thread's own events.
        QSqlQuery q(m_connection->database());
        if (auto prepared
            = prepare(q,
                      QStringLiteral("SELECT CAST(payload AS BLOB) FROM events "
                                     "WHERE aggregate_kind = 'thread' AND aggregate_id = ? "
                                     "AND type = 'thread.turn.diff-completed' "
                                     "ORDER BY sequence"),
                      m_path);
            !prepared) {
            diffs.error = prepared.error().message;
            return diffs;
        }
        q.addBindValue(threadId);
        if (auto done = exec(q, m_path, "read the turns' changed files"); !done) {
            diffs.error = done.error().message;
            return diffs;
        }
        while (q.next()) {
            const QJsonObject payload = QJsonDocument::fromJson(q.value(0).toByteArray()).object();
            diffs.filesByTurn.insert(payload.value(QLatin1String("turnId")).toString(),
                                     payload.value(QLatin1String("files")).toArray());
        }
        return diffs;
    }

    AggregateEvents readAggregateEvents(const QString &kind, const QString &aggregateId,
                                        const QStringList &types)
    {
        AggregateEvents answer;
        answer.aggregateId = aggregateId;
        // As a page: the last sequence and the rows from one snapshot, so a model can take live
        // events from exactly there. The stream's unique index keeps the scan to the aggregate.
        auto last = beginRead();
        if (!last) {
            answer.error = last.error();
            return answer;
        }
        answer.asOf = *last;
        auto events = selectEvents(kind, aggregateId, types);
        endRead();
        if (events)
            answer.events = std::move(*events);
        else
            answer.error = events.error();
        return answer;
    }

private:
    /// Opens the connection if needed and begins a read transaction; returns the store's last
    /// sequence as that transaction sees it. Pair with endRead().
    std::expected<qint64, QString> beginRead()
    {
        if (auto opened = ensureOpen(); !opened)
            return std::unexpected(opened.error());
        using namespace backend::store;
        const QSqlDatabase &db = m_connection->database();
        if (auto begun = execSql(db, QStringLiteral("BEGIN"), m_path, "begin a read"); !begun)
            return std::unexpected(begun.error().message);
        auto last = scalar(db, QStringLiteral("SELECT COALESCE(MAX(sequence), 0) FROM events"),
                           m_path, "read the last sequence");
        if (!last) {
            endRead();
            return std::unexpected(last.error().message);
        }
        return last->toLongLong();
    }

    /// The events of one aggregate of `types`, in stream order (inside a read transaction).
    std::expected<QList<backend::StoredEvent>, QString>
    selectEvents(const QString &kind, const QString &aggregateId, const QStringList &types)
    {
        using namespace backend::store;
        if (types.isEmpty())
            return QList<backend::StoredEvent>();
        QSqlQuery q(m_connection->database());
        q.setForwardOnly(true);
        // The types in the query: a long attempt's heartbeats are never read.
        QStringList placeholders(types.size(), QStringLiteral("?"));
        if (auto prepared
            = prepare(q,
                      QStringLiteral("SELECT sequence, type, CAST(payload AS BLOB), occurred_at "
                                     "FROM events WHERE aggregate_kind = ? AND aggregate_id = ? "
                                     "AND type IN (%1) ORDER BY stream_version")
                          .arg(placeholders.join(QLatin1Char(','))),
                      m_path);
            !prepared)
            return std::unexpected(prepared.error().message);
        q.addBindValue(kind);
        q.addBindValue(aggregateId);
        for (const QString &type : types)
            q.addBindValue(type);
        if (auto done = exec(q, m_path, "read an aggregate's events"); !done)
            return std::unexpected(done.error().message);
        QList<backend::StoredEvent> events;
        while (q.next()) {
            const QString type = q.value(1).toString();
            backend::StoredEvent &event = events.emplace_back();
            event.sequence = q.value(0).toLongLong();
            event.aggregateKind = kind;
            event.aggregateId = aggregateId;
            event.type = type;
            event.payload = QJsonDocument::fromJson(q.value(2).toByteArray()).object();
            event.occurredAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
        }
        return events;
    }

    void endRead()
    {
        (void)backend::store::execSql(m_connection->database(), QStringLiteral("COMMIT"), m_path,
                                      "end a read");
    }

    std::expected<void, QString> ensureOpen()
    {
        if (m_reader)
            return {};
        using namespace backend::store;
        auto connection = std::make_unique<Connection>(u"gui-history");
        auto opened = connection->open(
            m_path,
            QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs),
            m_path);
        if (!opened)
            return std::unexpected(opened.error().message);
        auto reader = std::make_unique<ProjectionReader>(connection->database());
        if (auto prepared = reader->prepare(m_path); !prepared)
            return std::unexpected(prepared.error().message);
        m_connection = std::move(connection);
        m_reader = std::move(reader);
        return {};
    }

    QString m_path;
    std::unique_ptr<backend::store::Connection> m_connection;
    std::unique_ptr<backend::store::ProjectionReader> m_reader;
};

} // namespace

HistoryReader::HistoryReader(QString databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
{
    m_thread.setObjectName(QStringLiteral("weft-history"));
    m_worker = new Worker(m_databasePath);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

HistoryReader::~HistoryReader()
{
    m_thread.quit();
    m_thread.wait();
}

quint64 HistoryReader::requestPage(const QString &threadId, qint64 beforeSequence, int limit)
{
    const quint64 id = ++m_nextRequest;
    auto *worker = static_cast<Worker *>(m_worker);
    // `this` outlives the worker's run (the destructor joins the thread first), and an answer
    // posted to it after it is gone is dropped by Qt with its other pending events.
    HistoryReader *self = this;
    QMetaObject::invokeMethod(
        worker,
        [worker, self, id, threadId, beforeSequence, limit] {
            HistoryPage page = worker->read(threadId, beforeSequence, limit);
            page.requestId = id;
            QMetaObject::invokeMethod(
                self, [self, page = std::move(page)] { Q_EMIT self->pageReady(page); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 HistoryReader::requestTurnDiffs(const QString &threadId)
{
    const quint64 id = ++m_nextRequest;
    auto *worker = static_cast<Worker *>(m_worker);
    HistoryReader *self = this; // see requestPage
    QMetaObject::invokeMethod(
        worker,
        [worker, self, id, threadId] {
            TurnDiffs diffs = worker->readTurnDiffs(threadId);
            diffs.requestId = id;
            QMetaObject::invokeMethod(
                self, [self, diffs = std::move(diffs)] { Q_EMIT self->turnDiffsReady(diffs); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 HistoryReader::requestAggregateEvents(const QString &aggregateKind,
                                              const QString &aggregateId, const QStringList &types)
{
    const quint64 id = ++m_nextRequest;
    auto *worker = static_cast<Worker *>(m_worker);
    HistoryReader *self = this; // see requestPage
    QMetaObject::invokeMethod(
        worker,
        [worker, self, id, aggregateKind, aggregateId, types] {
            AggregateEvents answer = worker->readAggregateEvents(aggregateKind, aggregateId, types);
            answer.requestId = id;
            QMetaObject::invokeMethod(
                self,
                [self, answer = std::move(answer)] { Q_EMIT self->aggregateEventsReady(answer); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

} // namespace frontend

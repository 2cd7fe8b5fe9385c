// The message projection as readers see it: streamed deltas stored as chunks and read back
// whole, through the store and through the GUI's HistoryReader; revert; schema 1 databases.

#include "backend/store/EventStore.h"
#include "frontend/HistoryReader.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;

namespace {

StoredEvent makeEvent(const QString &threadId, qint64 streamVersion, const QString &type,
                      const QJsonObject &payload)
{
    static int counter = 0;
    StoredEvent event;
    event.eventId = QStringLiteral("evt-%1").arg(++counter);
    event.aggregateKind = QStringLiteral("thread");
    event.aggregateId = threadId;
    event.streamVersion = streamVersion;
    event.type = type;
    event.payload = payload;
    event.occurredAt = QDateTime(QDate(2026, 11, 23), QTime(9, 30), Qt::UTC);
    return event;
}

QJsonObject messagePayload(const QString &messageId, const QString &turnId, const QString &role,
                           const QString &text, bool streaming)
{
    return QJsonObject {{"threadId", "t1"}, {"messageId", messageId}, {"turnId", turnId},
                        {"role", role},     {"text", text},           {"streaming", streaming}};
}

/// Piece `i` of a long stream: varied lengths, multi-byte and non-BMP characters.
QString piece(int i)
{
    return QStringLiteral("%1 naïve ✓ 🧵 ").arg(i) + QString(i % 97, QChar(u'a' + i % 26))
        + QLatin1Char('\n');
}

/// A plain connection, as another program (or a test's surgery) would open the file.
class PlainConnection
{
public:
    explicit PlainConnection(const QString &path)
    {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plain"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
    }
    ~PlainConnection()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("plain"));
    }
    bool exec(const QString &sql)
    {
        QSqlQuery query(db);
        const bool ok = query.exec(sql);
        if (!ok)
            qWarning() << sql << query.lastError();
        return ok;
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

    QSqlDatabase db;
};

} // namespace

class TestMessageProjection : public QObject
{
    Q_OBJECT

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("weft.db")); }
    std::unique_ptr<EventStore> openStore()
    {
        auto store = EventStore::open(dbPath());
        if (!store) {
            qWarning() << store.error().message;
            return nullptr;
        }
        return std::move(*store);
    }
    /// Appends a user message and `deltas` streamed assistant pieces of turn `turnId`, one event
    /// per commit (as a provider's deltas arrive), then the message's completion. Returns the
    /// assistant text.
    QString streamTurn(EventStore &store, const QString &turnId, int deltas)
    {
        QString whole;
        auto append = [&](const QJsonObject &payload) {
            QVERIFY(store.appendAll(
                {makeEvent("t1", ++m_version, QStringLiteral("thread.message-sent"), payload)}));
        };
        append(messagePayload(turnId + ":user", turnId, "user", "go", false));
        for (int i = 0; i < deltas; ++i) {
            whole += piece(i);
            append(messagePayload(turnId + ":assistant", turnId, "assistant", piece(i), true));
        }
        append(messagePayload(turnId + ":assistant", turnId, "assistant", QString(), false));
        return whole;
    }
    frontend::HistoryPage readPage(const QString &threadId)
    {
        frontend::HistoryReader reader(dbPath());
        QSignalSpy spy(&reader, &frontend::HistoryReader::pageReady);
        reader.requestPage(threadId, 0, 50);
        if (!spy.wait(30000))
            return {};
        return spy.at(0).at(0).value<frontend::HistoryPage>();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    qint64 m_version = 0;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_version = 0;
    }

    void given_longStream_when_readThroughTheStore_then_textIsWholeAndInOrder()
    {
        auto store = openStore();
        QVERIFY(store);
        const QString whole = streamTurn(*store, "turn-1", 2000);
        auto rows = store->messages("t1", 0, 10);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 2);
        QCOMPARE(rows->at(0).text, QStringLiteral("go"));
        QCOMPARE(rows->at(1).text.size(), whole.size());
        QVERIFY(rows->at(1).text == whole);
        QCOMPARE(rows->at(1).streaming, false);
        QCOMPARE(rows->at(1).sequence, 2);
    }

    void given_longStream_when_readThroughTheHistoryReader_then_textIsWholeAndInOrder()
    {
        QString whole;
        {
            auto store = openStore();
            QVERIFY(store);
            whole = streamTurn(*store, "turn-1", 2000);
        }
        const frontend::HistoryPage page = readPage("t1");
        QVERIFY2(page.error.isEmpty(), qPrintable(page.error));
        QCOMPARE(page.items.size(), 2);
        QCOMPARE(page.items.at(1).role, QStringLiteral("assistant"));
        QVERIFY(page.items.at(1).text == whole);
        QCOMPARE(page.items.at(1).text.toUtf8(), whole.toUtf8());
    }

    void given_streamedDeltas_when_stored_then_eachDeltaIsARowOfItsOwn()
    {
        auto store = openStore();
        QVERIFY(store);
        streamTurn(*store, "turn-1", 5);
        store.reset();
        PlainConnection plain(dbPath());
        // The first delta makes the message row; the other four are chunks, and the message
        // row does not grow with them.
        QCOMPARE(plain.scalar("SELECT count(*) FROM message_chunks").toInt(), 4);
        QCOMPARE(plain.scalar("SELECT text FROM messages WHERE message_id = 'turn-1:assistant'")
                     .toString(),
                 piece(0));
    }

    void given_twoStreamedTurns_when_theSecondIsReverted_then_itsMessagesAndChunksAreGone()
    {
        auto store = openStore();
        QVERIFY(store);
        const QString first = streamTurn(*store, "turn-1", 30);
        streamTurn(*store, "turn-2", 30);
        QVERIFY(store->appendAll(
            {makeEvent("t1", ++m_version, QStringLiteral("thread.reverted"),
                       QJsonObject {{"threadId", "t1"},
                                    {"removedTurnIds", QJsonArray {QStringLiteral("turn-2")}}})}));
        auto rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).messageId, QStringLiteral("turn-1:assistant"));
        QVERIFY(rows.at(1).text == first);
        store.reset();
        PlainConnection plain(dbPath());
        QCOMPARE(plain.scalar("SELECT count(*) FROM message_chunks WHERE message_id LIKE 'turn-2%'")
                     .toInt(),
                 0);
        QCOMPARE(plain.scalar("SELECT count(*) FROM message_chunks").toInt(), 29);
    }

    void given_aWholeStreamInOneCommit_when_stored_then_theRowHasItsLastEventsState()
    {
        auto store = openStore();
        QVERIFY(store);
        // A group commit holds a stream from its first delta to its completion: the message row
        // is written once for them all, and must end as if each event had updated it in turn.
        QList<StoredEvent> events;
        events.append(makeEvent("t1", ++m_version, QStringLiteral("thread.message-sent"),
                                messagePayload("m:assistant", QString(), "assistant", "a", true)));
        QString whole = QStringLiteral("a");
        for (int i = 0; i < 5; ++i) {
            whole += piece(i);
            events.append(
                makeEvent("t1", ++m_version, QStringLiteral("thread.message-sent"),
                          messagePayload("m:assistant", "turn-1", "assistant", piece(i), true)));
        }
        StoredEvent last
            = makeEvent("t1", ++m_version, QStringLiteral("thread.message-sent"),
                        messagePayload("m:assistant", "turn-2", "assistant", QString(), false));
        last.occurredAt = last.occurredAt.addSecs(60);
        events.append(last);
        QVERIFY(store->appendAll(events));

        const QList<MessageRow> rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.at(0).text == whole);
        QCOMPARE(rows.at(0).streaming, false);
        QCOMPARE(rows.at(0).turnId, QStringLiteral("turn-1")); // the first turn id given
        QCOMPARE(rows.at(0).createdAt, events.constFirst().occurredAt);
        QCOMPARE(rows.at(0).updatedAt, last.occurredAt);
    }

    void given_aLaterDeltaInACommitOfItsOwn_when_read_then_theMessageWasUpdatedAtItsTime()
    {
        auto store = openStore();
        QVERIFY(store);
        const auto delta = [&](const QString &text, int minutes) {
            StoredEvent event
                = makeEvent("t1", ++m_version, QStringLiteral("thread.message-sent"),
                            messagePayload("m:assistant", "turn-1", "assistant", text, true));
            event.occurredAt = event.occurredAt.addSecs(60 * minutes);
            return event;
        };
        QVERIFY(store->appendAll({delta("a", 0)}));
        QVERIFY(store->appendAll({delta("b", 1)}));
        const StoredEvent last = delta("c", 2);
        QVERIFY(store->appendAll({last}));

        const QList<MessageRow> rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).text, QStringLiteral("abc"));
        QCOMPARE(rows.at(0).createdAt, QDateTime(QDate(2026, 11, 23), QTime(9, 30), Qt::UTC));
        QCOMPARE(rows.at(0).updatedAt, last.occurredAt);
    }

    void given_aTurnRevertedInTheCommitThatStreamedIt_when_itsMessageReturns_then_itStartsAfresh()
    {
        auto store = openStore();
        QVERIFY(store);
        const auto message = [&](const QString &text) {
            return makeEvent("t1", ++m_version, QStringLiteral("thread.message-sent"),
                             messagePayload("m:assistant", "turn-1", "assistant", text, true));
        };
        QList<StoredEvent> events {message("a"), message("b")};
        events.append(
            makeEvent("t1", ++m_version, QStringLiteral("thread.reverted"),
                      QJsonObject {{"threadId", "t1"}, {"removedTurnIds", QJsonArray {"turn-1"}}}));
        events.append(message("c"));
        events.append(message("d"));
        const auto stored = store->appendAll(events);
        QVERIFY(stored);

        const QList<MessageRow> rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).text, QStringLiteral("cd"));
        QCOMPARE(rows.at(0).sequence, stored->at(3).sequence);
    }

    void given_schema3DatabaseWithChunks_when_opened_then_theChunksAreKeptInOrder()
    {
        QString whole;
        {
            auto store = openStore();
            QVERIFY(store);
            whole = streamTurn(*store, "turn-1", 40);
        }
        {
            // Back to the schema 3 shape of the chunks: a rowid table and an index.
            PlainConnection plain(dbPath());
            for (const char *sql : {
                     "ALTER TABLE message_chunks RENAME TO chunks_now",
                     R"(CREATE TABLE message_chunks (sequence INTEGER PRIMARY KEY,
                        thread_id TEXT NOT NULL, message_id TEXT NOT NULL, text TEXT NOT NULL))",
                     R"(CREATE INDEX message_chunks_by_message
                        ON message_chunks (thread_id, message_id, sequence))",
                     R"(INSERT INTO message_chunks (sequence, thread_id, message_id, text)
                        SELECT sequence, thread_id, message_id, text FROM chunks_now
                        ORDER BY sequence DESC)",
                     "DROP TABLE chunks_now",
                     "PRAGMA user_version = 3",
                 }) {
                QVERIFY(plain.exec(QString::fromUtf8(sql)));
            }
        }
        auto store = openStore();
        QVERIFY(store);
        auto rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows.at(1).text == whole);
        store.reset();
        PlainConnection plain(dbPath());
        QCOMPARE(plain.scalar("PRAGMA user_version").toInt(), EventStore::kSchemaVersion);
        QCOMPARE(plain.scalar("SELECT count(*) FROM message_chunks").toInt(), 39);
        QCOMPARE(plain
                     .scalar("SELECT count(*) FROM sqlite_master WHERE name = "
                             "'message_chunks_by_message'")
                     .toInt(),
                 0);
    }

    void given_schema1Database_when_opened_then_itIsMigratedAndItsMessagesReadWhole()
    {
        {
            // Schema 1 as Weft wrote it, with a message streamed the old way (whole in the row).
            PlainConnection plain(dbPath());
            for (const char *sql : {
                     "PRAGMA application_id = 1464157780",
                     R"(CREATE TABLE events (sequence INTEGER PRIMARY KEY,
                        event_id TEXT NOT NULL UNIQUE, aggregate_kind TEXT NOT NULL,
                        aggregate_id TEXT NOT NULL, stream_version INTEGER NOT NULL,
                        type TEXT NOT NULL, payload TEXT NOT NULL, occurred_at INTEGER NOT NULL,
                        command_id TEXT, causation_event_id TEXT, correlation_id TEXT,
                        UNIQUE (aggregate_kind, aggregate_id, stream_version)))",
                     R"(CREATE TABLE command_receipts (command_id TEXT PRIMARY KEY,
                        accepted INTEGER NOT NULL, first_sequence INTEGER NOT NULL,
                        last_sequence INTEGER NOT NULL, error_code TEXT, error_message TEXT)
                        WITHOUT ROWID)",
                     R"(CREATE TABLE snapshots (sequence INTEGER NOT NULL,
                        model_version INTEGER NOT NULL, data BLOB NOT NULL,
                        PRIMARY KEY (sequence, model_version)))",
                     R"(CREATE TABLE messages (thread_id TEXT NOT NULL, message_id TEXT NOT NULL,
                        sequence INTEGER NOT NULL, turn_id TEXT, role TEXT NOT NULL,
                        text TEXT NOT NULL, streaming INTEGER NOT NULL,
                        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                        PRIMARY KEY (thread_id, message_id)))",
                     "CREATE INDEX messages_by_thread ON messages (thread_id, sequence)",
                     R"(CREATE TABLE activities (sequence INTEGER PRIMARY KEY,
                        thread_id TEXT NOT NULL, turn_id TEXT, activity_id TEXT NOT NULL,
                        tone TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL,
                        payload TEXT NOT NULL, occurred_at INTEGER NOT NULL))",
                     "CREATE INDEX activities_by_thread ON activities (thread_id, sequence)",
                     R"(INSERT INTO events VALUES (1, 'e1', 'thread', 't1', 1,
                        'thread.message-sent', '{}', 0, NULL, NULL, NULL))",
                     R"(INSERT INTO messages VALUES ('t1', 'old:assistant', 1, 'old',
                        'assistant', 'Hello, world', 1, 0, 0))",
                     "PRAGMA user_version = 1",
                 }) {
                QVERIFY(plain.exec(QString::fromUtf8(sql)));
            }
        }
        m_version = 1;
        auto store = openStore();
        QVERIFY(store);
        // The old row keeps streaming: new deltas append after its text.
        QVERIFY(
            store->appendAll({makeEvent("t1", ++m_version, QStringLiteral("thread.message-sent"),
                                        messagePayload("old:assistant", "old", "assistant",
                                                       QStringLiteral(", again"), true))}));
        auto rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).text, QStringLiteral("Hello, world, again"));
        store.reset();
        PlainConnection plain(dbPath());
        QCOMPARE(plain.scalar("PRAGMA user_version").toInt(), EventStore::kSchemaVersion);
    }
};

QTEST_GUILESS_MAIN(TestMessageProjection)
#include "tst_message_projection.moc"

#include "backend/store/EventStore.h"
#include "backend/store/WalCheckpointer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;

namespace {

StoredEvent makeEvent(const QString &aggregateId, qint64 streamVersion, const QString &type,
                      const QJsonObject &payload = {}, const QString &commandId = {})
{
    static int counter = 0;
    StoredEvent event;
    event.eventId = QStringLiteral("evt-%1").arg(++counter);
    event.aggregateKind = QStringLiteral("thread");
    event.aggregateId = aggregateId;
    event.streamVersion = streamVersion;
    event.type = type;
    event.payload = payload;
    event.occurredAt = QDateTime(QDate(2026, 11, 23), QTime(9, 30, 15, 123), Qt::UTC);
    event.commandId = commandId;
    event.correlationId = commandId;
    return event;
}

CommitEntry accepted(const QString &commandId, QList<StoredEvent> events)
{
    for (StoredEvent &event : events) {
        event.commandId = commandId;
    }
    CommitEntry entry;
    entry.commandId = commandId;
    entry.events = std::move(events);
    return entry;
}

QJsonObject messagePayload(const QString &messageId, const QString &role, const QString &text,
                           bool streaming, const QString &threadId = QStringLiteral("t1"))
{
    return QJsonObject {{"threadId", threadId}, {"messageId", messageId}, {"role", role},
                        {"text", text},         {"turnId", "turn-1"},     {"streaming", streaming}};
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool hasSideFiles(const QString &path)
{
    return QFile::exists(path + QStringLiteral("-wal"))
        || QFile::exists(path + QStringLiteral("-shm"))
        || QFile::exists(path + QStringLiteral("-journal"));
}

/// A plain Qt SQL connection, as another program (or a test's surgery) would open the file.
class PlainConnection
{
public:
    explicit PlainConnection(const QString &path)
    {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
    }
    ~PlainConnection()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery query(db);
        return query.exec(sql);
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next()) {
            return {};
        }
        return query.value(0);
    }

    QString name = QStringLiteral("plain-test-connection");
    QSqlDatabase db;
};

} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("weft.db")); }
    std::unique_ptr<EventStore> openStore(EventStore::Options options = {})
    {
        auto store = EventStore::open(dbPath(), options);
        if (!store) {
            qWarning() << store.error().message;
            return nullptr;
        }
        return std::move(*store);
    }
    /// Opens `path`, expects the refusal `code`, and checks the file was not touched.
    void expectRefusedUntouched(const QString &path, PersistenceError::Code code)
    {
        const QByteArray before = fileHash(path);
        QVERIFY(!before.isEmpty());
        QVERIFY(!hasSideFiles(path));
        auto store = EventStore::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().code, code);
        QVERIFY(!store.error().message.contains(QLatin1Char('\n')));
        QCOMPARE(fileHash(path), before);
        QVERIFY(!hasSideFiles(path));
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup() { m_dir.reset(); }

    void given_emptyStore_when_appendingEvents_then_everyEnvelopeFieldRoundTrips()
    {
        auto store = openStore();
        QVERIFY(store);
        StoredEvent event = makeEvent(
            "a1", 1, "thread.created",
            QJsonObject {{"title", "héllo"}, {"n", 3}, {"list", QJsonArray {1, "x"}}}, "cmd-1");
        event.causationEventId = QStringLiteral("evt-cause");
        event.correlationId = QStringLiteral("corr-1");
        // Local time, sub-ms precision elsewhere: the store keeps UTC milliseconds.
        event.occurredAt = QDateTime::fromMSecsSinceEpoch(1763890215123, Qt::LocalTime);

        auto stored = store->appendAll({event});
        QVERIFY(stored);
        QCOMPARE(stored->size(), 1);
        QCOMPARE(stored->at(0).sequence, 1);

        auto read = store->readRange(1, 1);
        QVERIFY(read);
        QCOMPARE(read->size(), 1);
        const StoredEvent &back = read->at(0);
        event.sequence = 1;
        QCOMPARE(back.eventId, event.eventId);
        QCOMPARE(back.aggregateKind, event.aggregateKind);
        QCOMPARE(back.aggregateId, event.aggregateId);
        QCOMPARE(back.streamVersion, event.streamVersion);
        QCOMPARE(back.type, event.type);
        QCOMPARE(back.payload, event.payload);
        QCOMPARE(back.occurredAt.toMSecsSinceEpoch(), 1763890215123);
        QCOMPARE(back.occurredAt.timeSpec(), Qt::UTC);
        QCOMPARE(back.commandId, event.commandId);
        QCOMPARE(back.causationEventId, event.causationEventId);
        QCOMPARE(back.correlationId, event.correlationId);
        QCOMPARE(back, stored->at(0));
    }

    void given_emptyStore_when_committingSeveralEntries_then_sequencesAreConsecutive()
    {
        auto store = openStore();
        QVERIFY(store);
        auto result = store->commit({
            accepted("c1", {makeEvent("a", 1, "x.one"), makeEvent("a", 2, "x.two")}),
            accepted("c2", {makeEvent("b", 1, "x.one")}),
            accepted("c3", {makeEvent("a", 3, "x.three"), makeEvent("b", 2, "x.two")}),
        });
        QVERIFY(result);
        QCOMPARE(result->size(), 3);
        QList<qint64> sequences;
        for (const auto &entry : *result) {
            for (const auto &event : entry) {
                sequences.append(event.sequence);
            }
        }
        QCOMPARE(sequences, (QList<qint64> {1, 2, 3, 4, 5}));
        QCOMPARE(store->lastSequence().value(), 5);
    }

    void
    given_secondEntryBreaksStreamVersion_when_committing_then_nothingIsStoredAndNextCommitContinues()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->commit({accepted("c0", {makeEvent("a", 1, "x.one")})}));

        auto failed = store->commit({
            accepted("c1", {makeEvent("b", 1, "x.one")}),
            accepted("c2", {makeEvent("a", 1, "x.again")}), // stream version 1 of "a" exists
        });
        QVERIFY(!failed);
        QCOMPARE(failed.error().code, PersistenceError::Code::Conflict);
        QCOMPARE(failed.error().codeName(), QStringLiteral("conflict"));
        QCOMPARE(store->lastSequence().value(), 1);
        QVERIFY(!store->receipt("c1").value().has_value());
        QVERIFY(!store->receipt("c2").value().has_value());
        QCOMPARE(store->readFrom(0, 100)->size(), 1);

        auto next = store->commit({accepted("c3", {makeEvent("b", 1, "x.one")})});
        QVERIFY(next);
        QCOMPARE(next->at(0).at(0).sequence, 2);
    }

    void given_duplicateEventId_when_appending_then_conflictAndNothingStored()
    {
        auto store = openStore();
        QVERIFY(store);
        StoredEvent first = makeEvent("a", 1, "x.one");
        StoredEvent second = makeEvent("a", 2, "x.two");
        second.eventId = first.eventId;
        auto result = store->appendAll({first, second});
        QVERIFY(!result);
        QCOMPARE(result.error().code, PersistenceError::Code::Conflict);
        QCOMPARE(store->lastSequence().value(), 0);
    }

    void given_rejectedCommand_when_committing_then_receiptKeepsTheRejection()
    {
        auto store = openStore();
        QVERIFY(store);
        CommitEntry rejected;
        rejected.commandId = QStringLiteral("c-bad");
        rejected.rejected = true;
        rejected.errorCode = QStringLiteral("thread_not_found");
        rejected.errorMessage = QStringLiteral("thread t9 does not exist");
        auto result = store->commit({rejected});
        QVERIFY(result);
        QCOMPARE(result->size(), 1);
        QVERIFY(result->at(0).isEmpty());
        QCOMPARE(store->lastSequence().value(), 0);

        auto receipt = store->receipt("c-bad");
        QVERIFY(receipt);
        QVERIFY(receipt->has_value());
        QCOMPARE((*receipt)->accepted, false);
        QCOMPARE((*receipt)->errorCode, QStringLiteral("thread_not_found"));
        QCOMPARE((*receipt)->errorMessage, QStringLiteral("thread t9 does not exist"));
        QCOMPARE((*receipt)->firstSequence, 0);
        QCOMPARE((*receipt)->lastSequence, 0);
    }

    void given_answeredAndUnknownCommands_when_lookingUpABatch_then_onlyTheAnsweredOnesComeBack()
    {
        auto store = openStore();
        QVERIFY(store);
        CommitEntry rejected;
        rejected.commandId = QStringLiteral("c-bad");
        rejected.rejected = true;
        rejected.errorCode = QStringLiteral("thread_not_found");
        rejected.errorMessage = QStringLiteral("no such thread");
        QVERIFY(store->commit({accepted("c1", {makeEvent("a", 1, "x.one")}), rejected,
                               accepted("c2", {makeEvent("a", 2, "x.two")})}));

        auto found = store->receipts({"c2", "never-seen", "c-bad", "c1"});
        QVERIFY(found);
        QCOMPARE(found->size(), 3);
        QVERIFY(!found->contains("never-seen"));
        QVERIFY(found->value("c1").accepted);
        QCOMPARE(found->value("c1").firstSequence, 1);
        QCOMPARE(found->value("c2").lastSequence, 2);
        QVERIFY(!found->value("c-bad").accepted);
        QCOMPARE(found->value("c-bad").errorCode, QStringLiteral("thread_not_found"));
        QCOMPARE(found->value("c-bad").errorMessage, QStringLiteral("no such thread"));
        QCOMPARE(found->value("c-bad").commandId, QStringLiteral("c-bad"));

        QVERIFY(store->receipts({}).value().isEmpty());
        QCOMPARE(store->receipts({"c1"}).value().value("c1").lastSequence, 1);
        // Ids that need quoting in JSON travel intact.
        QVERIFY(store->commit({accepted("quote\"and\\slash", {makeEvent("a", 3, "x.three")})}));
        QVERIFY(store->receipts({"x", "quote\"and\\slash"}).value().contains("quote\"and\\slash"));
    }

    void given_storedEvents_when_replayingAfterASequence_then_theTailStreamsInOrder()
    {
        auto store = openStore();
        QVERIFY(store);
        QList<StoredEvent> events;
        for (int v = 1; v <= 5; ++v) {
            events.append(makeEvent("a", v, QStringLiteral("x.n%1").arg(v),
                                    QJsonObject {{"n", v}, {"text", "é \"q\"\n"}}));
        }
        QVERIFY(store->appendAll(events));

        QList<ReplayedEvent> seen;
        auto count = store->replay(2, [&seen](const ReplayedEvent &event) {
            seen.append(event);
            return true;
        });
        QVERIFY(count);
        QCOMPARE(*count, 3);
        QCOMPARE(seen.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const StoredEvent &original = events.at(i + 2);
            QCOMPARE(seen.at(i).sequence, i + 3);
            QCOMPARE(seen.at(i).aggregateKind, original.aggregateKind);
            QCOMPARE(seen.at(i).aggregateId, original.aggregateId);
            QCOMPARE(seen.at(i).streamVersion, original.streamVersion);
            QCOMPARE(seen.at(i).type, original.type);
            QCOMPARE(seen.at(i).occurredAtMs, original.occurredAt.toMSecsSinceEpoch());
            QCOMPARE(QJsonDocument::fromJson(seen.at(i).payload).object(),
                     original.payload.object());
        }
    }

    void given_sinkThatStops_when_replaying_then_nothingAfterItIsHandedOver()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->appendAll({makeEvent("a", 1, "x.one"), makeEvent("a", 2, "x.two"),
                                  makeEvent("a", 3, "x.three")}));
        QList<qint64> seen;
        auto count = store->replay(0, [&seen](const ReplayedEvent &event) {
            seen.append(event.sequence);
            return event.sequence < 2;
        });
        QVERIFY(count);
        QCOMPARE(*count, 2);
        QCOMPARE(seen, (QList<qint64> {1, 2}));
        // The store stays usable: the statement was reset.
        QVERIFY(store->appendAll({makeEvent("a", 4, "x.four")}));
        QCOMPARE(store->replay(3, [](const ReplayedEvent &) { return true; }).value(), 1);
    }

    void given_committedEvents_when_checkpointing_then_theyStayReadable()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->commit({accepted("c1", {makeEvent("a", 1, "x.one")})}));
        QVERIFY(store->checkpoint());
        QCOMPARE(store->readFrom(0, 10)->size(), 1);
        QVERIFY(store->receipt("c1").value().has_value());
    }

    void given_frames_in_the_wal_when_the_checkpointer_is_asked_then_it_copies_them_all()
    {
        PlainConnection writer(dbPath());
        QCOMPARE(writer.scalar("PRAGMA journal_mode = WAL").toString(), QStringLiteral("wal"));
        QVERIFY(writer.exec("PRAGMA wal_autocheckpoint = 0"));
        QVERIFY(writer.exec("CREATE TABLE t (x TEXT)"));
        for (int i = 0; i < 20; ++i)
            QVERIFY(writer.exec(QStringLiteral("INSERT INTO t VALUES ('%1')").arg(i)));

        store::WalCheckpointer checkpointer(dbPath());
        QVERIFY(checkpointer.isOpen());
        QCOMPARE(checkpointer.progress().runs, 0);
        checkpointer.request();
        checkpointer.waitIdle();

        const auto done = checkpointer.progress();
        QCOMPARE(done.runs, 1);
        QVERIFY(done.walFrames >= 21);
        QCOMPARE(done.copiedFrames, done.walFrames);
        // The writer goes on, and what it wrote before and after is there.
        QVERIFY(writer.exec("INSERT INTO t VALUES ('after')"));
        QCOMPARE(writer.scalar("SELECT count(*) FROM t").toInt(), 21);
    }

    void given_a_database_that_cannot_be_opened_when_a_checkpointer_is_asked_then_nothing_happens()
    {
        store::WalCheckpointer checkpointer(
            m_dir->filePath(QStringLiteral("missing/dir/x.sqlite")));
        QVERIFY(!checkpointer.isOpen());
        checkpointer.request();
        checkpointer.waitIdle();
        QCOMPARE(checkpointer.progress().runs, 0);
        QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("missing"))));
    }

    void given_many_commits_when_the_wal_grows_then_the_store_stays_readable_and_bounded()
    {
        auto store = openStore();
        QVERIFY(store);
        // Enough one-event commits to pass the background threshold several times.
        qint64 version = 0;
        for (int i = 0; i < 3000; ++i)
            QVERIFY(store->commit(
                {accepted(QStringLiteral("c%1").arg(i), {makeEvent("a", ++version, "x.step")})}));
        QCOMPARE(store->lastSequence().value(), 3000);
        QCOMPARE(store->readFrom(2990, 100)->size(), 10);
        // Copied by the background checkpointer, the WAL restarted instead of growing past
        // the bound at which the writer would copy it itself.
        const qint64 walBytes = QFileInfo(dbPath() + QStringLiteral("-wal")).size();
        QVERIFY2(walBytes < qint64(EventStore::kWalAutocheckpointPages) * 4200,
                 qPrintable(QString::number(walBytes)));
    }

    void given_unknownCommand_when_askingForItsReceipt_then_none()
    {
        auto store = openStore();
        QVERIFY(store);
        auto receipt = store->receipt("never-seen");
        QVERIFY(receipt);
        QVERIFY(!receipt->has_value());
    }

    void given_acceptedCommands_when_readingAReceipt_then_readRangeReturnsExactlyItsEvents()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->commit({
            accepted("c1", {makeEvent("a", 1, "x.one")}),
            accepted("c2", {makeEvent("a", 2, "x.two"), makeEvent("a", 3, "x.three")}),
            accepted("c3", {makeEvent("a", 4, "x.four")}),
        }));
        auto receipt = store->receipt("c2").value();
        QVERIFY(receipt.has_value());
        QVERIFY(receipt->accepted);
        QCOMPARE(receipt->firstSequence, 2);
        QCOMPARE(receipt->lastSequence, 3);
        auto events = store->readRange(receipt->firstSequence, receipt->lastSequence);
        QVERIFY(events);
        QCOMPARE(events->size(), 2);
        QCOMPARE(events->at(0).type, QStringLiteral("x.two"));
        QCOMPARE(events->at(1).type, QStringLiteral("x.three"));
        QCOMPARE(events->at(1).commandId, QStringLiteral("c2"));
    }

    void given_acceptedCommandWithoutEvents_when_readingItsReceipt_then_rangeIsEmpty()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->commit({accepted("c-noop", {})}));
        auto receipt = store->receipt("c-noop").value();
        QVERIFY(receipt.has_value());
        QVERIFY(receipt->accepted);
        QCOMPARE(receipt->firstSequence, 0);
        QCOMPARE(receipt->lastSequence, 0);
    }

    void given_acceptedCommand_when_committed_then_eventIdsComeFromItAndNoReceiptRowIsWritten()
    {
        auto store = openStore();
        QVERIFY(store);
        auto stored = store->commit(
            {accepted("c1", {makeEvent("a", 1, "x.one"), makeEvent("a", 2, "x.two")})});
        QVERIFY(stored);
        QCOMPARE(stored->at(0).at(0).eventId, QStringLiteral("c1:1"));
        QCOMPARE(stored->at(0).at(1).eventId, QStringLiteral("c1:2"));
        QCOMPARE(store->readRange(1, 2).value(), stored->at(0));
        QCOMPARE(store->receipt("c1").value()->lastSequence, 2);
        store.reset();
        PlainConnection plain(dbPath());
        QCOMPARE(plain.scalar("SELECT count(*) FROM command_receipts").toInt(), 0);
    }

    void given_commandIdsThatExtendEachOther_when_readingReceipts_then_eachHasOnlyItsEvents()
    {
        auto store = openStore();
        QVERIFY(store);
        // "c"'s events are c:1, c:2; "c:1"'s are c:1:1, c:1:2: one index range holds all four.
        QVERIFY(store->commit({accepted("c:1", {makeEvent("a", 1, "x"), makeEvent("a", 2, "x")}),
                               accepted("c", {makeEvent("a", 3, "x"), makeEvent("a", 4, "x")})}));
        const Receipt c = store->receipt("c").value().value();
        QCOMPARE(std::pair(c.firstSequence, c.lastSequence), std::pair(qint64(3), qint64(4)));
        const auto both = store->receipts({"c", "c:1", "c:"}).value();
        QCOMPARE(both.size(), 2);
        QCOMPARE(both.value("c").firstSequence, 3);
        QCOMPARE(both.value("c:1").firstSequence, 1);
        QCOMPARE(both.value("c:1").lastSequence, 2);
    }

    void given_receiptRowOfAnAcceptedCommand_when_lookingItUp_then_itStillAnswers()
    {
        // Schemas 1 and 2 wrote a receipt for every command; those rows stay valid under 3.
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->appendAll({makeEvent("a", 1, "x.one", {}, "old")}));
        {
            PlainConnection plain(dbPath());
            QVERIFY(plain.exec("INSERT INTO command_receipts VALUES ('old', 1, 1, 1, NULL, NULL)"));
        }
        const Receipt one = store->receipt("old").value().value();
        QVERIFY(one.accepted);
        QCOMPARE(one.lastSequence, 1);
        QCOMPARE(store->receipts({"old", "new"}).value().value("old").firstSequence, 1);
    }

    void given_answeredCommand_when_committingItsIdAgain_then_conflict()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->commit({accepted("c1", {makeEvent("a", 1, "x.one")})}));
        auto again = store->commit({accepted("c1", {makeEvent("a", 2, "x.two")})});
        QVERIFY(!again);
        QCOMPARE(again.error().code, PersistenceError::Code::Conflict);
        QCOMPARE(store->lastSequence().value(), 1);
    }

    void given_manyEvents_when_readingFromInPages_then_pagesAreContiguousAndComplete()
    {
        auto store = openStore();
        QVERIFY(store);
        QList<StoredEvent> events;
        for (int i = 1; i <= 25; ++i) {
            events.append(makeEvent("a", i, "x.tick", QJsonObject {{"i", i}}));
        }
        QVERIFY(store->appendAll(events));

        QList<qint64> seen;
        qint64 after = 0;
        for (;;) {
            auto page = store->readFrom(after, 10);
            QVERIFY(page);
            if (page->isEmpty()) {
                break;
            }
            QVERIFY(page->size() <= 10);
            for (const StoredEvent &event : *page) {
                seen.append(event.sequence);
                QCOMPARE(event.payload.value("i").toInt(), int(event.sequence));
            }
            after = page->last().sequence;
        }
        QCOMPARE(seen.size(), 25);
        for (int i = 0; i < seen.size(); ++i) {
            QCOMPARE(seen.at(i), i + 1);
        }
        QCOMPARE(store->readFrom(20, 10)->size(), 5);
    }

    void given_snapshotsOfTwoVersions_when_askingForTheLatest_then_newestOfThatVersionOnly()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->saveSnapshot({.sequence = 10, .modelVersion = 1, .data = "v1@10"}));
        QVERIFY(store->saveSnapshot({.sequence = 20, .modelVersion = 2, .data = "v2@20"}));

        auto v1 = store->latestSnapshot(1);
        QVERIFY(v1);
        QVERIFY(v1->has_value());
        QCOMPARE((*v1)->sequence, 10);
        QCOMPARE((*v1)->modelVersion, 1);
        QCOMPARE((*v1)->data, QByteArray("v1@10"));
        auto v3 = store->latestSnapshot(3);
        QVERIFY(v3);
        QVERIFY(!v3->has_value());
    }

    void given_threeSnapshots_when_savingAnother_then_onlyTheNewestTwoRemain()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->saveSnapshot({.sequence = 10, .modelVersion = 1, .data = "a"}));
        QVERIFY(store->saveSnapshot({.sequence = 20, .modelVersion = 1, .data = "b"}));
        QCOMPARE(store->latestSnapshot(1).value()->data, QByteArray("b"));
        QVERIFY(store->saveSnapshot({.sequence = 30, .modelVersion = 2, .data = "c"}));
        QVERIFY(store->saveSnapshot({.sequence = 40, .modelVersion = 2, .data = "d"}));
        // Both version-1 snapshots are older than the newest two, so they were pruned.
        QVERIFY(!store->latestSnapshot(1).value().has_value());
        QCOMPARE(store->latestSnapshot(2).value()->data, QByteArray("d"));
        store.reset();

        PlainConnection plain(dbPath());
        QCOMPARE(plain.scalar("SELECT count(*) FROM snapshots").toInt(), 2);
    }

    void given_userMessage_when_committed_then_itsMessageRowIsStored()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->appendAll({makeEvent("t1", 1, "thread.message-sent",
                                            messagePayload("m1", "user", "Hello", false))}));
        auto rows = store->messages("t1", 0, 10);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 1);
        const MessageRow &row = rows->at(0);
        QCOMPARE(row.sequence, 1);
        QCOMPARE(row.threadId, QStringLiteral("t1"));
        QCOMPARE(row.messageId, QStringLiteral("m1"));
        QCOMPARE(row.turnId, QStringLiteral("turn-1"));
        QCOMPARE(row.role, QStringLiteral("user"));
        QCOMPARE(row.text, QStringLiteral("Hello"));
        QCOMPARE(row.streaming, false);
        QCOMPARE(row.createdAt.toMSecsSinceEpoch(),
                 makeEvent("t1", 1, "x").occurredAt.toMSecsSinceEpoch());
        QCOMPARE(row.createdAt.timeSpec(), Qt::UTC);
    }

    void given_assistantDeltas_when_committed_then_textIsConcatenatedInOrderAndStillStreaming()
    {
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->appendAll({
            makeEvent("t1", 1, "thread.message-sent",
                      messagePayload("m2", "assistant", "Hel", true)),
            makeEvent("t1", 2, "thread.message-sent",
                      messagePayload("m2", "assistant", "lo, ", true)),
        }));
        QVERIFY(store->appendAll({makeEvent("t1", 3, "thread.message-sent",
                                            messagePayload("m2", "assistant", "world", true))}));
        auto rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).text, QStringLiteral("Hello, world"));
        QCOMPARE(rows.at(0).streaming, true);
        QCOMPARE(rows.at(0).sequence, 1);
    }

    void given_streamingMessage_when_itsFinalEventArrives_then_streamingIsCleared()
    {
        auto store = openStore();
        QVERIFY(store);
        StoredEvent last = makeEvent("t1", 2, "thread.message-sent",
                                     messagePayload("m2", "assistant", "", false));
        last.occurredAt = last.occurredAt.addSecs(5);
        QVERIFY(store->appendAll({makeEvent("t1", 1, "thread.message-sent",
                                            messagePayload("m2", "assistant", "Done", true)),
                                  last}));
        auto rows = store->messages("t1", 0, 10).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).text, QStringLiteral("Done"));
        QCOMPARE(rows.at(0).streaming, false);
        QCOMPARE(rows.at(0).updatedAt, last.occurredAt);
        QVERIFY(rows.at(0).createdAt < rows.at(0).updatedAt);
    }

    void given_messagesOfTwoThreads_when_pagingAfterAndBefore_then_oneThreadsRowsComeAscending()
    {
        auto store = openStore();
        QVERIFY(store);
        QList<StoredEvent> events;
        for (int i = 1; i <= 6; ++i) {
            events.append(makeEvent(
                "t1", i, "thread.message-sent",
                messagePayload(QStringLiteral("m%1").arg(i), "user", QString::number(i), false)));
            events.append(makeEvent(
                "t2", i, "thread.message-sent",
                messagePayload(QStringLiteral("o%1").arg(i), "user", "other", false, "t2")));
        }
        QVERIFY(store->appendAll(events));
        auto ids = [](const QList<MessageRow> &rows) {
            QStringList out;
            for (const MessageRow &row : rows) {
                out.append(row.messageId);
            }
            return out;
        };
        auto first = store->messages("t1", 0, 2).value();
        QCOMPARE(ids(first), (QStringList {"m1", "m2"}));
        auto next = store->messages("t1", first.last().sequence, 3).value();
        QCOMPARE(ids(next), (QStringList {"m3", "m4", "m5"}));
        auto newest = store->messages("t1", 0, 2, /*before*/ 1000).value();
        QCOMPARE(ids(newest), (QStringList {"m5", "m6"}));
        auto older = store->messages("t1", 0, 3, newest.first().sequence).value();
        QCOMPARE(ids(older), (QStringList {"m2", "m3", "m4"}));
    }

    void given_activities_when_appended_then_theyAreStoredAndPaged()
    {
        auto store = openStore();
        QVERIFY(store);
        QList<StoredEvent> events;
        for (int i = 1; i <= 4; ++i) {
            events.append(makeEvent("t1", i, "thread.activity-appended",
                                    QJsonObject {{"threadId", "t1"},
                                                 {"turnId", "turn-1"},
                                                 {"activityId", QStringLiteral("act-%1").arg(i)},
                                                 {"tone", i == 4 ? "error" : "tool"},
                                                 {"kind", "command"},
                                                 {"summary", QStringLiteral("ran step %1").arg(i)},
                                                 {"payload", QJsonObject {{"exitCode", i}}}}));
        }
        events.append(
            makeEvent("t1", 5, "thread.turn-completed", QJsonObject {{"threadId", "t1"}}));
        QVERIFY(store->appendAll(events));

        auto all = store->activities("t1", 0, 100).value();
        QCOMPARE(all.size(), 4);
        const ActivityRow &row = all.at(3);
        QCOMPARE(row.sequence, 4);
        QCOMPARE(row.threadId, QStringLiteral("t1"));
        QCOMPARE(row.turnId, QStringLiteral("turn-1"));
        QCOMPARE(row.activityId, QStringLiteral("act-4"));
        QCOMPARE(row.tone, QStringLiteral("error"));
        QCOMPARE(row.kind, QStringLiteral("command"));
        QCOMPARE(row.summary, QStringLiteral("ran step 4"));
        QCOMPARE(row.payload, (QJsonObject {{"exitCode", 4}}));
        QCOMPARE(row.occurredAt, events.at(3).occurredAt);

        auto after = store->activities("t1", 2, 1).value();
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.at(0).activityId, QStringLiteral("act-3"));
        auto before = store->activities("t1", 0, 2, 4).value();
        QCOMPARE(before.size(), 2);
        QCOMPARE(before.at(0).activityId, QStringLiteral("act-2"));
        QCOMPARE(before.at(1).activityId, QStringLiteral("act-3"));
        QVERIFY(store->activities("t2", 0, 100).value().isEmpty());
    }

    void given_storedHistory_when_reopening_then_everythingIsKeptAndSequencesContinue()
    {
        {
            auto store = openStore();
            QVERIFY(store);
            QVERIFY(store->commit({accepted("c1",
                                            {makeEvent("t1", 1, "thread.message-sent",
                                                       messagePayload("m1", "user", "hi", false)),
                                             makeEvent("t1", 2, "x.two")})}));
            QVERIFY(store->saveSnapshot({.sequence = 2, .modelVersion = 1, .data = "snap"}));
        }
        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(store->lastSequence().value(), 2);
        QCOMPARE(store->readFrom(0, 10)->size(), 2);
        QCOMPARE(store->receipt("c1").value()->lastSequence, 2);
        QCOMPARE(store->latestSnapshot(1).value()->data, QByteArray("snap"));
        QCOMPARE(store->messages("t1", 0, 10)->size(), 1);
        auto next = store->appendAll({makeEvent("t1", 3, "x.three")});
        QVERIFY(next);
        QCOMPARE(next->at(0).sequence, 3);
    }

    void given_newStore_when_opened_then_journalModeIsWal()
    {
        auto store = openStore();
        QVERIFY(store);
        QCOMPARE(store->path(), dbPath());
        PlainConnection plain(dbPath());
        QCOMPARE(plain.scalar("PRAGMA journal_mode").toString(), QStringLiteral("wal"));
        QCOMPARE(plain.scalar("PRAGMA user_version").toInt(), EventStore::kSchemaVersion);
        QCOMPARE(plain.scalar("PRAGMA application_id").toInt(), 0x57454654);
    }

    void given_missingFolder_when_opening_then_folderAndDatabaseAreCreated()
    {
        const QString path = m_dir->filePath(QStringLiteral("deep/er/weft.db"));
        auto store = EventStore::open(path);
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        QVERIFY(QFile::exists(path));
    }

    void given_zeroByteFile_when_opening_then_itIsTreatedAsNew()
    {
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        auto store = openStore();
        QVERIFY(store);
        QVERIFY(store->appendAll({makeEvent("a", 1, "x.one")}));
        QCOMPARE(store->lastSequence().value(), 1);
    }

    void given_garbageFile_when_opening_then_notADatabaseAndTheFileIsUntouched()
    {
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray bytes(8192, '\0');
        QRandomGenerator generator(42);
        for (char &byte : bytes) {
            byte = char(generator.bounded(256));
        }
        file.write(bytes);
        file.close();
        expectRefusedUntouched(dbPath(), PersistenceError::Code::NotADatabase);
    }

    void given_damagedHeader_when_opening_then_refusedAndTheFileIsUntouched()
    {
        QVERIFY(openStore());
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(16));
        file.write(QByteArray(8, '\xff')); // page size, format versions, payload fractions
        file.close();
        expectRefusedUntouched(dbPath(), PersistenceError::Code::NotADatabase);
    }

    void given_truncatedFile_when_opening_then_refusedAndTheFileIsUntouched()
    {
        {
            auto store = openStore();
            QVERIFY(store);
            QList<StoredEvent> events;
            for (int i = 1; i <= 200; ++i) {
                events.append(
                    makeEvent("a", i, "x.tick", QJsonObject {{"pad", QString(200, 'x')}}));
            }
            QVERIFY(store->appendAll(events));
        }
        QFile file(dbPath());
        QVERIFY(file.size() > 4 * 4096);
        QVERIFY(file.resize(2 * 4096));
        expectRefusedUntouched(dbPath(), PersistenceError::Code::NotADatabase);
    }

    void given_validHeaderOverDamagedSchemaPage_when_opening_then_refusedAndTheFileIsUntouched()
    {
        QVERIFY(openStore());
        QFile file(dbPath());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(100)); // keep the 100-byte header, wreck the rest of page 1
        QByteArray junk(4096 - 100, '\0');
        QRandomGenerator generator(7);
        for (char &byte : junk) {
            byte = char(generator.bounded(256));
        }
        file.write(junk);
        file.close();

        const QByteArray before = fileHash(dbPath());
        auto store = EventStore::open(dbPath());
        QVERIFY(!store);
        QVERIFY2(store.error().code == PersistenceError::Code::Corrupt
                     || store.error().code == PersistenceError::Code::NotADatabase,
                 qPrintable(store.error().message));
        QCOMPARE(fileHash(dbPath()), before);
        QVERIFY(!hasSideFiles(dbPath()));
    }

    void given_runningWriter_when_openingReadOnly_then_theReaderSeesCommittedEvents()
    {
        auto writer = openStore();
        QVERIFY(writer);
        QVERIFY(writer->appendAll({makeEvent("a", 1, "x.one")}));
        auto reader = openStore({.readOnly = true});
        QVERIFY(reader);
        QCOMPARE(reader->lastSequence().value(), 1);
        QVERIFY(writer->appendAll({makeEvent("a", 2, "x.two")}));
        QCOMPARE(reader->lastSequence().value(), 2);
        QCOMPARE(reader->readFrom(1, 10)->at(0).type, QStringLiteral("x.two"));
    }

    void given_otherApplicationsDatabase_when_opening_then_notWeftAndTheFileIsUntouched()
    {
        {
            PlainConnection plain(dbPath());
            QVERIFY(plain.exec("CREATE TABLE contacts (name TEXT)"));
            QVERIFY(plain.exec("INSERT INTO contacts VALUES ('Ada')"));
        }
        expectRefusedUntouched(dbPath(), PersistenceError::Code::NotWeft);
    }

    void given_newerWeftSchema_when_opening_then_newerSchemaAndTheFileIsUntouched()
    {
        {
            auto store = openStore();
            QVERIFY(store);
            QVERIFY(store->appendAll({makeEvent("a", 1, "x.one")}));
        }
        {
            PlainConnection plain(dbPath());
            QVERIFY(plain.exec(
                QStringLiteral("PRAGMA user_version = %1").arg(EventStore::kSchemaVersion + 1)));
            QVERIFY(plain.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        // The last connection to close checkpoints and deletes the WAL: only the main file is left.
        QVERIFY(!hasSideFiles(dbPath()));

        const QByteArray before = fileHash(dbPath());
        auto store = EventStore::open(dbPath());
        QVERIFY(!store);
        QCOMPARE(store.error().code, PersistenceError::Code::NewerSchema);
        QCOMPARE(store.error().codeName(), QStringLiteral("newer_schema"));
        QVERIFY(store.error().message.contains(QStringLiteral("newer Weft (schema %1; this build "
                                                              "reads up to %2)")
                                                   .arg(EventStore::kSchemaVersion + 1)
                                                   .arg(EventStore::kSchemaVersion)));
        QCOMPARE(fileHash(dbPath()), before);
        QVERIFY(!hasSideFiles(dbPath()));
    }

    void given_missingFile_when_openingReadOnly_then_itFailsAndCreatesNothing()
    {
        auto store = EventStore::open(dbPath(), {.readOnly = true});
        QVERIFY(!store);
        QCOMPARE(store.error().code, PersistenceError::Code::OpenFailed);
        QVERIFY(store.error().message.contains(QStringLiteral("does not exist")));
        QVERIFY(!QFile::exists(dbPath()));
    }

    void given_readOnlyStore_when_writing_then_refusedAndReadsWork()
    {
        {
            auto store = openStore();
            QVERIFY(store);
            QVERIFY(store->appendAll({makeEvent("a", 1, "x.one")}));
        }
        auto store = openStore({.readOnly = true});
        QVERIFY(store);
        QCOMPARE(store->readFrom(0, 10)->size(), 1);
        auto write = store->appendAll({makeEvent("a", 2, "x.two")});
        QVERIFY(!write);
        QCOMPARE(write.error().code, PersistenceError::Code::QueryFailed);
        QVERIFY(!store->commit({accepted("c1", {makeEvent("a", 2, "x.two")})}));
        QVERIFY(!store->saveSnapshot({.sequence = 1, .modelVersion = 1, .data = "x"}));
        QCOMPARE(store->lastSequence().value(), 1);
    }

    void given_eachCode_when_askingItsName_then_theStableSnakeCaseName()
    {
        using Code = PersistenceError::Code;
        const std::pair<Code, const char *> names[] = {
            {Code::OpenFailed, "open_failed"}, {Code::NotADatabase, "not_a_database"},
            {Code::NotWeft, "not_weft"},       {Code::NewerSchema, "newer_schema"},
            {Code::Corrupt, "corrupt"},        {Code::QueryFailed, "query_failed"},
            {Code::Conflict, "conflict"},
        };
        for (const auto &[code, name] : names) {
            const PersistenceError error {code, QString()};
            QCOMPARE(error.codeName(), QString::fromLatin1(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"

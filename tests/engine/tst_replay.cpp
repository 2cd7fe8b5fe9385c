// Replay folds events from their stored JSON text (ReplayedEvent), partly through a fast path
// that reads a few fields without QJsonDocument. Whatever the text looks like, the fold must
// give the model that folding the decoded StoredEvent gives.

#include "backend/domain/EventCodec.h"
#include "backend/domain/Projector.h"

#include <QJsonDocument>
#include <QTest>

using namespace backend;

namespace {

const QDateTime kAt = QDateTime::fromMSecsSinceEpoch(1'795'000'000'123, Qt::UTC);

StoredEvent stored(qint64 sequence, qint64 version, const Event &event)
{
    StoredEvent e;
    e.sequence = sequence;
    e.eventId = QStringLiteral("e%1").arg(sequence);
    e.aggregateKind = aggregateOf(event).kind;
    e.aggregateId = aggregateOf(event).id;
    e.streamVersion = version;
    e.type = eventTypeOf(event);
    e.payload = encodeEventPayload(event);
    e.occurredAt = kAt;
    return e;
}

ReplayedEvent replayed(const StoredEvent &e, const QByteArray &payload)
{
    return ReplayedEvent {e.sequence,
                          e.aggregateKind,
                          e.aggregateId,
                          e.streamVersion,
                          e.type,
                          payload,
                          e.occurredAt.toMSecsSinceEpoch()};
}

QByteArray compact(const StoredEvent &e)
{
    return e.payload.json();
}

/// A thread with a running turn, as stored events.
QList<StoredEvent> history()
{
    const ThreadId t(QStringLiteral("0b7d6a52-3f0e-4d7a-9a51-2f9e8c1d4b60"));
    const ProjectId p(QStringLiteral("p1"));
    const TurnId turn(QStringLiteral("turn \"one\"\n"));
    QList<Event> events {
        ProjectCreated {p, QStringLiteral("Project"), QStringLiteral("/root")},
        ThreadCreated {t, p, QStringLiteral("Thread"), ProviderSpec {QStringLiteral("shell"), {}},
                       std::nullopt, std::nullopt},
        ThreadMessageSent {t, MessageId(QStringLiteral("m1")), MessageRole::User,
                           QStringLiteral("quote \" slash \\ tab \t nl \n é ✓ 🙂 \u0001"),
                           turn, false},
        ThreadTurnStarted {t, turn, MessageId(QStringLiteral("m1"))},
        ThreadStatusChanged {t, ThreadStatus::Running},
        ThreadMessageSent {t, MessageId(QStringLiteral("a/1")), MessageRole::Assistant, QString(),
                           turn, true},
        ThreadMessageSent {t, MessageId(QStringLiteral("a/1")), MessageRole::Assistant,
                           QStringLiteral("more"), turn, true},
        ThreadMessageSent {t, MessageId(QStringLiteral("sys")), MessageRole::System,
                           QStringLiteral("note"), std::nullopt, false},
    };
    QList<StoredEvent> out;
    QHash<QString, qint64> versions;
    for (const Event &event : std::as_const(events)) {
        const qint64 version = ++versions[aggregateOf(event).id];
        out.append(stored(out.size() + 1, version, event));
    }
    return out;
}

ReadModel foldStored(const QList<StoredEvent> &events)
{
    ReadModel model;
    for (const StoredEvent &e : events)
        project(model, e);
    return model;
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private slots:
    void given_storedPayloads_when_foldedFromTheirText_then_sameModelAsFromStoredEvents()
    {
        const QList<StoredEvent> events = history();
        ReadModel fromText;
        for (const StoredEvent &e : events)
            QVERIFY(project(fromText, replayed(e, compact(e))));
        QCOMPARE(fromText, foldStored(events));
    }

    void given_unusualButValidJson_when_folded_then_sameModelAsFromStoredEvents()
    {
        // Whitespace, another key order, escaped ids, \u escapes, null and absent optionals:
        // the fast path either reads them exactly or leaves them to the full parser.
        const QList<StoredEvent> events = history();
        const ReadModel expected = foldStored(events);
        const auto variants = [](const StoredEvent &e) -> QList<QByteArray> {
            const QJsonObject payload = e.payload.object();
            QList<QByteArray> texts {QJsonDocument(payload).toJson(QJsonDocument::Indented)};
            QByteArray reordered = "{";
            QStringList keys = payload.keys();
            std::reverse(keys.begin(), keys.end());
            for (const QString &key : std::as_const(keys)) {
                if (reordered.size() > 1)
                    reordered += " , ";
                QJsonObject one {{key, payload.value(key)}};
                QByteArray pair = QJsonDocument(one).toJson(QJsonDocument::Compact);
                reordered += pair.mid(1, pair.size() - 2);
            }
            texts.append(reordered + " }");
            QByteArray escaped = e.payload.json();
            escaped.replace("\"m1\"", "\"\\u006d1\"");
            texts.append(escaped);
            return texts;
        };
        for (int v = 0; v < 3; ++v) {
            ReadModel model;
            for (const StoredEvent &e : events)
                QVERIFY(project(model, replayed(e, variants(e).at(v))));
            QCOMPARE(model, expected);
        }
    }

    void given_messageWithNullOrAbsentOptionals_when_folded_then_sameAsTheFullDecoder()
    {
        const QList<StoredEvent> events = history();
        for (const QByteArray &payload : {
                 QByteArray(R"({"threadId":"t","messageId":"m","role":"system","text":"x",)"
                            R"("turnId":null,"streaming":null})"),
                 QByteArray(R"({"threadId":"t","messageId":"m","role":"system","text":"x"})"),
             }) {
            const auto fast = decodeEventForFold(QStringLiteral("thread.message-sent"), payload);
            const auto full = decodeEvent(QStringLiteral("thread.message-sent"),
                                          QJsonDocument::fromJson(payload).object());
            QVERIFY(fast && full && *fast && *full);
            const auto &a = std::get<ThreadMessageSent>(**fast);
            const auto &b = std::get<ThreadMessageSent>(**full);
            QCOMPARE(a.threadId, b.threadId);
            QCOMPARE(a.messageId, b.messageId);
            QCOMPARE(a.turnId, b.turnId);
            QCOMPARE(a.streaming, b.streaming);
            QCOMPARE(a.role, b.role);
        }
    }

    void given_invalidFields_when_folded_then_theFullDecodersErrorIsKept()
    {
        // Each is valid JSON with a field the full decoder refuses: the fast path must not
        // accept it, so the event is skipped exactly as before.
        for (const QByteArray &payload : {
                 QByteArray(R"({"threadId":"","messageId":"m","role":"user","text":"x"})"),
                 QByteArray(R"({"threadId":"t","messageId":"m","role":"robot","text":"x"})"),
                 QByteArray(R"({"threadId":"t","messageId":"m","role":"user","text":7})"),
                 QByteArray(R"({"threadId":"t","messageId":"m","role":"user"})"),
                 QByteArray(R"({"threadId":"t","messageId":"m","role":"user","text":"x",)"
                            R"("streaming":"yes"})"),
                 QByteArray(R"({"threadId":"t","messageId":["m"],"role":"user","text":"x"})"),
             }) {
            const auto fast = decodeEventForFold(QStringLiteral("thread.message-sent"), payload);
            QVERIFY2(!fast, payload.constData());
            QCOMPARE(fast.error().code,
                     decodeEvent(QStringLiteral("thread.message-sent"),
                                 QJsonDocument::fromJson(payload).object())
                         .error()
                         .code);
        }
    }

    void given_textThatIsNotAnObject_when_folded_then_refusedAndTheModelUnchanged()
    {
        const QList<StoredEvent> events = history();
        ReadModel model = foldStored(events.mid(0, 2));
        const ReadModel before = model;
        for (const QByteArray &payload :
             {QByteArray("not json"), QByteArray("[1,2]"), QByteArray(R"({"threadId":"t")")}) {
            QVERIFY(!project(model, replayed(events.at(2), payload)));
            QCOMPARE(model, before);
        }
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"

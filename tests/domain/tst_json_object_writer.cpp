#include "backend/domain/JsonObjectWriter.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using backend::json::ObjectWriter;

namespace {

QByteArray qtText(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// A string of UTF-16 units drawn from the classes Qt's writer treats differently: printable
/// ASCII, the quote and the backslash, control characters, DEL, Latin-1, the rest of the BMP,
/// surrogate pairs and lone surrogates.
QString randomString(QRandomGenerator &random)
{
    static const char16_t picks[]
        = {u'a', u'"',  u'\\', u'/',   u'\b',  u'\f',  u'\n',  u'\r',  u'\t',  0x01,   0x1f, 0x7f,
           0xe9, 0x7ff, 0x800, 0x20ac, 0xfffe, 0xffff, 0xd83d, 0xde00, 0xdbff, 0xdc00, u' ', u'{'};
    QString s;
    const int length = int(random.bounded(12));
    for (int i = 0; i < length; ++i) {
        if (random.bounded(4) == 0) {
            s.append(QChar(char16_t(random.bounded(0x10000))));
        } else {
            s.append(QChar(picks[random.bounded(int(std::size(picks)))]));
        }
    }
    return s;
}

} // namespace

class TestJsonObjectWriter : public QObject
{
    Q_OBJECT

private slots:
    void given_randomStrings_when_written_then_textIsQtsCompactJson()
    {
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        for (int i = 0; i < 20000; ++i) {
            const QString value = randomString(random);
            ObjectWriter writer;
            writer.insert(QLatin1StringView("k"), value);
            const QByteArray written = writer.take();
            const QByteArray expected = qtText(QJsonObject {{QLatin1StringView("k"), value}});
            if (written != expected) {
                qWarning() << "seed" << seed << "case" << i << "string" << value;
                QCOMPARE(written, expected);
            }
        }
    }

    void given_insertsOutOfOrder_when_written_then_keysSortedAsQJsonObjectKeepsThem()
    {
        ObjectWriter writer;
        QJsonObject object;
        const auto both = [&](const char *key, const auto &value) {
            writer.insert(QLatin1StringView(key), value);
            object.insert(QLatin1StringView(key), value);
        };
        both("turnId", QStringLiteral("t"));
        both("attempt", 3);
        both("Zeta", true);
        both("a_b", qint64(-9007199254740993));
        both("streaming", false);
        both("files", QJsonArray {1, QStringLiteral("x"), QJsonObject {{"b", 1}, {"a", 2.5}}});
        both("payload", QJsonObject {{"z", QJsonValue::Null}, {"y", 1e300}});
        both("null", QJsonValue(QJsonValue::Null));
        both("double", QJsonValue(0.1));
        both("empty", QString());
        QCOMPARE(writer.take(), qtText(object));
    }

    void given_aKeyInsertedTwice_when_written_then_theLastValueStays()
    {
        ObjectWriter writer;
        writer.insert(QLatin1StringView("a"), 1);
        writer.insert(QLatin1StringView("b"), 2);
        writer.insert(QLatin1StringView("a"), QStringLiteral("again"));
        QCOMPARE(writer.take(), QByteArray(R"({"a":"again","b":2})"));
    }

    void given_anUndefinedValue_when_inserted_then_theKeyIsRemovedAsQJsonObjectDoes()
    {
        ObjectWriter writer;
        writer.insert(QLatin1StringView("a"), 1);
        writer.insert(QLatin1StringView("a"), QJsonValue(QJsonValue::Undefined));
        writer.insert(QLatin1StringView("b"), QJsonValue(QJsonValue::Undefined));
        QCOMPARE(writer.take(), QByteArray("{}"));
    }

    void given_aWriterTaken_when_reused_then_itStartsEmpty()
    {
        ObjectWriter writer;
        writer.insert(QLatin1StringView("a"), 1);
        QCOMPARE(writer.take(), QByteArray(R"({"a":1})"));
        writer.insert(QLatin1StringView("b"), true);
        QCOMPARE(writer.take(), QByteArray(R"({"b":true})"));
    }
};

QTEST_GUILESS_MAIN(TestJsonObjectWriter)
#include "tst_json_object_writer.moc"

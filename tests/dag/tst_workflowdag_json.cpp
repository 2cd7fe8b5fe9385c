// The graph file format and the GUI export.

#include "DagTestUtil.h"

#include "backend/dag/DagJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace backend;
using namespace dagtest;

namespace {

std::expected<DagDocument, DagError> parse(const char *json,
                                           CyclePolicy policy = CyclePolicy::Refuse)
{
    return parseDagJson(QByteArrayView(json), policy);
}

QString parseError(const char *json)
{
    const auto result = parse(json);
    if (result)
        return QStringLiteral("(parsed)");
    return result.error().message();
}

// Escapes spelled out in an ordinary literal: moc 6.4 loses the class when a raw string
// holds "\u" sequences.
const char EscapedIds[] = "{\"tasks\": [{\"id\": \"caf\\u00e9 \\\"x\\\"\\n\"},"
                          " {\"id\": \"\\ud83d\\ude00\"}], \"dependencies\":"
                          " [{\"from\": \"caf\u00e9 \\\"x\\\"\\n\", \"to\": \"\U0001F600\"}]}";

} // namespace

class TestWorkflowDagJson : public QObject
{
    Q_OBJECT

private slots:
    void given_issueExample_when_parsed_then_graphTitlesAndWeights()
    {
        const auto doc = parse(R"({ "tasks": [ { "id": "fetch", "title": "Fetch sources",
            "weight": 2.5 }, { "id": "build" } ],
            "dependencies": [ { "from": "fetch", "to": "build", "type": "blocking" } ] })");
        QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().message()));
        QCOMPARE(doc->dag.nodes(), ids("fetch build"));
        QCOMPARE(*doc->dag.weight("fetch"), 2.5);
        QCOMPARE(*doc->dag.weight("build"), 1.0);
        QCOMPARE(doc->titles.value("fetch"), QStringLiteral("Fetch sources"));
        QVERIFY(!doc->titles.contains("build"));
        QCOMPARE(doc->dag.edgeType("fetch", "build"), std::optional(Blocking));
    }

    void given_edgeWithoutType_when_parsed_then_blocking()
    {
        const auto doc = parse(R"({"tasks": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
            "dependencies": [{"from": "a", "to": "b"},
                             {"from": "b", "to": "c", "type": "preferred_order"}]})");
        QVERIFY(doc);
        QCOMPARE(doc->dag.edgeType("a", "b"), std::optional(Blocking));
        QCOMPARE(doc->dag.edgeType("b", "c"), std::optional(Preferred));
    }

    void given_unknownFields_when_parsed_then_ignored()
    {
        const auto doc = parse(R"({"version": 3, "tasks": [{"id": "a", "prompt": {"x": [1, 2,
            {"y": null}]}, "retry": true}], "dependencies": [], "meta": "z"})");
        QVERIFY(doc);
        QCOMPARE(doc->dag.nodes(), ids("a"));
    }

    void given_dependenciesBeforeTasks_when_parsed_then_resolved()
    {
        const auto doc = parse(R"({"dependencies": [{"from": "a", "to": "b"}],
            "tasks": [{"id": "a"}, {"id": "b"}]})");
        QVERIFY(doc);
        QCOMPARE(doc->dag.edgeCount(), 1);
    }

    void given_escapedIds_when_parsed_then_decoded()
    {
        const auto doc = parse(EscapedIds);
        QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().message()));
        QCOMPARE(doc->dag.nodes().at(0), QStringLiteral("café \"x\"\n"));
        QCOMPARE(doc->dag.nodes().at(1), QStringLiteral("😀"));
        QCOMPARE(doc->dag.edgeCount(), 1);
    }

    void given_specialCharacterAtEveryOffset_when_parsed_then_stringEndsOrFailsRightThere()
    {
        // The reader scans strings eight bytes at a time: each special byte at each offset of
        // a word, and bytes next to the special ranges, which are plain. Ids are read both as
        // tasks and as edge ends, which take different paths.
        const auto file = [](const QByteArray &task, const QByteArray &from) {
            return "{\"tasks\": [{\"id\": \"" + task + "\"}, {\"id\": \"z\"}],"
                + " \"dependencies\": [{\"from\": \"" + from + "\", \"to\": \"z\"}]}";
        };
        for (int at = 0; at < 20; ++at) {
            const QByteArray before(at, 'a');
            const QByteArray escaped = before + "\\\"b";
            const QByteArray plain = before + "\x20\x7f\xc3\xa9\x80" + 'b';
            const auto quoted = parseDagJson(file(escaped, escaped));
            QVERIFY2(quoted, qPrintable(QString::number(at)));
            QCOMPARE(quoted->dag.nodes().first(), QString::fromLatin1(before + "\"b"));
            QCOMPARE(quoted->dag.edgeCount(), 1);
            const auto kept = parseDagJson(file(plain, plain));
            QVERIFY2(kept, qPrintable(QString::number(at)));
            QCOMPARE(kept->dag.nodes().first(), QString::fromUtf8(plain));
            QCOMPARE(kept->dag.edgeCount(), 1);
            for (const char control : {'\x00', '\x1f', '\n'}) {
                const QByteArray bad = before + control + "b";
                for (const QByteArray &json : {file(bad, "z"), file("y", bad)}) {
                    const auto refused = parseDagJson(json);
                    QVERIFY2(!refused, qPrintable(QString::number(at)));
                    QVERIFY2(refused.error().message().contains("control character"),
                             qPrintable(refused.error().message()));
                }
            }
        }
    }

    void given_emptyObject_when_parsed_then_emptyGraph()
    {
        const auto doc = parse("{}");
        QVERIFY(doc);
        QCOMPARE(doc->dag.nodeCount(), 0);
    }

    void given_missingId_when_parsed_then_errorNamesTheEntry()
    {
        const QString error = parseError(R"({"tasks": [{"id": "a"}, {"title": "no id"}]})");
        QVERIFY2(error.contains("tasks[1]") && error.contains("missing \"id\""), qPrintable(error));
    }

    void given_duplicateId_when_parsed_then_errorNamesTheEntry()
    {
        const QString error = parseError(R"({"tasks": [{"id": "a"}, {"id": "b"}, {"id": "a"}]})");
        QVERIFY2(error.contains("tasks[2]") && error.contains("duplicate id \"a\""),
                 qPrintable(error));
    }

    void given_edgeToUnknownNode_when_parsed_then_errorNamesTheEntry()
    {
        const QString error = parseError(R"({"tasks": [{"id": "a"}],
            "dependencies": [{"from": "a", "to": "a2"}]})");
        QVERIFY2(error.contains("dependencies[0]") && error.contains("unknown node \"a2\""),
                 qPrintable(error));
    }

    void given_unknownNodeBeforeALaterError_when_parsed_then_theUnknownNodeIsReported()
    {
        // Ids are looked up a few edge ends after they are read; the first error in the text
        // must still win, also once the lookups have gone round their queue a few times.
        // (Plain literals here: with these as raw strings moc 6.4 found no class in the file.)
        QByteArray json = "{\"tasks\": [{\"id\": \"n0\"}";
        for (int i = 1; i < 60; ++i)
            json += ", {\"id\": \"n" + QByteArray::number(i) + "\"}";
        json += "], \"dependencies\": [";
        for (int i = 0; i < 40; ++i)
            json += "{\"from\": \"n" + QByteArray::number(i) + "\", \"to\": \"n"
                + QByteArray::number(i + 1) + "\"}, ";
        const QByteArray unknown = json + R"({"from": "n7", "to": "n99"}, )";
        for (const char *later : {R"({"from": 3}]})", R"({"from": "n1"}]})",
                                  R"({"from": "n1", "to": "n2", "type": "x"}]})",
                                  R"({"from": "n1", "to": "n2"}, {"from": "n1", "to": "n2"}]})",
                                  R"({"from": "n1", "to": "n2"}] x)", R"({"from": "n1")"}) {
            const QString error = parseError((unknown + later).constData());
            QVERIFY2(error.contains("line 1, column " + QString::number(unknown.size() - 2) + ":")
                         && error.contains("dependencies[40]: unknown node \"n99\" in \"to\""),
                     qPrintable(error));
        }
        QVERIFY(parse((json + R"({"from": "n7", "to": "n9"}]})").constData()));
    }

    void given_file_when_parsedForTheGraphOnly_then_sameGraphAndErrorsWithoutTitles()
    {
        const char *json = R"({"tasks": [{"id": "a", "title": "A", "weight": 2},
            {"id": "b", "title": "B"}], "dependencies": [{"from": "a", "to": "b",
            "type": "preferred_order"}]})";
        const auto dag = parseDagJsonGraph(json);
        QVERIFY(dag);
        QCOMPARE(dag->nodes(), parse(json)->dag.nodes());
        QCOMPARE(dag->edges(), parse(json)->dag.edges());
        QCOMPARE(*dag->weight("a"), 2.0);
        for (const char *bad : {R"({"tasks": [{"id": "a", "title": 2}]})",
                                "{\"tasks\": [{\"id\": \"a\", \"title\": \"\\x\"}]}",
                                R"({"tasks": [{"id": "a"}], "dependencies": [{"from": "a",
                                    "to": "c"}]})"})
            QCOMPARE(parseDagJsonGraph(bad).error().message(), parse(bad).error().message());
    }

    void given_badValues_when_parsed_then_errorsNameTheEntry()
    {
        QVERIFY(parseError(R"({"tasks": [{"id": 3}]})").contains("tasks[0]"));
        QVERIFY(parseError(R"({"tasks": [{"id": ""}]})").contains("tasks[0]"));
        QVERIFY(parseError(R"({"tasks": [{"id": "a", "weight": -1}]})").contains("weight"));
        QVERIFY(parseError(R"({"tasks": [{"id": "a", "weight": "2"}]})").contains("weight"));
        QVERIFY(parseError(R"({"tasks": [{"id": "a", "title": 2}]})").contains("title"));
        QVERIFY(parseError(R"({"tasks": [{"id": "a"}, {"id": "b"}], "dependencies":
            [{"from": "a", "to": "b", "type": "soft"}]})")
                    .contains("unknown type"));
        QVERIFY(parseError(R"({"tasks": [{"id": "a"}], "dependencies": [{"from": "a"}]})")
                    .contains("missing \"to\""));
        QVERIFY(parseError(R"({"tasks": {}})").contains("array"));
    }

    void given_malformedJson_when_parsed_then_parseErrorWithPosition()
    {
        for (const char *bad :
             {"", "[]", "{", "{\"tasks\": [}", "{\"tasks\": []} x", "{\"a\": 01}", "{\"a\": tru}",
              "{\"a\": \"\\x\"}", "{\"a\": \"\\ud800\"}", "{\"a\" 1}"}) {
            const auto result = parse(bad);
            QVERIFY2(!result, bad);
            QCOMPARE(result.error().code, DagErrorCode::ParseError);
            QVERIFY2(result.error().message().contains("line 1, column"),
                     qPrintable(result.error().message()));
        }
    }

    void given_deeplyNestedUnknownValue_when_parsed_then_refusedWithoutCrash()
    {
        const QByteArray deep
            = "{\"x\": " + QByteArray(100'000, '[') + QByteArray(100'000, ']') + "}";
        QVERIFY(!parseDagJson(deep));
    }

    void given_cyclicFile_when_parsedByPolicy_then_refusedOrKept()
    {
        const char *json = R"({"tasks": [{"id": "a"}, {"id": "b"}],
            "dependencies": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}]})";
        QCOMPARE(parse(json).error().code, DagErrorCode::CycleDetected);
        const auto kept = parse(json, CyclePolicy::Allow);
        QVERIFY(kept);
        QVERIFY(kept->dag.hasCycle());
    }

    void given_duplicateEdge_when_parsed_then_refused()
    {
        const auto result = parse(R"({"tasks": [{"id": "a"}, {"id": "b"}],
            "dependencies": [{"from": "a", "to": "b"}, {"from": "a", "to": "b"}]})");
        QCOMPARE(result.error().code, DagErrorCode::EdgeAlreadyExists);
    }

    void given_document_when_writtenAndReadBack_then_unchanged()
    {
        DagDocument doc {graph({"a", "b \"q\"", "c"}, {{"a", "b \"q\""}, {"a", "c", Preferred}}),
                         {{"a", "First"}}};
        QVERIFY(doc.dag.setWeight("c", 0.1));
        const QByteArray json = toDagJson(doc);
        QVERIFY(!QJsonDocument::fromJson(json).isNull());
        const auto back = parseDagJson(json);
        QVERIFY(back);
        QCOMPARE(back->dag.nodes(), doc.dag.nodes());
        QCOMPARE(back->dag.edges(), doc.dag.edges());
        QCOMPARE(*back->dag.weight("c"), 0.1);
        QCOMPARE(back->titles, doc.titles);
    }

    void given_graph_when_exportedForGui_then_layersAndOrdersPerNode()
    {
        const DagDocument doc {graph({"a", "b", "c"}, {{"a", "c"}, {"b", "c", Preferred}}),
                               {{"c", "Last"}}};
        const QJsonObject root = QJsonDocument::fromJson(toDagLayoutJson(doc)).object();
        QCOMPARE(root.value("layerCount").toInt(), 2);
        QCOMPARE(root.value("hasCycle").toBool(), false);
        const QJsonArray nodes = root.value("nodes").toArray();
        QCOMPARE(nodes.size(), 3);
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue &node : nodes)
            byId.insert(node.toObject().value("id").toString(), node.toObject());
        QCOMPARE(byId["a"].value("layer").toInt(), 0);
        QCOMPARE(byId["b"].value("layer").toInt(), 0);
        QCOMPARE(byId["a"].value("order").toInt(), 0);
        QCOMPARE(byId["b"].value("order").toInt(), 1);
        QCOMPARE(byId["c"].value("layer").toInt(), 1);
        QCOMPARE(byId["c"].value("title").toString(), QStringLiteral("Last"));
        const QJsonArray edges = root.value("edges").toArray();
        QCOMPARE(edges.size(), 2);
        QCOMPARE(edges.at(1).toObject().value("type").toString(),
                 QStringLiteral("preferred_order"));
    }

    void given_cyclicGraph_when_exportedForGui_then_componentsShareALayer()
    {
        const DagDocument doc {graph({"a", "b", "c"}, {{"a", "b"}, {"b", "a"}, {"b", "c"}}, true),
                               {}};
        const QJsonObject root = QJsonDocument::fromJson(toDagLayoutJson(doc)).object();
        QCOMPARE(root.value("hasCycle").toBool(), true);
        QCOMPARE(root.value("layerCount").toInt(), 2);
    }
};

QTEST_APPLESS_MAIN(TestWorkflowDagJson)
#include "tst_workflowdag_json.moc"

// `weft dag …` through app::runDag in process, and once through the real binary.

#include "app/DagCommand.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {

struct Run
{
    int exit = -1;
    QString out;
    QString err;
    [[nodiscard]] QJsonObject json() const
    {
        return QJsonDocument::fromJson(out.toUtf8()).object();
    }
};

Run runDag(const QStringList &args)
{
    Run run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exit = app::runDag(args, out, err);
    out.flush();
    err.flush();
    return run;
}

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

const char Diamond[] = R"({"tasks": [
    {"id": "fetch", "weight": 2.5}, {"id": "build", "weight": 3}, {"id": "docs"},
    {"id": "test", "weight": 2}, {"id": "ship"}],
  "dependencies": [
    {"from": "fetch", "to": "build"}, {"from": "fetch", "to": "docs"},
    {"from": "build", "to": "test"}, {"from": "test", "to": "ship"},
    {"from": "docs", "to": "ship", "type": "preferred_order"}]})";

const char Cyclic[] = R"({"tasks": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
  "dependencies": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"},
                   {"from": "c", "to": "a"}, {"from": "d", "to": "d"}]})";

} // namespace

class TestDagCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString file(const QString &name, const QByteArray &contents)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(contents) != contents.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void given_dagFile_when_analyzed_then_fullReportAndExitZero()
    {
        const Run run = runDag({"analyze", file("diamond.json", Diamond)});
        QCOMPARE(run.exit, 0);
        QVERIFY(run.err.isEmpty());
        const QJsonObject json = run.json();
        QCOMPARE(json.value("nodes").toInt(), 5);
        QCOMPARE(json.value("edges").toInt(), 5);
        QCOMPARE(json.value("hasCycle").toBool(), false);
        QCOMPARE(json.value("cycles").toArray().size(), 0);
        QCOMPARE(strings(json.value("roots")), QStringList({"fetch"}));
        QCOMPARE(strings(json.value("leaves")), QStringList({"ship"}));
        QCOMPARE(strings(json.value("topologicalOrder")),
                 QStringList({"fetch", "build", "docs", "test", "ship"}));
        const QJsonObject path = json.value("criticalPath").toObject();
        QCOMPARE(path.value("weight").toDouble(), 8.5);
        QCOMPARE(strings(path.value("nodes")), QStringList({"fetch", "build", "test", "ship"}));
        const QJsonArray layers = json.value("layers").toArray();
        QCOMPARE(layers.size(), 4);
        QCOMPARE(strings(layers.at(1)), QStringList({"build", "docs"}));
    }

    void given_cyclicFile_when_analyzed_then_cyclesReportedAndExitOne()
    {
        const Run run = runDag({"analyze", file("cyclic.json", Cyclic)});
        QCOMPARE(run.exit, 1);
        const QJsonObject json = run.json();
        QCOMPARE(json.value("hasCycle").toBool(), true);
        QVERIFY(json.value("topologicalOrder").isNull());
        QVERIFY(json.value("criticalPath").isNull());
        QVERIFY(json.value("layers").isNull());
        const QJsonArray cycles = json.value("cycles").toArray();
        QCOMPARE(cycles.size(), 2);
        QCOMPARE(strings(cycles.at(0).toObject().value("nodes")), QStringList({"a", "b", "c"}));
        QCOMPARE(strings(cycles.at(0).toObject().value("cycle")), QStringList({"a", "b", "c"}));
        QCOMPARE(strings(cycles.at(1).toObject().value("nodes")), QStringList({"d"}));
        QCOMPARE(strings(cycles.at(1).toObject().value("cycle")), QStringList({"d"}));
    }

    void given_emptyGraph_when_analyzed_then_emptyReport()
    {
        const Run run = runDag({"analyze", file("empty.json", "{\"tasks\": []}")});
        QCOMPARE(run.exit, 0);
        const QJsonObject json = run.json();
        QCOMPARE(json.value("nodes").toInt(), 0);
        QCOMPARE(json.value("layers").toArray().size(), 0);
        QCOMPARE(json.value("criticalPath").toObject().value("weight").toDouble(), 0.0);
    }

    void given_missingFile_when_analyzed_then_oneLineErrorAndExitTwo()
    {
        const Run run = runDag({"analyze", m_dir.filePath("nope.json")});
        QCOMPARE(run.exit, 2);
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.contains("nope.json"));
        QCOMPARE(run.err.count(u'\n'), 1);
    }

    void given_malformedFile_when_analyzed_then_oneLineErrorAndExitTwo()
    {
        const Run run = runDag({"analyze", file("bad.json", "{\"tasks\": [{\"id\": \"a\"}, {}]}")});
        QCOMPARE(run.exit, 2);
        QVERIFY2(run.err.contains("tasks[1]"), qPrintable(run.err));
        QCOMPARE(run.err.count(u'\n'), 1);
    }

    void given_completedTasks_when_readyAsked_then_readyAndBlockedSets()
    {
        const QString path = file("diamond.json", Diamond);
        for (const QStringList &args :
             {QStringList {"ready", path, "--completed", "fetch,build"},
              QStringList {"ready", "--completed=fetch,build,unknown", path}}) {
            const Run run = runDag(args);
            QCOMPARE(run.exit, 0);
            const QJsonObject json = run.json();
            QCOMPARE(strings(json.value("ready")), QStringList({"docs", "test"}));
            QCOMPARE(strings(json.value("blocked")), QStringList({"ship"}));
            QCOMPARE(strings(json.value("completed")), QStringList({"fetch", "build"}));
        }
        const Run none = runDag({"ready", path});
        QCOMPARE(strings(none.json().value("ready")), QStringList({"fetch"}));
    }

    void given_dagFile_when_layoutAsked_then_nodesWithLayers()
    {
        const Run run = runDag({"layout", file("diamond.json", Diamond)});
        QCOMPARE(run.exit, 0);
        QCOMPARE(run.json().value("nodes").toArray().size(), 5);
        QCOMPARE(run.json().value("layerCount").toInt(), 4);
    }

    void given_badArguments_when_run_then_usageAndExitTwo()
    {
        QCOMPARE(runDag({}).exit, 2);
        QCOMPARE(runDag({"frobnicate"}).exit, 2);
        QCOMPARE(runDag({"analyze"}).exit, 2);
        QCOMPARE(runDag({"ready", "x.json", "--completed"}).exit, 2);
        QCOMPARE(runDag({"--help"}).exit, 0);
    }

    void given_realBinary_when_analyzing_then_sameExitAndDocument()
    {
        const QString weft = qEnvironmentVariable("WEFT_BINARY");
        if (weft.isEmpty() || !QFile::exists(weft))
            QSKIP("WEFT_BINARY does not name a built weft");
        QProcess process;
        process.start(weft, {"dag", "analyze", file("cyclic.json", Cyclic)});
        QVERIFY(process.waitForFinished(30'000));
        QCOMPARE(process.exitCode(), 1);
        const QJsonObject json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(json.value("hasCycle").toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestDagCli)
#include "tst_dag_cli.moc"

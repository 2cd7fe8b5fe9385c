// `weft run`, `weft run --resume` and `weft status` with real processes in a temporary
// directory, and the crash test: `weft run` killed with SIGKILL at random moments, resumed
// until done; every task ends succeeded and no task whose success was recorded runs again.

#include "tests/cli/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLockFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace testing;
using namespace Qt::StringLiterals;

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject status(const QString &db)
{
    const CliResult r = runWeft({u"--db"_s, db, u"status"_s});
    return QJsonDocument::fromJson(r.out).object();
}

/// Task id → state of the only workflow in the database.
QHash<QString, QString> taskStates(const QJsonObject &status)
{
    QHash<QString, QString> states;
    const QJsonArray workflows = status.value(u"workflows"_s).toArray();
    if (workflows.isEmpty())
        return states;
    for (const QJsonValue &t : workflows.first().toObject().value(u"tasks"_s).toArray())
        states.insert(t[u"id"_s].toString(), t[u"state"_s].toString());
    return states;
}

QHash<QString, int> lineCounts(const QString &path)
{
    QHash<QString, int> counts;
    for (const QByteArray &line : readFile(path).split('\n')) {
        if (!line.isEmpty())
            ++counts[QString::fromUtf8(line)];
    }
    return counts;
}

} // namespace

class TestRun : public QObject
{
    Q_OBJECT

private slots:
    void given_a_diamond_of_file_writing_tasks_when_running_then_every_file_is_written_in_order()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"weft.sqlite"_s);
        writeFile(dir.filePath(u"wf.json"_s), R"({"title":"Diamond","tasks":[
            {"id":"top","shell":"echo hello from top; echo top > top.txt"},
            {"id":"left","shell":"cat top.txt > left.txt && echo left >> left.txt"},
            {"id":"right","command":["sh","-c","cat top.txt > right.txt; echo right >> right.txt"]},
            {"id":"bottom","shell":"cat left.txt right.txt > bottom.txt"}],
          "dependencies":[{"from":"top","to":"left"},{"from":"top","to":"right"},
                          {"from":"left","to":"bottom"},{"from":"right","to":"bottom"}]})");
        const CliResult r = runWeft({u"--db"_s, db, u"run"_s, dir.filePath(u"wf.json"_s),
                                     u"--workspace"_s, dir.path(), u"--jobs"_s, u"2"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(readFile(dir.filePath(u"bottom.txt"_s)), QByteArray("top\nleft\ntop\nright\n"));
        QVERIFY(r.out.contains("top running"));
        QVERIFY(r.out.contains("[4/4] bottom succeeded"));

        const QJsonObject s = status(db);
        const QHash<QString, QString> states = taskStates(s);
        QCOMPARE(states.size(), 4);
        for (const QString &state : states)
            QCOMPARE(state, u"succeeded"_s);
        // The attempt ran as a turn on the task's thread, its output streamed into it.
        const QJsonObject top = s[u"workflows"_s][0][u"tasks"_s][0].toObject();
        const CliResult messages
            = runWeft({u"--db"_s, db, u"messages"_s, top[u"threadId"_s].toString()});
        QVERIFY2(messages.out.contains("hello from top"), messages.out.constData());
    }

    void given_a_failing_task_when_running_then_exit_is_1_and_its_dependent_upstream_failed()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"weft.sqlite"_s);
        writeFile(dir.filePath(u"wf.json"_s), R"({"tasks":[{"id":"a","shell":"exit 3"},
            {"id":"b","shell":"true"}],"dependencies":[{"from":"a","to":"b"}]})");
        const CliResult r = runWeft(
            {u"--db"_s, db, u"run"_s, dir.filePath(u"wf.json"_s), u"--workspace"_s, dir.path()});
        QCOMPARE(r.exitCode, 1);
        const QHash<QString, QString> states = taskStates(status(db));
        QCOMPARE(states.value(u"a"_s), u"failed"_s);
        QCOMPARE(states.value(u"b"_s), u"upstream_failed"_s);
    }

    void given_a_bad_or_cyclic_file_when_running_then_exit_is_2_and_nothing_runs()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"weft.sqlite"_s);
        writeFile(dir.filePath(u"cycle.json"_s), R"({"tasks":[
            {"id":"a","shell":"touch ran"},{"id":"b","shell":"touch ran"}],
            "dependencies":[{"from":"a","to":"b"},{"from":"b","to":"a"}]})");
        writeFile(dir.filePath(u"broken.json"_s), "{not json");
        const CliResult cyclic = runWeft(
            {u"--db"_s, db, u"run"_s, dir.filePath(u"cycle.json"_s), u"--workspace"_s, dir.path()});
        QCOMPARE(cyclic.exitCode, 2);
        QVERIFY2(cyclic.err.contains("cycle"), cyclic.err.constData());
        const CliResult broken = runWeft({u"--db"_s, db, u"run"_s, dir.filePath(u"broken.json"_s)});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY(!QFile::exists(dir.filePath(u"ran"_s)));
        QVERIFY(status(db)[u"workflows"_s].toArray().isEmpty());
    }

    void given_another_scheduler_on_the_database_when_running_then_exit_2_and_nothing_stored()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"weft.sqlite"_s);
        writeFile(dir.filePath(u"wf.json"_s), R"({"tasks":[{"id":"a","shell":"touch ran"}]})");
        // This test process plays the other scheduler: its lock names a live pid.
        QLockFile other(db + u".scheduler.lock"_s);
        QVERIFY(other.tryLock(0));
        const CliResult refused = runWeft(
            {u"--db"_s, db, u"run"_s, dir.filePath(u"wf.json"_s), u"--workspace"_s, dir.path()});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("are being run by process"), refused.err.constData());
        QVERIFY(!QFile::exists(dir.filePath(u"ran"_s)));
        QVERIFY(status(db)[u"workflows"_s].toArray().isEmpty());

        other.unlock();
        const CliResult ran = runWeft(
            {u"--db"_s, db, u"run"_s, dir.filePath(u"wf.json"_s), u"--workspace"_s, dir.path()});
        QVERIFY2(ran.exitCode == 0, ran.err.constData());
        QVERIFY(QFile::exists(dir.filePath(u"ran"_s)));
    }

    void given_an_affinity_workflow_when_running_with_a_label_then_its_tasks_go_first()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(u"wf.json"_s), R"({"strategy":"affinity","tasks":[
            {"id":"plain","shell":"echo plain >> order"},
            {"id":"gpu","shell":"echo gpu >> order","labels":["gpu"]}]})");
        const CliResult labelled
            = runWeft({u"--db"_s, dir.filePath(u"a.sqlite"_s), u"run"_s, dir.filePath(u"wf.json"_s),
                       u"--workspace"_s, dir.path(), u"--jobs"_s, u"1"_s, u"--label"_s, u"gpu"_s});
        QVERIFY2(labelled.exitCode == 0, labelled.err.constData());
        QCOMPARE(readFile(dir.filePath(u"order"_s)), QByteArray("gpu\nplain\n"));

        // Without the label nothing matches: the file's order decides.
        QFile::remove(dir.filePath(u"order"_s));
        const CliResult plain
            = runWeft({u"--db"_s, dir.filePath(u"b.sqlite"_s), u"run"_s, dir.filePath(u"wf.json"_s),
                       u"--workspace"_s, dir.path(), u"--jobs"_s, u"1"_s});
        QVERIFY2(plain.exitCode == 0, plain.err.constData());
        QCOMPARE(readFile(dir.filePath(u"order"_s)), QByteArray("plain\ngpu\n"));
    }

    void given_a_running_task_when_interrupted_with_ctrl_c_then_it_stops_and_resume_finishes_it()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(u"weft.sqlite"_s);
        // The first run of `slow` writes its pid and sleeps; a second run finds the pid file
        // and ends at once. No retry policy: one attempt allowed.
        writeFile(dir.filePath(u"wf.json"_s), R"({
            "tasks": [
                { "id": "slow", "shell": "if [ -f pid ]; then exit 0; fi; echo $$ > pid; exec sleep 60" },
                { "id": "after", "shell": "echo after >> order" }
            ],
            "dependencies": [ { "from": "slow", "to": "after" } ]
        })");
        QProcess weft;
        weft.start(weftBinary(),
                   {u"--db"_s, db, u"run"_s, dir.filePath(u"wf.json"_s), u"--workspace"_s,
                    dir.path(), u"--jobs"_s, u"1"_s});
        QVERIFY(weft.waitForStarted(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!readFile(dir.filePath(u"pid"_s)).trimmed().isEmpty(), 30000);
        const auto sleeper = static_cast<pid_t>(readFile(dir.filePath(u"pid"_s)).trimmed().toInt());
        QVERIFY(sleeper > 0);

        ::kill(static_cast<pid_t>(weft.processId()), SIGINT);
        QVERIFY(weft.waitForFinished(30000));
        QCOMPARE(weft.exitStatus(), QProcess::NormalExit);
        QCOMPARE(weft.exitCode(), 1);
        QVERIFY(QString::fromUtf8(weft.readAllStandardError()).contains(u"interrupted"_s));
        // The attempt was stopped, not left behind, and recorded: nothing is running.
        QTRY_VERIFY_WITH_TIMEOUT(::kill(sleeper, 0) != 0, 5000);
        const QJsonObject interrupted = status(db);
        const QHash<QString, QString> states = taskStates(interrupted);
        QVERIFY2(states.value(u"slow"_s) != u"running"_s && states.value(u"slow"_s) != u"leased"_s,
                 qPrintable(states.value(u"slow"_s)));
        QVERIFY(!QFile::exists(dir.filePath(u"order"_s)));

        // Resuming carries the run on: the interrupted task runs again, then its dependent.
        const QString workflowId
            = interrupted[u"workflows"_s].toArray().first()[u"id"_s].toString();
        const CliResult resumed
            = runWeft({u"--db"_s, db, u"run"_s, u"--resume"_s, workflowId, u"--jobs"_s, u"1"_s});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        const QHash<QString, QString> after = taskStates(status(db));
        QCOMPARE(after.value(u"slow"_s), u"succeeded"_s);
        QCOMPARE(after.value(u"after"_s), u"succeeded"_s);
        QCOMPARE(readFile(dir.filePath(u"order"_s)), QByteArray("after\n"));
    }

    void given_runs_killed_at_random_moments_when_resuming_then_all_succeed_and_none_reruns()
    {
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("seed %u", seed);
        QRandomGenerator random(seed);
        QTemporaryDir dir;
        const QString db = dir.filePath(u"weft.sqlite"_s);
        const QString log = dir.filePath(u"runs.log"_s);
        // 30 tasks of 0.2 s, each depending on up to two earlier ones (a whole run takes about
        // 3 s with two jobs, so every kill cuts one off); each appends its id to the log.
        QJsonArray tasks;
        QJsonArray edges;
        for (int i = 0; i < 30; ++i) {
            const QString id = u"t%1"_s.arg(i);
            tasks.append(QJsonObject {
                {u"id"_s, id},
                {u"shell"_s, u"echo %1 >> runs.log; sleep 0.2"_s.arg(id)},
                {u"retry"_s,
                 QJsonObject {
                     {u"maxAttempts"_s, 50},
                     {u"backoff"_s, QJsonObject {{u"type"_s, u"fixed"_s}, {u"delayMs"_s, 0}}}}}});
            for (int k = 0; k < 2 && i > 0; ++k) {
                const int from = static_cast<int>(random.bounded(i));
                const QJsonObject edge {{u"from"_s, u"t%1"_s.arg(from)}, {u"to"_s, id}};
                if (!edges.contains(edge))
                    edges.append(edge);
            }
        }
        writeFile(
            dir.filePath(u"wf.json"_s),
            QJsonDocument(QJsonObject {{u"tasks"_s, tasks}, {u"dependencies"_s, edges}}).toJson());

        QStringList args {u"--db"_s,        db,         u"run"_s,    dir.filePath(u"wf.json"_s),
                          u"--workspace"_s, dir.path(), u"--jobs"_s, u"2"_s};
        QString workflowId;
        QHash<QString, int> recordedRuns; // tasks recorded succeeded → their line count then
        int exitCode = -1;
        int kills = 0;
        for (int round = 0; round < 12 && exitCode != 0; ++round) {
            QProcess weft;
            weft.start(weftBinary(), args);
            QVERIFY(weft.waitForStarted(30000));
            const bool kill = round < 6;
            if (kill) {
                // Wait a random while (real time is what a crash is about), then SIGKILL.
                weft.waitForFinished(100 + static_cast<int>(random.bounded(700)));
                if (weft.state() != QProcess::NotRunning) {
                    ::kill(static_cast<pid_t>(weft.processId()), SIGKILL);
                    ++kills;
                    weft.waitForFinished(30000);
                }
            } else {
                QVERIFY(weft.waitForFinished(120000));
            }
            exitCode = weft.exitStatus() == QProcess::NormalExit ? weft.exitCode() : -1;
            QVERIFY2(exitCode == 0 || exitCode == -1, weft.readAllStandardError().constData());

            const QJsonObject s = status(db);
            const QJsonArray workflows = s[u"workflows"_s].toArray();
            if (workflows.isEmpty())
                continue; // killed before the import committed: start over
            workflowId = workflows.first()[u"id"_s].toString();
            args = {u"--db"_s, db, u"run"_s, u"--resume"_s, workflowId, u"--jobs"_s, u"2"_s};
            const QHash<QString, int> counts = lineCounts(log);
            const QHash<QString, QString> states = taskStates(s);
            for (auto it = states.cbegin(); it != states.cend(); ++it) {
                if (it.value() != u"succeeded"_s)
                    continue;
                QVERIFY2(counts.value(it.key()) >= 1, qPrintable(it.key()));
                if (!recordedRuns.contains(it.key()))
                    recordedRuns.insert(it.key(), counts.value(it.key()));
            }
        }
        QCOMPARE(exitCode, 0);
        QVERIFY2(kills >= 3, "the runs should have been cut off several times");
        const QHash<QString, QString> states = taskStates(status(db));
        QCOMPARE(states.size(), 30);
        for (auto it = states.cbegin(); it != states.cend(); ++it)
            QCOMPARE(it.value(), u"succeeded"_s);
        const QHash<QString, int> counts = lineCounts(log);
        for (auto it = recordedRuns.cbegin(); it != recordedRuns.cend(); ++it)
            QVERIFY2(counts.value(it.key()) == it.value(),
                     qPrintable(u"%1 ran again after its success was recorded"_s.arg(it.key())));
    }
};

QTEST_GUILESS_MAIN(TestRun)
#include "tst_run.moc"

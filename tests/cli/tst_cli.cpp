// The headless subcommands, run as a user would: the real binary on a temporary database.

#include "tests/cli/CliRunner.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace testing;

namespace {

QJsonObject cmd(const char *type, const char *commandId, QJsonObject fields)
{
    fields.insert(QStringLiteral("type"), QLatin1String(type));
    fields.insert(QStringLiteral("commandId"), QLatin1String(commandId));
    return fields;
}

QList<QJsonObject> projectWithThreadAndTurn()
{
    return {
        cmd("project.create", "c1",
            {{"projectId", "p1"}, {"title", "Weft"}, {"workspaceRoot", "/work/p1"}}),
        cmd("thread.create", "c2",
            {{"threadId", "t1"},
             {"projectId", "p1"},
             {"title", "Spine"},
             {"provider", QJsonObject {{"kind", "shell"}}}}),
        cmd("thread.turn.start", "c3",
            {{"threadId", "t1"}, {"turnId", "turn-1"}, {"messageId", "m1"}, {"text", "build"}}),
        cmd("thread.message.assistant.delta", "c4",
            {{"threadId", "t1"}, {"turnId", "turn-1"}, {"messageId", "m2"}, {"delta", "Hello, "}}),
        cmd("thread.message.assistant.delta", "c5",
            {{"threadId", "t1"}, {"turnId", "turn-1"}, {"messageId", "m2"}, {"delta", "world"}}),
        cmd("thread.message.assistant.complete", "c6",
            {{"threadId", "t1"}, {"turnId", "turn-1"}, {"messageId", "m2"}}),
        cmd("thread.turn.complete", "c7",
            {{"threadId", "t1"}, {"turnId", "turn-1"}, {"outcome", "completed"}, {"exitCode", 0}}),
    };
}

QByteArray sha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class CliTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString m_db;

private Q_SLOTS:
    void initTestCase()
    {
        if (weftBinary().isEmpty() || !QFile::exists(weftBinary()))
            QSKIP("WEFT_BINARY does not name the built weft executable");
    }

    void init() { m_db = m_dir.filePath(QStringLiteral("cli-%1.sqlite").arg(++m_counter)); }

    void given_valid_commands_when_dispatched_then_one_line_per_event_and_exit_0()
    {
        const CliResult r
            = runWeft({"--db", m_db, "dispatch", "-"}, jsonl(projectWithThreadAndTurn()));
        QCOMPARE(r.exitCode, 0);
        const auto lines = r.jsonLines();
        QCOMPARE(lines.size(), 1 + 1 + 3 + 1 + 1 + 1 + 2);
        QCOMPARE(lines.first().value("type").toString(), QStringLiteral("project.created"));
        QCOMPARE(lines.first().value("sequence").toInteger(), 1);
        QCOMPARE(lines.first().value("commandId").toString(), QStringLiteral("c1"));
        for (const char *key : {"eventId", "aggregateKind", "aggregateId", "streamVersion",
                                "occurredAt", "payload", "causationEventId"})
            QVERIFY2(lines.first().contains(QLatin1String(key)), key);
        QCOMPARE(lines.last().value("type").toString(), QStringLiteral("thread.status-changed"));
    }

    void given_a_refused_command_when_dispatched_then_rejected_line_and_exit_1()
    {
        QList<QJsonObject> commands = projectWithThreadAndTurn().mid(0, 1);
        commands.append(
            cmd("project.create", "c9",
                {{"projectId", "p2"}, {"title", "Twin"}, {"workspaceRoot", "/work/p1"}}));
        const CliResult r = runWeft({"--db", m_db, "dispatch"}, jsonl(commands));
        QCOMPARE(r.exitCode, 1);
        const auto lines = r.jsonLines();
        QCOMPARE(lines.size(), 2);
        const QJsonObject rejected = lines.last().value("rejected").toObject();
        QCOMPARE(rejected.value("commandId").toString(), QStringLiteral("c9"));
        QCOMPARE(rejected.value("code").toString(), QStringLiteral("workspace_root_in_use"));
        QVERIFY(!rejected.value("message").toString().isEmpty());
    }

    void given_malformed_lines_when_dispatched_then_error_lines_name_them_and_run_goes_on_exit_2()
    {
        QByteArray input = "{not json\n";
        input += jsonl({cmd("project.create", "c1", {{"projectId", "p1"}, {"title", "T"}})});
        input += jsonl(projectWithThreadAndTurn().mid(0, 1));
        const CliResult r = runWeft({"--db", m_db, "dispatch", "-"}, input);
        QCOMPARE(r.exitCode, 2);
        const auto lines = r.jsonLines();
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0).value("error").toObject().value("line").toInt(), 1);
        QCOMPARE(lines.at(1).value("error").toObject().value("line").toInt(), 2);
        QVERIFY(lines.at(1).value("error").toObject().value("message").toString().contains(
            QStringLiteral("workspaceRoot")));
        QCOMPARE(lines.at(2).value("type").toString(), QStringLiteral("project.created"));
    }

    void given_same_input_twice_when_dispatched_then_second_run_appends_nothing()
    {
        const QByteArray input = jsonl(projectWithThreadAndTurn());
        const CliResult first = runWeft({"--db", m_db, "dispatch"}, input);
        const CliResult second = runWeft({"--db", m_db, "dispatch"}, input);
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(second.out, first.out); // receipts return the first result
        const CliResult events = runWeft({"--db", m_db, "events"});
        QCOMPARE(events.jsonLines().size(), first.jsonLines().size());
    }

    void given_history_when_events_paged_then_after_and_limit_select_the_window()
    {
        runWeft({"--db", m_db, "dispatch"}, jsonl(projectWithThreadAndTurn()));
        const CliResult r = runWeft({"--db", m_db, "events", "--after", "3", "--limit", "4"});
        QCOMPARE(r.exitCode, 0);
        const auto lines = r.jsonLines();
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.first().value("sequence").toInteger(), 4);
        QCOMPARE(lines.last().value("sequence").toInteger(), 7);
    }

    void given_history_when_state_printed_then_read_model_document()
    {
        runWeft({"--db", m_db, "dispatch"}, jsonl(projectWithThreadAndTurn()));
        const CliResult r = runWeft({"--db", m_db, "state"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject state = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(state.value("sequence").toInteger(), 10);
        const QJsonObject thread = state.value("threads").toArray().first().toObject();
        QCOMPARE(thread.value("id").toString(), QStringLiteral("t1"));
        QCOMPARE(thread.value("status").toString(), QStringLiteral("ready"));
        QCOMPARE(thread.value("turns").toArray().first().toObject().value("state").toString(),
                 QStringLiteral("completed"));
    }

    void given_streamed_reply_when_messages_printed_then_user_and_whole_assistant_text()
    {
        runWeft({"--db", m_db, "dispatch"}, jsonl(projectWithThreadAndTurn()));
        const CliResult r = runWeft({"--db", m_db, "messages", "t1"});
        QCOMPARE(r.exitCode, 0);
        const auto lines = r.jsonLines();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines.at(0).value("role").toString(), QStringLiteral("user"));
        QCOMPARE(lines.at(0).value("text").toString(), QStringLiteral("build"));
        QCOMPARE(lines.at(1).value("role").toString(), QStringLiteral("assistant"));
        QCOMPARE(lines.at(1).value("text").toString(), QStringLiteral("Hello, world"));
        QCOMPARE(lines.at(1).value("streaming").toBool(), false);
        QCOMPARE(runWeft({"--db", m_db, "messages", "t1", "--limit", "1"}).jsonLines().size(), 1);
    }

    void given_garbage_file_when_opened_then_exit_2_one_line_error_and_file_untouched()
    {
        QFile file(m_db);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, '\x5a'));
        file.close();
        const QByteArray before = sha256(m_db);

        const CliResult r = runWeft({"--db", m_db, "dispatch"}, jsonl(projectWithThreadAndTurn()));

        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY(!r.err.trimmed().isEmpty());
        QCOMPARE(sha256(m_db), before);
    }

    void given_database_of_newer_weft_when_opened_then_exit_2_and_file_untouched()
    {
        QCOMPARE(runWeft({"--db", m_db, "dispatch"}, jsonl(projectWithThreadAndTurn())).exitCode,
                 0);
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
            db.setDatabaseName(m_db);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")));
            QVERIFY(q.next());
            const int version = q.value(0).toInt();
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1)));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bump"));
        const QByteArray before = sha256(m_db);

        const CliResult r = runWeft({"--db", m_db, "state"});

        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("newer"));
        QCOMPARE(sha256(m_db), before);
    }

    void given_unknown_subcommand_when_run_then_exit_2_with_hint()
    {
        const CliResult r = runWeft({"--db", m_db, "frobnicate"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command"));
    }

    void given_version_flag_when_run_then_prints_version()
    {
        const CliResult r = runWeft({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("weft "));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "tst_cli.moc"

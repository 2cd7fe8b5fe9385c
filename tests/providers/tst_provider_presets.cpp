// The pure parts of providers: presets, template expansion, the factory, outcome mapping.

#include "backend/providers/CommandSession.h"
#include "backend/providers/ProcessProvider.h"
#include "backend/providers/ProviderFactory.h"
#include "backend/providers/ProviderPresets.h"
#include "backend/providers/ShellProvider.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;

namespace {

TurnRequest request(const QString &text)
{
    return {QStringLiteral("t1"), QStringLiteral("turn-1"), text, QStringLiteral("/work/p")};
}

ProcessResult exited(int code, QStringList tail = {}, StopCause cause = StopCause::None,
                     bool crashed = false)
{
    ProcessExit exit;
    exit.exitCode = code;
    exit.crashed = crashed;
    exit.stoppedBy = cause;
    exit.stderrTail = std::move(tail);
    return exit;
}

} // namespace

class ProviderPresetsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_nothing_when_built_ins_then_claude_codex_and_shell_are_there()
    {
        const ProviderPresets presets = ProviderPresets::builtIns();
        QCOMPARE(presets.names(), (QStringList {"claude", "codex", "shell"}));
        QCOMPARE(presets.find(QStringLiteral("claude")),
                 (ProviderSpec {QStringLiteral("process"), {"claude", "-p", "{message}"}}));
        QCOMPARE(presets.find(QStringLiteral("codex")),
                 (ProviderSpec {QStringLiteral("process"), {"codex", "exec", "{message}"}}));
        QCOMPARE(presets.find(QStringLiteral("shell")),
                 (ProviderSpec {QStringLiteral("shell"), {}}));
        QVERIFY(!presets.find(QStringLiteral("gemini")));
    }

    void given_presets_when_round_tripped_through_json_then_equal()
    {
        ProviderPresets presets = ProviderPresets::builtIns();
        presets.insert(QStringLiteral("aider"),
                       {QStringLiteral("process"), {"aider", "--message", "{message}"}});
        const auto back = ProviderPresets::fromJson(presets.toJson());
        QVERIFY(back);
        QCOMPARE(*back, presets);
    }

    void given_malformed_json_when_read_then_error_names_the_preset_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not an object") << QByteArray(R"({"x": 3})");
        QTest::newRow("no kind") << QByteArray(R"({"x": {"commandTemplate": ["a"]}})");
        QTest::newRow("template not array")
            << QByteArray(R"({"x": {"kind": "process", "commandTemplate": "a b"}})");
        QTest::newRow("template non-string")
            << QByteArray(R"({"x": {"kind": "process", "commandTemplate": ["a", 1]}})");
    }
    void given_malformed_json_when_read_then_error_names_the_preset()
    {
        QFETCH(QByteArray, json);
        const auto presets = ProviderPresets::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!presets);
        QCOMPARE(presets.error().code, ProviderError::Code::InvalidPresets);
        QVERIFY2(presets.error().message.contains(QStringLiteral("\"x\"")),
                 qPrintable(presets.error().message));
    }

    void given_presets_file_when_loaded_then_it_overlays_the_built_ins()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("presets.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"claude": {"kind": "process", "commandTemplate": ["claude", "--print", "{message}"]},
                       "mine": {"kind": "shell"}})");
        file.close();
        const auto presets = ProviderPresets::loadFile(path);
        QVERIFY(presets);
        QCOMPARE(presets->find(QStringLiteral("claude"))->commandTemplate,
                 (QStringList {"claude", "--print", "{message}"}));
        QVERIFY(presets->find(QStringLiteral("codex")));
        QCOMPARE(presets->find(QStringLiteral("mine"))->kind, QStringLiteral("shell"));
    }

    void given_missing_presets_file_when_loaded_then_built_ins()
    {
        QTemporaryDir dir;
        const auto presets = ProviderPresets::loadFile(dir.filePath(QStringLiteral("none.json")));
        QVERIFY(presets);
        QCOMPARE(*presets, ProviderPresets::builtIns());
    }

    void given_presets_saved_to_settings_when_read_back_then_equal()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("weft.ini")), QSettings::IniFormat);
        ProviderPresets presets = ProviderPresets::builtIns();
        presets.insert(QStringLiteral("make"), {QStringLiteral("process"), {"make", "{message}"}});
        presets.saveTo(settings);
        const auto back = ProviderPresets::fromSettings(settings);
        QVERIFY(back);
        QCOMPARE(*back, presets);
    }

    void given_template_when_expanded_then_message_is_one_whole_argument()
    {
        const QString message = QStringLiteral("fix the bug; rm -rf / \"now\" $HOME {cwd}");
        const QStringList argv = expandCommandTemplate(
            {"claude", "-p", "{message}", "--cwd={cwd}", "{unknown}", "{threadId}/{turnId}"},
            request(message));
        QCOMPARE(
            argv,
            (QStringList {"claude", "-p", message, "--cwd=/work/p", "{unknown}", "t1/turn-1"}));
    }

    void given_shell_provider_when_argv_then_sh_c_message()
    {
        QCOMPARE(ShellProvider::argvFor(request(QStringLiteral("make test && echo ok"))),
                 (QStringList {"/bin/sh", "-c", "make test && echo ok"}));
    }

    void given_spec_when_provider_made_then_kind_matches_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("commandTemplate");
        QTest::addColumn<QString>("expectedKind");
        QTest::newRow("process") << "process" << QStringList {"x", "{message}"} << "process";
        QTest::newRow("shell") << "shell" << QStringList {} << "shell";
        QTest::newRow("preset claude") << "claude" << QStringList {} << "process";
        QTest::newRow("preset shell") << "shell" << QStringList {} << "shell";
    }
    void given_spec_when_provider_made_then_kind_matches()
    {
        QFETCH(QString, kind);
        QFETCH(QStringList, commandTemplate);
        QFETCH(QString, expectedKind);
        const auto provider
            = makeProvider({kind, commandTemplate}, ProviderPresets::builtIns(), {});
        QVERIFY(provider);
        QCOMPARE((*provider)->kind(), expectedKind);
    }

    void given_preset_name_when_provider_made_then_preset_template_is_used()
    {
        const auto provider
            = makeProvider({QStringLiteral("codex"), {}}, ProviderPresets::builtIns(), {});
        QVERIFY(provider);
        const auto *process = dynamic_cast<const ProcessProvider *>(provider->get());
        QVERIFY(process);
        QCOMPARE(process->commandTemplate(), (QStringList {"codex", "exec", "{message}"}));
    }

    void given_unknown_kind_when_provider_made_then_clear_error()
    {
        const auto provider
            = makeProvider({QStringLiteral("telepathy"), {}}, ProviderPresets::builtIns(), {});
        QVERIFY(!provider);
        QCOMPARE(provider.error().code, ProviderError::Code::UnknownKind);
        QCOMPARE(provider.error().message, QStringLiteral("unknown provider kind \"telepathy\""));
    }

    void given_process_kind_without_template_when_provider_made_then_error()
    {
        const auto provider
            = makeProvider({QStringLiteral("process"), {}}, ProviderPresets::builtIns(), {});
        QVERIFY(!provider);
        QCOMPARE(provider.error().code, ProviderError::Code::InvalidTemplate);
    }

    void given_exit_zero_when_mapped_then_completed()
    {
        const TurnResult turn = CommandSession::turnResultOf(exited(0));
        QCOMPARE(turn.outcome, TurnOutcome::Completed);
        QCOMPARE(turn.exitCode, std::optional<int>(0));
        QVERIFY(!turn.error);
    }

    void given_nonzero_exit_when_mapped_then_error_with_code_and_last_stderr_lines()
    {
        const TurnResult turn
            = CommandSession::turnResultOf(exited(3, {"l1", "l2", "l3", "l4", "l5", "l6", "l7"}));
        QCOMPARE(turn.outcome, TurnOutcome::Error);
        QCOMPARE(turn.exitCode, std::optional<int>(3));
        QCOMPARE(*turn.error, QStringLiteral("exited with status 3:\nl3\nl4\nl5\nl6\nl7"));
    }

    void given_stopped_by_weft_when_mapped_then_interrupted()
    {
        QCOMPARE(CommandSession::turnResultOf(exited(9, {}, StopCause::Interrupted, true)).outcome,
                 TurnOutcome::Interrupted);
        QCOMPARE(CommandSession::turnResultOf(exited(143, {}, StopCause::Terminated)).outcome,
                 TurnOutcome::Interrupted);
        QCOMPARE(CommandSession::turnResultOf(exited(15, {}, StopCause::TimedOut, true)).outcome,
                 TurnOutcome::Error);
    }

    void given_crash_when_mapped_then_error_names_the_signal()
    {
        const TurnResult turn = CommandSession::turnResultOf(exited(11, {}, StopCause::None, true));
        QCOMPARE(turn.outcome, TurnOutcome::Error);
        QVERIFY(!turn.exitCode);
        QCOMPARE(*turn.error, QStringLiteral("killed by signal 11"));
    }

    void given_start_failure_when_mapped_then_error_carries_the_message()
    {
        const TurnResult turn = CommandSession::turnResultOf(std::unexpected(ProcessError {
            ProcessError::Code::NotFound, QStringLiteral("command not found: claude")}));
        QCOMPARE(turn.outcome, TurnOutcome::Error);
        QCOMPARE(*turn.error, QStringLiteral("command not found: claude"));
    }
};

QTEST_GUILESS_MAIN(ProviderPresetsTest)
#include "tst_provider_presets.moc"

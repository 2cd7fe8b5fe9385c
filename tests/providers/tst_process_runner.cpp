// The process runner on real child processes: the fake agent streams, fails, ignores signals.

#include "backend/process/ProcessRunner.h"
#include "backend/process/Utf8Stream.h"

#include <QCoro/QCoroTask>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace backend;
using namespace std::chrono_literals;

namespace {

const QString kAgent = QStringLiteral(WEFT_FAKE_AGENT);

ProcessRunner::Options agent(QStringList actions)
{
    ProcessRunner::Options options;
    options.argv = QStringList {kAgent} + actions;
    return options;
}

/// Runs to the end and collects what the runner reported.
struct Run
{
    QString stdoutText;
    QStringList stdoutPieces;
    QStringList stderrLines;
    std::optional<ProcessResult> result;
};

Run runToEnd(ProcessRunner &runner)
{
    Run run;
    QObject::connect(&runner, &ProcessRunner::stdoutText, &runner, [&run](const QString &text) {
        run.stdoutText += text;
        run.stdoutPieces.append(text);
    });
    QObject::connect(&runner, &ProcessRunner::stderrLine, &runner,
                     [&run](const QString &line) { run.stderrLines.append(line); });
    run.result = QCoro::waitFor(runner.run());
    return run;
}

bool processAlive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

} // namespace

class ProcessRunnerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_streaming_agent_when_run_then_output_arrives_in_order_and_whole()
    {
        ProcessRunner runner(
            agent({QStringLiteral("stream"), QStringLiteral("20"), QStringLiteral("0.005")}));
        const Run run = runToEnd(runner);
        QVERIFY(run.result && run.result->has_value());
        QString expected;
        for (int i = 1; i <= 20; ++i)
            expected += QStringLiteral("chunk %1\n").arg(i);
        QCOMPARE(run.stdoutText, expected);
        QVERIFY((*run.result)->succeeded());
    }

    void given_multibyte_characters_split_across_writes_when_run_then_text_is_exact()
    {
        ProcessRunner runner(agent({QStringLiteral("utf8-split")}));
        const Run run = runToEnd(runner);
        QCOMPARE(run.stdoutText, QString::fromUtf8("€uro ✓ 🧵"));
        for (const QString &piece : run.stdoutPieces)
            QVERIFY(!piece.contains(QChar::ReplacementCharacter));
    }

    void given_any_split_of_the_bytes_when_decoded_in_pieces_then_text_equals_whole_decode()
    {
        const QByteArray bytes = QByteArrayLiteral("é€🧵x\xff") + QByteArray("ü✓");
        const QString whole = QString::fromUtf8(bytes);
        for (qsizetype first = 0; first <= bytes.size(); ++first) {
            for (qsizetype second = first; second <= bytes.size(); ++second) {
                Utf8StreamDecoder decoder;
                QString text = decoder.decode(QByteArrayView(bytes).first(first));
                text += decoder.decode(QByteArrayView(bytes).sliced(first, second - first));
                text += decoder.decode(QByteArrayView(bytes).sliced(second));
                text += decoder.finish();
                QCOMPARE(text, whole);
            }
        }
    }

    void given_output_ending_inside_a_character_when_run_then_the_cut_shows_as_replacement()
    {
        // "ok €" cut after the euro sign's second byte, on both streams.
        ProcessRunner::Options options;
        options.argv = QStringList {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                    QStringLiteral("printf 'ok \\342\\202'; "
                                                   "printf 'warn \\342\\202' >&2")};
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QVERIFY(run.result && run.result->has_value());
        // Each byte of the cut sequence becomes U+FFFD, as QString::fromUtf8 has it.
        QCOMPARE(run.stdoutText, QString::fromUtf8("ok \342\202"));
        QVERIFY(run.stdoutText.endsWith(QChar(QChar::ReplacementCharacter)));
        QCOMPARE(run.stderrLines, QStringList {QString::fromUtf8("warn \342\202")});
    }

    void given_malformed_bytes_in_the_middle_when_run_then_each_is_replaced_and_the_rest_kept()
    {
        ProcessRunner::Options options;
        options.argv = QStringList {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                    QStringLiteral("printf 'a\\377b\\342\\202\\254'")};
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QCOMPARE(run.stdoutText,
                 QStringLiteral("a") + QChar(QChar::ReplacementCharacter)
                     + QString::fromUtf8("b€"));
    }

    void given_stdout_interval_when_streaming_then_pieces_are_batched_and_whole()
    {
        auto options
            = agent({QStringLiteral("stream"), QStringLiteral("30"), QStringLiteral("0.005")});
        options.stdoutInterval = 100ms;
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QString expected;
        for (int i = 1; i <= 30; ++i)
            expected += QStringLiteral("chunk %1\n").arg(i);
        QCOMPARE(run.stdoutText, expected);
        QVERIFY2(run.stdoutPieces.size() < 30,
                 qPrintable(QString::number(run.stdoutPieces.size())));
    }

    void given_fast_output_when_streaming_then_pieces_are_bounded_by_the_batch_limit()
    {
        // 4 MiB as fast as the child can write; an interval long enough that without the
        // limit everything after the first read would arrive in one piece at the end.
        ProcessRunner::Options options;
        options.argv = {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                        QStringLiteral("yes 'naïve ✓ 🧵' | head -c 4194304")};
        options.stdoutInterval = std::chrono::hours(1);
        options.stdoutBatchLimit = 64 * 1024;
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QVERIFY(run.result && run.result->has_value());
        QCOMPARE(run.stdoutText.toUtf8().size(), 4194304);
        QVERIFY(run.stdoutText.toUtf8().startsWith("naïve ✓ 🧵\nnaïve"));
        QVERIFY2(run.stdoutPieces.size() >= 3,
                 qPrintable(QString::number(run.stdoutPieces.size())));
        // The first piece goes at once, the last at the end; the ones between waited for the limit.
        for (qsizetype i = 1; i + 1 < run.stdoutPieces.size(); ++i)
            QVERIFY(run.stdoutPieces.at(i).size() >= options.stdoutBatchLimit);
        for (const QString &piece : run.stdoutPieces)
            QVERIFY(!piece.contains(QChar::ReplacementCharacter));
    }

    void given_exit_status_when_run_then_result_carries_it_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("zero") << 0;
        QTest::newRow("three") << 3;
        QTest::newRow("hundred") << 100;
    }
    void given_exit_status_when_run_then_result_carries_it()
    {
        QFETCH(int, code);
        ProcessRunner runner(agent({QStringLiteral("exit"), QString::number(code)}));
        const Run run = runToEnd(runner);
        QVERIFY(run.result && run.result->has_value());
        QCOMPARE((*run.result)->exitCode, code);
        QCOMPARE((*run.result)->crashed, false);
        QCOMPARE((*run.result)->succeeded(), code == 0);
    }

    void given_stderr_output_when_run_then_lines_arrive_and_tail_is_kept()
    {
        auto options
            = agent({QStringLiteral("stderr"), QStringLiteral("first"), QStringLiteral("stderr"),
                     QStringLiteral("second"), QStringLiteral("stderr"), QStringLiteral("third"),
                     QStringLiteral("exit"), QStringLiteral("2")});
        options.stderrTailLines = 2;
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QCOMPARE(run.stderrLines, (QStringList {"first", "second", "third"}));
        QCOMPARE((*run.result)->stderrTail, (QStringList {"second", "third"}));
        QCOMPARE((*run.result)->exitCode, 2);
    }

    void given_arguments_with_shell_syntax_when_run_then_they_arrive_verbatim()
    {
        const QStringList args {QStringLiteral("two words"), QStringLiteral("$HOME; rm -rf x"),
                                QStringLiteral("'quoted' \"too\""), QStringLiteral("`id`")};
        ProcessRunner runner(agent(QStringList {QStringLiteral("args")} + args));
        const Run run = runToEnd(runner);
        QCOMPARE(run.stdoutText, args.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }

    void given_working_directory_when_run_then_process_runs_there()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto options = agent({QStringLiteral("pwd")});
        options.workingDirectory = dir.path();
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QCOMPARE(QFileInfo(run.stdoutText.trimmed()).canonicalFilePath(),
                 QFileInfo(dir.path()).canonicalFilePath());
    }

    void given_missing_binary_when_run_then_command_not_found()
    {
        ProcessRunner::Options options;
        options.argv = QStringList {QStringLiteral("weft-no-such-agent-xyz"), QStringLiteral("-p")};
        ProcessRunner runner(options);
        QSignalSpy finished(&runner, &ProcessRunner::finished);
        const Run run = runToEnd(runner);
        QVERIFY(run.result && !run.result->has_value());
        QCOMPARE(run.result->error().code, ProcessError::Code::NotFound);
        QCOMPARE(run.result->error().message,
                 QStringLiteral("command not found: weft-no-such-agent-xyz"));
        QCOMPARE(finished.size(), 1);
    }

    void given_program_found_once_when_removed_or_installed_then_next_start_sees_the_change()
    {
        QTemporaryDir bin;
        QVERIFY(bin.isValid());
        const QString tool = bin.filePath(QStringLiteral("weft-probe-tool"));
        const auto install = [&](const QByteArray &body) {
            QFile file(tool);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write("#!/bin/sh\n" + body + "\n");
            file.close();
            QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
        };
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), bin.path());
        const auto runTool = [&] {
            ProcessRunner::Options options;
            options.argv = QStringList {QStringLiteral("weft-probe-tool")};
            options.environment = env;
            ProcessRunner runner(options);
            return runToEnd(runner);
        };

        install("echo one");
        const Run first = runTool();
        QVERIFY(first.result && first.result->has_value());
        QCOMPARE(first.stdoutText, QStringLiteral("one\n"));

        QVERIFY(QFile::remove(tool));
        const Run gone = runTool();
        QVERIFY(gone.result && !gone.result->has_value());
        QCOMPARE(gone.result->error().code, ProcessError::Code::NotFound);

        install("echo two");
        const Run back = runTool();
        QVERIFY(back.result && back.result->has_value());
        QCOMPARE(back.stdoutText, QStringLiteral("two\n"));
    }

    void given_missing_working_directory_when_run_then_clear_error()
    {
        QTemporaryDir dir;
        auto options = agent({QStringLiteral("pwd")});
        options.workingDirectory = dir.filePath(QStringLiteral("gone"));
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QVERIFY(run.result && !run.result->has_value());
        QCOMPARE(run.result->error().code, ProcessError::Code::WorkingDirectoryMissing);
        QVERIFY(run.result->error().message.contains(QStringLiteral("gone")));
    }

    void given_agent_that_exits_on_sigint_when_interrupted_then_it_ends_as_interrupted()
    {
        ProcessRunner runner(
            agent({QStringLiteral("on-int-exit"), QStringLiteral("130"), QStringLiteral("say"),
                   QStringLiteral("ready"), QStringLiteral("sleep"), QStringLiteral("30")}));
        QSignalSpy output(&runner, &ProcessRunner::stdoutText);
        QSignalSpy finished(&runner, &ProcessRunner::finished);
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(!output.isEmpty(), 10'000);
        runner.interrupt();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10'000);
        const auto result = finished.at(0).at(0).value<ProcessResult>();
        QVERIFY(result.has_value());
        QCOMPARE(result->stoppedBy, StopCause::Interrupted);
        QCOMPARE(result->exitCode, 130);
    }

    void given_agent_ignoring_sigint_and_sigterm_when_interrupted_then_killed_within_3s()
    {
        ProcessRunner runner(
            agent({QStringLiteral("ignore-signals"), QStringLiteral("say"), QStringLiteral("ready"),
                   QStringLiteral("sleep"), QStringLiteral("60")}));
        QSignalSpy output(&runner, &ProcessRunner::stdoutText);
        QSignalSpy finished(&runner, &ProcessRunner::finished);
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(!output.isEmpty(), 10'000);
        const qint64 pid = runner.processId();
        // "Within 3 s" is a property of the escalation, checked on its configuration: wall-clock
        // assertions fail on loaded machines. That the escalation really reached SIGKILL is
        // checked on the result below.
        const ProcessRunner::Options defaults;
        QVERIFY(defaults.interruptGrace + defaults.terminateGrace < 3s);
        runner.interrupt();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10'000);
        const auto result = finished.at(0).at(0).value<ProcessResult>();
        QVERIFY(result.has_value());
        QCOMPARE(result->stoppedBy, StopCause::Interrupted);
        QVERIFY(result->crashed);
        QCOMPARE(result->exitCode, SIGKILL);
        QVERIFY(!processAlive(pid));
    }

    void given_timeout_when_it_elapses_then_process_is_terminated_as_timed_out()
    {
        auto options = agent({QStringLiteral("sleep"), QStringLiteral("30")});
        options.timeout = 200ms;
        options.terminateGrace = 200ms;
        ProcessRunner runner(options);
        const Run run = runToEnd(runner);
        QVERIFY(run.result && run.result->has_value());
        QCOMPARE((*run.result)->stoppedBy, StopCause::TimedOut);
        QVERIFY(!(*run.result)->succeeded());
    }

    void given_running_process_when_runner_destroyed_then_process_is_killed()
    {
        auto runner = std::make_unique<ProcessRunner>(
            agent({QStringLiteral("ignore-signals"), QStringLiteral("say"), QStringLiteral("ready"),
                   QStringLiteral("sleep"), QStringLiteral("60")}));
        QSignalSpy output(runner.get(), &ProcessRunner::stdoutText);
        runner->start();
        QTRY_VERIFY_WITH_TIMEOUT(!output.isEmpty(), 10'000);
        const qint64 pid = runner->processId();
        QVERIFY(processAlive(pid));
        runner.reset();
        QVERIFY(!processAlive(pid));
    }
};

QTEST_GUILESS_MAIN(ProcessRunnerTest)
#include "tst_process_runner.moc"

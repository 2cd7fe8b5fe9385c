// Terminals: the libvterm screen on its own, and the PtyTerminalManager running /bin/sh on a
// real pseudo-terminal.

#include "backend/terminal/PtyTerminalManager.h"
#include "backend/terminal/TerminalScreen.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace backend;
using namespace backend::terminal;

namespace {

constexpr int kTimeout = 15'000;

/// A manager plus everything it published.
struct Terminals
{
    PtyTerminalManager manager;
    QList<AppEvent::TerminalEvent> events;
    QTemporaryDir dir;
    Publish publish = [this](AppEvent event) {
        if (auto *e = std::get_if<AppEvent::TerminalEvent>(&event.value))
            events.append(*e);
    };

    void send(const QString &action, QJsonObject params = {},
              const QString &terminalId = QStringLiteral("term-1"),
              const QString &threadId = QStringLiteral("t1"))
    {
        manager.handle(TerminalRequest {action + QStringLiteral("-req"), threadId, terminalId,
                                        action, std::move(params)},
                       publish);
    }

    void openShell(int cols = 80, int rows = 24,
                   const QString &terminalId = QStringLiteral("term-1"),
                   const QString &threadId = QStringLiteral("t1"))
    {
        send(QStringLiteral("open"),
             {{QStringLiteral("cwd"), dir.path()},
              {QStringLiteral("cols"), cols},
              {QStringLiteral("rows"), rows},
              {QStringLiteral("shell"), QJsonArray {QStringLiteral("/bin/sh")}},
              {QStringLiteral("env"), QJsonObject {{QStringLiteral("PS1"), QStringLiteral("$ ")}}}},
             terminalId, threadId);
    }

    [[nodiscard]] QList<AppEvent::TerminalEvent> ofKind(const QString &kind) const
    {
        QList<AppEvent::TerminalEvent> out;
        for (const auto &e : events)
            if (e.kind == kind)
                out.append(e);
        return out;
    }

    [[nodiscard]] QStringList screenLines() const
    {
        const TerminalSession *s = manager.session(QStringLiteral("t1"), QStringLiteral("term-1"));
        return s ? s->screen().lines() : QStringList();
    }

    [[nodiscard]] QString screenText() const { return screenLines().join(u'\n'); }
};

} // namespace

class TerminalTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_screen_when_text_fed_then_lines_and_cursor_follow()
    {
        TerminalScreen screen(5, 20);
        screen.feed("hello\r\nworld");
        QCOMPARE(screen.lineText(0), QStringLiteral("hello"));
        QCOMPARE(screen.lineText(1), QStringLiteral("world"));
        QCOMPARE(screen.cursor().row, 1);
        QCOMPARE(screen.cursor().column, 5);
    }

    void given_screen_when_colour_escape_fed_then_cell_has_the_colour_and_attributes()
    {
        TerminalScreen screen(5, 20);
        screen.feed("\x1b[1;31mR\x1b[0m\x1b[48;2;1;2;3mB");
        const TerminalCell red = screen.cell(0, 0);
        QCOMPARE(red.text, QStringLiteral("R"));
        QVERIFY(red.bold);
        QVERIFY(!red.defaultForeground);
        QVERIFY(((red.foreground >> 16) & 0xff) > 0x80);
        QVERIFY((red.foreground & 0xff) < 0x80);
        const TerminalCell onRgb = screen.cell(0, 1);
        QCOMPARE(onRgb.background, quint32(0x010203));
        QVERIFY(!onRgb.bold);
        QVERIFY(onRgb.defaultForeground);
    }

    void given_multibyte_text_split_across_feeds_when_fed_then_characters_are_whole()
    {
        TerminalScreen screen(3, 20);
        const QByteArray text = QStringLiteral("héllo ✓").toUtf8();
        screen.feed(text.left(2));
        screen.feed(text.mid(2));
        QCOMPARE(screen.lineText(0), QStringLiteral("héllo ✓"));
    }

    void given_more_lines_than_rows_when_fed_then_the_top_lines_go_to_scrollback()
    {
        TerminalScreen screen(4, 20);
        for (int i = 0; i < 10; ++i)
            screen.feed(QStringLiteral("line %1\r\n").arg(i).toUtf8());
        QCOMPARE(screen.scrollbackSize(), 7);
        QCOMPARE(screen.scrollbackText(0), QStringLiteral("line 0"));
        QCOMPARE(screen.lineText(0), QStringLiteral("line 7"));
    }

    void given_endless_output_when_fed_then_scrollback_keeps_the_newest_5000_lines()
    {
        TerminalScreen screen(2, 20);
        QByteArray bytes;
        for (int i = 0; i < 6000; ++i)
            bytes += QStringLiteral("%1\r\n").arg(i).toUtf8();
        screen.feed(bytes);
        QCOMPARE(screen.scrollbackSize(), TerminalScreen::kMaxScrollback);
        QCOMPARE(screen.scrollbackText(screen.scrollbackSize() - 1), QStringLiteral("5998"));
    }

    void given_screen_when_cleared_then_screen_and_scrollback_are_empty()
    {
        TerminalScreen screen(2, 20);
        screen.feed("a\r\nb\r\nc\r\n");
        screen.clear();
        QCOMPARE(screen.scrollbackSize(), 0);
        QCOMPARE(screen.lines(), (QStringList {QString(), QString()}));
    }

    void given_lines_scrolling_off_when_counted_then_the_count_follows_them_until_a_clear()
    {
        TerminalScreen screen(3, 20);
        screen.feed("a\r\nb\r\nc\r\nd\r\ne");
        QCOMPARE(screen.linesScrolledOff(), 2);
        screen.resize(4, 20); // taller: the newest scrollback line comes back onto the screen
        QCOMPARE(screen.linesScrolledOff(), 1);
        QCOMPARE(screen.scrollbackSize(), 1);
        screen.clear();
        QCOMPARE(screen.linesScrolledOff(), 0);
    }

    void given_wide_character_when_line_read_then_it_counts_once()
    {
        TerminalScreen screen(2, 10);
        screen.feed(QStringLiteral("中x").toUtf8());
        QCOMPARE(screen.cell(0, 0).width, 2);
        QCOMPARE(screen.lineText(0), QStringLiteral("中x"));
        QVERIFY(TerminalScreen::continuesWideCharacter(screen.row(0), 1));
        QVERIFY(!TerminalScreen::continuesWideCharacter(screen.row(0), 2));
    }

    void given_program_asking_for_bracketed_paste_when_asked_then_the_screen_says_so()
    {
        TerminalScreen screen(2, 10);
        QByteArray answered;
        screen.onOutput = [&answered](const QByteArray &bytes) { answered += bytes; };
        QVERIFY(!screen.bracketedPaste());
        screen.feed("\x1b[?2004h");
        QVERIFY(screen.bracketedPaste());
        screen.feed("\x1b[?2004l");
        QVERIFY(!screen.bracketedPaste());
        QVERIFY2(answered.isEmpty(), "asking sends the program nothing");
    }

    void given_open_shell_when_echo_hello_written_then_screen_shows_hello()
    {
        Terminals t;
        t.openShell();
        QCOMPARE(t.ofKind(QStringLiteral("opened")).size(), 1);
        QCOMPARE(t.ofKind(QStringLiteral("opened")).first().requestId, QStringLiteral("open-req"));

        t.send(QStringLiteral("write"),
               {{QStringLiteral("data"), QStringLiteral("echo hel''lo\n")}});

        // The echoed command line reads "echo hel''lo" (the pty may echo it before the prompt
        // appears); only the command's output contains "hello".
        QTRY_VERIFY2_WITH_TIMEOUT(t.screenText().contains(QStringLiteral("hello")),
                                  qPrintable(t.screenText()), kTimeout);
        QVERIFY(!t.ofKind(QStringLiteral("output")).isEmpty());
        QVERIFY(t.ofKind(QStringLiteral("error")).isEmpty());
    }

    void given_open_shell_when_resized_then_the_program_sees_the_new_size()
    {
        Terminals t;
        t.openShell(80, 24);
        t.send(QStringLiteral("resize"),
               {{QStringLiteral("cols"), 100}, {QStringLiteral("rows"), 30}});
        QCOMPARE(t.ofKind(QStringLiteral("resized")).size(), 1);
        const TerminalSession *s
            = t.manager.session(QStringLiteral("t1"), QStringLiteral("term-1"));
        QCOMPARE(s->screen().columns(), 100);
        QCOMPARE(s->screen().rows(), 30);

        t.send(QStringLiteral("write"), {{QStringLiteral("data"), QStringLiteral("stty size\n")}});

        QTRY_VERIFY2_WITH_TIMEOUT(t.screenText().contains(QStringLiteral("30 100")),
                                  qPrintable(t.screenText()), kTimeout);
    }

    void given_open_shell_when_it_exits_then_exited_event_carries_the_code()
    {
        Terminals t;
        t.openShell();
        t.send(QStringLiteral("write"), {{QStringLiteral("data"), QStringLiteral("exit 3\n")}});

        QTRY_COMPARE_WITH_TIMEOUT(t.ofKind(QStringLiteral("exited")).size(), 1, kTimeout);
        const auto exited = t.ofKind(QStringLiteral("exited")).first();
        QCOMPARE(exited.data.value(QStringLiteral("exitCode")).toInt(), 3);
        QCOMPARE(exited.threadId, QStringLiteral("t1"));
        QCOMPARE(exited.terminalId, QStringLiteral("term-1"));
        QVERIFY(!t.manager.session(QStringLiteral("t1"), QStringLiteral("term-1"))->isRunning());

        t.send(QStringLiteral("write"), {{QStringLiteral("data"), QStringLiteral("echo\n")}});
        QCOMPARE(t.ofKind(QStringLiteral("error")).last().code, QStringLiteral("not_running"));
    }

    void given_exited_shell_when_restarted_then_it_runs_again()
    {
        Terminals t;
        t.openShell();
        t.send(QStringLiteral("write"), {{QStringLiteral("data"), QStringLiteral("exit\n")}});
        QTRY_COMPARE_WITH_TIMEOUT(t.ofKind(QStringLiteral("exited")).size(), 1, kTimeout);

        t.send(QStringLiteral("restart"));

        QCOMPARE(t.ofKind(QStringLiteral("opened")).size(), 2);
        const TerminalSession *s
            = t.manager.session(QStringLiteral("t1"), QStringLiteral("term-1"));
        QVERIFY(s && s->isRunning());
        t.send(QStringLiteral("write"),
               {{QStringLiteral("data"), QStringLiteral("echo ag''ain\n")}});
        QTRY_VERIFY2_WITH_TIMEOUT(t.screenText().contains(QStringLiteral("again")),
                                  qPrintable(t.screenText()), kTimeout);
    }

    void given_write_over_64_kib_when_sent_then_too_large_error_and_nothing_written()
    {
        Terminals t;
        t.openShell();
        t.send(QStringLiteral("write"),
               {{QStringLiteral("data"), QString(TerminalSession::kMaxWrite + 1, u'x')}});
        QCOMPARE(t.ofKind(QStringLiteral("error")).size(), 1);
        QCOMPARE(t.ofKind(QStringLiteral("error")).first().code, QStringLiteral("too_large"));
    }

    void given_missing_folder_when_opened_then_cwd_missing_error()
    {
        Terminals t;
        t.send(QStringLiteral("open"),
               {{QStringLiteral("cwd"), QStringLiteral("/nonexistent/weft")}});
        QCOMPARE(t.ofKind(QStringLiteral("error")).first().code, QStringLiteral("cwd_missing"));
        QVERIFY(!t.manager.session(QStringLiteral("t1"), QStringLiteral("term-1")));
    }

    void given_no_terminal_when_written_then_not_open_error()
    {
        Terminals t;
        t.send(QStringLiteral("write"), {{QStringLiteral("data"), QStringLiteral("x")}});
        QCOMPARE(t.ofKind(QStringLiteral("error")).first().code, QStringLiteral("not_open"));
    }

    void given_open_shell_when_cleared_then_screen_is_blank()
    {
        Terminals t;
        t.openShell();
        t.send(QStringLiteral("write"),
               {{QStringLiteral("data"), QStringLiteral("echo mar''ker\n")}});
        QTRY_VERIFY_WITH_TIMEOUT(t.screenText().contains(QStringLiteral("marker")), kTimeout);
        t.send(QStringLiteral("clear"));
        QCOMPARE(t.ofKind(QStringLiteral("cleared")).size(), 1);
        QVERIFY(!t.screenText().contains(QStringLiteral("marker")));
    }

    void given_terminals_of_two_threads_when_one_thread_closes_then_only_its_terminals_close()
    {
        Terminals t;
        t.openShell(80, 24, QStringLiteral("a"), QStringLiteral("t1"));
        t.openShell(80, 24, QStringLiteral("b"), QStringLiteral("t1"));
        t.openShell(80, 24, QStringLiteral("c"), QStringLiteral("t2"));

        t.manager.closeThread(QStringLiteral("t1"), t.publish);

        QCOMPARE(t.ofKind(QStringLiteral("closed")).size(), 2);
        QVERIFY(!t.manager.session(QStringLiteral("t1"), QStringLiteral("a")));
        QVERIFY(!t.manager.session(QStringLiteral("t1"), QStringLiteral("b")));
        QVERIFY(t.manager.session(QStringLiteral("t2"), QStringLiteral("c")));
    }

    void given_open_shell_when_closed_then_closed_and_gone()
    {
        Terminals t;
        t.openShell();
        t.send(QStringLiteral("close"));
        QCOMPARE(t.ofKind(QStringLiteral("closed")).size(), 1);
        QVERIFY(!t.manager.session(QStringLiteral("t1"), QStringLiteral("term-1")));
    }
};

QTEST_GUILESS_MAIN(TerminalTest)
#include "tst_terminal.moc"

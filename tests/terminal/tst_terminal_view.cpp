// What a terminal view shows of a screen: scrolling back, selecting across the scrollback, the
// colours of cells, and how pasted text is cut into writes.

#include "backend/terminal/TerminalSession.h"
#include "frontend/TerminalModel.h"
#include "frontend/TerminalViewport.h"

#include <QTest>

using backend::terminal::TerminalScreen;
using backend::terminal::TerminalSession;
using frontend::TerminalModel;
using frontend::TerminalPoint;
using frontend::TerminalViewport;

namespace {

/// Feeds the numbers from `from` on, `count` of them, a line each.
void feedNumbers(TerminalScreen &screen, int from, int count)
{
    QByteArray bytes;
    for (int i = from; i < from + count; ++i)
        bytes += QByteArray::number(i) + "\r\n";
    screen.feed(bytes);
}

} // namespace

class TerminalViewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_printf_red_fed_when_the_view_updates_then_the_cell_is_red()
    {
        TerminalScreen screen(3, 20);
        TerminalViewport view(screen);
        screen.feed("\x1b[31mred\x1b[0m plain");
        view.update();
        const auto cells = view.visibleCells(0);
        QCOMPARE(cells.at(0).text, QStringLiteral("r"));
        QVERIFY(!cells.at(0).defaultForeground);
        QVERIFY2(((cells.at(2).foreground >> 16) & 0xff) > 0x80
                     && ((cells.at(2).foreground >> 8) & 0xff) < 0x40,
                 qPrintable(QString::number(cells.at(2).foreground, 16)));
        QVERIFY(cells.at(4).defaultForeground); // after the reset
    }

    void given_scrollback_when_scrolled_past_either_end_then_the_offset_is_clamped()
    {
        TerminalScreen screen(4, 20);
        TerminalViewport view(screen);
        feedNumbers(screen, 0, 10); // 7 lines scroll off; the cursor sits on an empty last row
        view.update();
        QCOMPARE(view.scrollbackSize(), 7);
        QVERIFY(view.scrollTo(100));
        QCOMPARE(view.scrollOffset(), 7);
        QCOMPARE(view.visibleLines().first(), QStringLiteral("0"));
        QVERIFY(!view.scrollBy(1));
        QVERIFY(view.scrollTo(-5));
        QCOMPARE(view.scrollOffset(), 0);
        QCOMPARE(view.visibleLines().first(), QStringLiteral("7"));
    }

    void given_view_scrolled_back_when_output_arrives_then_it_keeps_showing_the_same_lines()
    {
        TerminalScreen screen(4, 20);
        TerminalViewport view(screen);
        feedNumbers(screen, 0, 20);
        view.update();
        view.scrollBy(5);
        const QStringList shown = view.visibleLines();
        feedNumbers(screen, 20, 3);
        view.update();
        QCOMPARE(view.scrollOffset(), 8);
        QCOMPARE(view.visibleLines(), shown);
    }

    void given_view_at_the_bottom_when_output_arrives_then_it_follows_the_output()
    {
        TerminalScreen screen(4, 20);
        TerminalViewport view(screen);
        feedNumbers(screen, 0, 20);
        view.update();
        feedNumbers(screen, 20, 3);
        view.update();
        QCOMPARE(view.scrollOffset(), 0);
        QCOMPARE(view.visibleLines().first(), QStringLiteral("20"));
    }

    void given_selection_from_scrollback_into_the_screen_when_read_then_lines_join_in_order()
    {
        TerminalScreen screen(3, 20);
        TerminalViewport view(screen);
        feedNumbers(screen, 100, 5); // 100–102 in the scrollback, 103 and 104 on the screen
        screen.feed("tail");
        view.update();
        QCOMPARE(view.scrollbackSize(), 3);
        // From the middle of "101" (scrollback line 1) to after "ta" on the screen's last row
        // (line 5), given back to front as a drag upwards gives it.
        view.select(TerminalPoint {5, 2}, TerminalPoint {1, 1});
        QVERIFY(view.hasSelection());
        QCOMPARE(view.selectedText(), QStringLiteral("01\n102\n103\n104\nta"));
        QCOMPARE(view.selectedColumns(1), (std::pair {1, 20}));
        QCOMPARE(view.selectedColumns(5), (std::pair {0, 2}));
        QCOMPARE(view.selectedColumns(0), (std::pair {0, 0}));
    }

    void given_selection_when_more_output_scrolls_it_up_then_it_stays_on_its_text()
    {
        TerminalScreen screen(3, 20);
        TerminalViewport view(screen);
        feedNumbers(screen, 0, 4);
        view.update();
        view.select(TerminalPoint {1, 0}, TerminalPoint {2, 1}); // "1\n2"
        feedNumbers(screen, 4, 6);
        view.update();
        QCOMPARE(view.selectedText(), QStringLiteral("1\n2"));
    }

    void given_equal_ends_when_selected_then_nothing_is_selected()
    {
        TerminalScreen screen(3, 20);
        TerminalViewport view(screen);
        screen.feed("text");
        view.update();
        view.select(TerminalPoint {0, 2}, TerminalPoint {0, 2});
        QVERIFY(!view.hasSelection());
        QCOMPARE(view.selectedText(), QString());
        view.extendSelection(TerminalPoint {0, 4});
        QCOMPARE(view.selectedText(), QStringLiteral("xt"));
    }

    void given_wide_character_when_selection_starts_in_its_right_half_then_it_is_left_out()
    {
        TerminalScreen screen(2, 10);
        TerminalViewport view(screen);
        screen.feed(QStringLiteral("a中b").toUtf8());
        view.update();
        view.select(TerminalPoint {0, 0}, TerminalPoint {0, 4});
        QCOMPARE(view.selectedText(), QStringLiteral("a中b"));
        view.select(TerminalPoint {0, 2}, TerminalPoint {0, 4});
        QCOMPARE(view.selectedText(), QStringLiteral("b"));
    }

    void given_screen_cleared_when_reset_then_bottom_and_no_selection()
    {
        TerminalScreen screen(3, 20);
        TerminalViewport view(screen);
        feedNumbers(screen, 0, 10);
        view.update();
        view.scrollBy(3);
        view.select(TerminalPoint {0, 0}, TerminalPoint {1, 0});
        screen.clear();
        view.reset();
        QCOMPARE(view.scrollOffset(), 0);
        QCOMPARE(view.scrollbackSize(), 0);
        QVERIFY(!view.hasSelection());
    }

    void given_paste_over_64_kib_when_cut_into_writes_then_each_fits_and_characters_stay_whole()
    {
        // Three-byte and four-byte (surrogate pair) characters, so a naive cut would split one.
        QString text;
        for (int i = 0; i < 30'000; ++i)
            text += i % 2 ? QStringLiteral("✓") : QStringLiteral("😀");
        const QStringList chunks = TerminalModel::pasteChunks(text, false);
        QVERIFY(chunks.size() >= 2);
        for (const QString &chunk : chunks) {
            QVERIFY(chunk.toUtf8().size() <= TerminalSession::kMaxWrite);
            QVERIFY(!chunk.isEmpty() && !chunk.back().isHighSurrogate());
        }
        QCOMPARE(chunks.join(QString()), text);
    }

    void given_multiline_paste_when_cut_into_writes_then_line_ends_are_carriage_returns()
    {
        QCOMPARE(TerminalModel::pasteChunks(QStringLiteral("a\nb\r\nc"), false),
                 QStringList {QStringLiteral("a\rb\rc")});
        QCOMPARE(TerminalModel::pasteChunks(QString(), false), QStringList());
    }

    void given_bracketed_paste_when_cut_into_writes_then_brackets_surround_the_text_only_once()
    {
        const QStringList chunks
            = TerminalModel::pasteChunks(QStringLiteral("ls\x1b[201~rm -rf ~\n"), true);
        QCOMPARE(chunks, QStringList {QStringLiteral("\x1b[200~lsrm -rf ~\r\x1b[201~")});
    }
};

QTEST_GUILESS_MAIN(TerminalViewTest)
#include "tst_terminal_view.moc"

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>

struct VTerm;
struct VTermScreen;

namespace backend::terminal {

/// One character cell of a terminal screen, with its colours resolved to RGB.
struct TerminalCell
{
    QString text; ///< the character (with combining marks); empty for a blank cell
    int width = 1; ///< 2 for the first cell of a wide character
    quint32 foreground = 0xd0d0d0; ///< 0xRRGGBB
    quint32 background = 0x000000;
    bool defaultForeground = true; ///< the theme's colour, not one the program chose
    bool defaultBackground = true;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    bool reverse = false;
    bool strike = false;

    friend bool operator==(const TerminalCell &, const TerminalCell &) = default;
};

/// Where the cursor is on the visible screen.
struct TerminalCursor
{
    int row = 0;
    int column = 0;
    bool visible = true;
};

/// A terminal screen as libvterm keeps it: the byte stream of a pseudo-terminal goes in
/// (`feed`), a grid of cells with colours and a cursor comes out, plus the lines that scrolled
/// off the top (up to kMaxScrollback). What a QML TerminalView renders. Not thread-safe: use it
/// from one thread.
class TerminalScreen
{
public:
    static constexpr qsizetype kMaxScrollback = 5000;

    TerminalScreen(int rows, int columns);
    ~TerminalScreen();
    TerminalScreen(const TerminalScreen &) = delete;
    TerminalScreen &operator=(const TerminalScreen &) = delete;

    /// Interprets output of the program (UTF-8 and escape sequences).
    void feed(const QByteArray &bytes);
    void resize(int rows, int columns);
    /// Blanks the screen and forgets the scrollback.
    void clear();

    [[nodiscard]] int rows() const { return m_rows; }
    [[nodiscard]] int columns() const { return m_columns; }
    [[nodiscard]] TerminalCell cell(int row, int column) const;
    [[nodiscard]] TerminalCursor cursor() const { return m_cursor; }
    /// The text of a visible row, trailing blanks removed.
    [[nodiscard]] QString lineText(int row) const;
    /// Every visible row's text.
    [[nodiscard]] QStringList lines() const;
    /// Every cell of a visible row; empty for a row off the screen.
    [[nodiscard]] QList<TerminalCell> row(int row) const;
    [[nodiscard]] qsizetype scrollbackSize() const { return qsizetype(m_scrollback.size()); }
    /// A line of the scrollback, 0 the oldest.
    [[nodiscard]] const QList<TerminalCell> &scrollbackLine(qsizetype index) const
    {
        return m_scrollback.at(size_t(index));
    }
    [[nodiscard]] QString scrollbackText(qsizetype index) const;
    /// How many lines have gone up into the scrollback since the screen was made or cleared,
    /// less those a taller screen took back: the number of the line at the top of the screen, in
    /// a count that stays with a line as it scrolls (views keep their place by it).
    [[nodiscard]] qint64 linesScrolledOff() const { return m_scrolledOff; }
    /// Whether the program asked for pastes between ESC[200~ and ESC[201~ (DECSET 2004).
    [[nodiscard]] bool bracketedPaste() const;
    /// The text of a line of cells, trailing blanks removed; a wide character counts once.
    [[nodiscard]] static QString textOf(const QList<TerminalCell> &cells);
    /// Whether the cell at `column` is the right half of a wide character (libvterm keeps an
    /// empty cell there).
    [[nodiscard]] static bool continuesWideCharacter(const QList<TerminalCell> &cells,
                                                     qsizetype column)
    {
        return column > 0 && column < cells.size() && cells.at(column - 1).width == 2;
    }
    /// The window title the program set (OSC 0/2), if any.
    [[nodiscard]] QString title() const { return m_title; }

    /// Bytes the terminal answers with (to queries such as "where is the cursor?"): the owner
    /// writes them to the program's input.
    std::function<void(const QByteArray &)> onOutput;

private:
    friend struct ScreenCallbacks; // libvterm's C callbacks, in the .cpp

    VTerm *m_vterm = nullptr;
    VTermScreen *m_screen = nullptr;
    int m_rows;
    int m_columns;
    TerminalCursor m_cursor;
    QString m_title;
    std::deque<QList<TerminalCell>> m_scrollback;
    qint64 m_scrolledOff = 0;
    mutable QByteArray *m_capture
        = nullptr; ///< takes libvterm's output instead of onOutput when set
    QByteArray m_pending; ///< the start of a UTF-8 sequence split across feeds
};

} // namespace backend::terminal

#pragma once

#include "backend/terminal/TerminalScreen.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <compare>
#include <utility>

namespace frontend {

/// A place between two cells of a terminal's text: a line (0 the oldest scrollback line kept,
/// the scrollback's size plus r the screen's row r) and a column boundary (0 before the first
/// cell, the line's width after the last).
struct TerminalPoint
{
    qsizetype line = 0;
    int column = 0;

    friend auto operator<=>(const TerminalPoint &, const TerminalPoint &) = default;
};

/// The part of a terminal's text (scrollback above the screen) a view shows, and the part the
/// user selected. Works on a snapshot taken by `update()`, so what a view paints between two
/// updates stays consistent while the screen takes in more output. While the view is scrolled
/// back, new output leaves it on the lines it shows; a selection stays on its text as lines
/// scroll up. Plain logic over a TerminalScreen, which must outlive it.
class TerminalViewport
{
public:
    explicit TerminalViewport(const backend::terminal::TerminalScreen &screen);

    /// Takes in what the screen did since the last call.
    void update();
    /// Back to the bottom with no selection: for a screen that was cleared or restarted.
    void reset();

    [[nodiscard]] int rows() const { return int(m_screenRows.size()); }
    [[nodiscard]] qsizetype scrollbackSize() const { return m_scrollbackSize; }
    [[nodiscard]] qsizetype lineCount() const { return m_scrollbackSize + rows(); }
    /// How many lines the view is scrolled back from the bottom, 0 to scrollbackSize().
    [[nodiscard]] int scrollOffset() const { return m_offset; }
    /// The line shown in the view's top row.
    [[nodiscard]] qsizetype firstVisibleLine() const { return m_scrollbackSize - m_offset; }
    /// Scrolls to `offset` lines back, clamped to what there is; true when the view moved.
    bool scrollTo(qsizetype offset);
    bool scrollBy(qsizetype lines) { return scrollTo(qsizetype(m_offset) + lines); }

    /// The cells of a line; empty for a line there is not (any more).
    [[nodiscard]] QList<backend::terminal::TerminalCell> lineCells(qsizetype line) const;
    /// The cells of the view's row `row` (0 at the top).
    [[nodiscard]] QList<backend::terminal::TerminalCell> visibleCells(int row) const
    {
        return lineCells(firstVisibleLine() + row);
    }
    /// The text of every row the view shows, trailing blanks removed.
    [[nodiscard]] QStringList visibleLines() const;

    /// Selects the text between two points (in either order); equal points select nothing.
    void select(TerminalPoint anchor, TerminalPoint end);
    /// Moves the selection's free end (the anchor stays on its text).
    void extendSelection(TerminalPoint end);
    void clearSelection() { m_selecting = false; }
    [[nodiscard]] bool hasSelection() const;
    /// The columns [first, second) of `line` inside the selection; equal when none.
    [[nodiscard]] std::pair<int, int> selectedColumns(qsizetype line) const;
    /// The selected text, lines joined by newlines, trailing blanks of each line removed.
    [[nodiscard]] QString selectedText() const;

private:
    /// The selection's ends in lines of the current snapshot, start first; the start's line is
    /// clamped to the oldest line kept.
    [[nodiscard]] std::pair<TerminalPoint, TerminalPoint> selectionInLines() const;

    const backend::terminal::TerminalScreen &m_screen;
    QList<QList<backend::terminal::TerminalCell>> m_screenRows;
    qsizetype m_scrollbackSize = 0;
    /// The screen's linesScrolledOff() at the snapshot: line L of the snapshot is line
    /// L - m_scrollbackSize + m_scrolledOff in a count that does not move with output.
    qint64 m_scrolledOff = 0;
    int m_offset = 0;
    bool m_selecting = false;
    // The selection's ends in the count that does not move with output.
    qint64 m_anchorLine = 0;
    int m_anchorColumn = 0;
    qint64 m_endLine = 0;
    int m_endColumn = 0;
};

} // namespace frontend

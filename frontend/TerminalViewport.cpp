#include "frontend/TerminalViewport.h"

#include <algorithm>

namespace frontend {

using backend::terminal::TerminalCell;
using backend::terminal::TerminalScreen;

TerminalViewport::TerminalViewport(const TerminalScreen &screen)
    : m_screen(screen)
{
    update();
}

void TerminalViewport::update()
{
    const qint64 scrolledOff = m_screen.linesScrolledOff();
    qint64 offset = m_offset;
    if (offset > 0)
        offset += scrolledOff - m_scrolledOff; // lines went up past the view: follow them
    m_scrolledOff = scrolledOff;
    m_scrollbackSize = m_screen.scrollbackSize();
    m_offset = int(std::clamp<qint64>(offset, 0, m_scrollbackSize));
    m_screenRows.clear();
    m_screenRows.reserve(m_screen.rows());
    for (int row = 0; row < m_screen.rows(); ++row)
        m_screenRows.append(m_screen.row(row));
}

void TerminalViewport::reset()
{
    m_offset = 0;
    m_selecting = false;
    update();
}

bool TerminalViewport::scrollTo(qsizetype offset)
{
    const int clamped = int(std::clamp<qsizetype>(offset, 0, m_scrollbackSize));
    if (clamped == m_offset)
        return false;
    m_offset = clamped;
    return true;
}

QList<TerminalCell> TerminalViewport::lineCells(qsizetype line) const
{
    if (line < 0 || line >= lineCount())
        return {};
    if (line >= m_scrollbackSize)
        return m_screenRows.at(line - m_scrollbackSize);
    // The screen's scrollback may have grown (or lost its oldest lines) since the snapshot; a
    // line keeps its place in the count that does not move, and its cells never change.
    const qint64 kept = m_screen.linesScrolledOff() - m_screen.scrollbackSize();
    const qint64 index = line - m_scrollbackSize + m_scrolledOff - kept;
    if (index < 0 || index >= m_screen.scrollbackSize())
        return {};
    return m_screen.scrollbackLine(index);
}

QStringList TerminalViewport::visibleLines() const
{
    QStringList out;
    out.reserve(rows());
    for (int row = 0; row < rows(); ++row)
        out.append(TerminalScreen::textOf(visibleCells(row)));
    return out;
}

void TerminalViewport::select(TerminalPoint anchor, TerminalPoint end)
{
    const qint64 toStable = m_scrolledOff - m_scrollbackSize;
    m_selecting = true;
    m_anchorLine = anchor.line + toStable;
    m_anchorColumn = qMax(0, anchor.column);
    m_endLine = end.line + toStable;
    m_endColumn = qMax(0, end.column);
}

void TerminalViewport::extendSelection(TerminalPoint end)
{
    if (!m_selecting)
        return;
    m_endLine = end.line + m_scrolledOff - m_scrollbackSize;
    m_endColumn = qMax(0, end.column);
}

std::pair<TerminalPoint, TerminalPoint> TerminalViewport::selectionInLines() const
{
    const qint64 fromStable = m_scrollbackSize - m_scrolledOff;
    TerminalPoint a {qsizetype(m_anchorLine + fromStable), m_anchorColumn};
    TerminalPoint b {qsizetype(m_endLine + fromStable), m_endColumn};
    if (b < a)
        std::swap(a, b);
    if (a.line < 0)
        a = TerminalPoint {}; // its first lines have left the scrollback
    return {a, b};
}

bool TerminalViewport::hasSelection() const
{
    if (!m_selecting)
        return false;
    const auto [start, end] = selectionInLines();
    return start < end && end.line >= 0 && start.line < lineCount();
}

std::pair<int, int> TerminalViewport::selectedColumns(qsizetype line) const
{
    if (!hasSelection())
        return {0, 0};
    const auto [start, end] = selectionInLines();
    if (line < start.line || line > end.line)
        return {0, 0};
    const int width = int(lineCells(line).size());
    const int first = line == start.line ? qMin(start.column, width) : 0;
    const int last = line == end.line ? qMin(end.column, width) : width;
    return {first, qMax(first, last)};
}

QString TerminalViewport::selectedText() const
{
    if (!hasSelection())
        return {};
    const auto [start, end] = selectionInLines();
    QStringList lines;
    for (qsizetype line = start.line; line <= end.line && line < lineCount(); ++line) {
        const QList<TerminalCell> cells = lineCells(line);
        auto [first, last] = selectedColumns(line);
        if (TerminalScreen::continuesWideCharacter(cells, first))
            ++first; // begun in the right half of a wide character: it is not taken
        lines.append(TerminalScreen::textOf(cells.mid(first, qMax(0, last - first))));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace frontend

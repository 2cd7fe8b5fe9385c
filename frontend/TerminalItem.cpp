#include "frontend/TerminalItem.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace frontend {

using backend::terminal::TerminalCell;
using backend::terminal::TerminalScreen;

namespace {

constexpr int kAutoScrollMs = 50;
constexpr qreal kLinesPerWheelStep = 3; // one notch of a wheel (120 eighths of a degree)
constexpr qsizetype kMaxLaidOut = 8192; // runs kept laid out: several screens' worth

/// How a cell is drawn once defaults, reverse video and the selection are resolved.
struct Look
{
    QRgb foreground = 0;
    QRgb background = 0;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    bool strike = false;

    friend bool operator==(const Look &, const Look &) = default;
};

} // namespace

TerminalItem::TerminalItem(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setAcceptedMouseButtons(Qt::LeftButton | Qt::MiddleButton);
    setOpaquePainting(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_autoScroll.setInterval(kAutoScrollMs);
    connect(&m_autoScroll, &QTimer::timeout, this, &TerminalItem::autoScroll);
}

void TerminalItem::setModel(TerminalModel *model)
{
    if (m_model == model)
        return;
    disconnect(m_screenConnection);
    disconnect(m_selectionConnection);
    m_model = model;
    if (model) {
        // The model coalesces output into one screenChanged per turn of the event loop, and
        // update() into one paint per frame.
        m_screenConnection
            = connect(model, &TerminalModel::screenChanged, this, [this] { update(); });
        m_selectionConnection
            = connect(model, &TerminalModel::selectionChanged, this, [this] { update(); });
    }
    Q_EMIT modelChanged();
    update();
}

void TerminalItem::setFont(const QFont &font)
{
    if (m_font == font && m_fonts[0] == font)
        return;
    m_font = font;
    for (int i = 0; i < int(m_fonts.size()); ++i) {
        QFont variant = font;
        variant.setBold((i & 1) != 0 || font.bold());
        variant.setItalic((i & 2) != 0 || font.italic());
        variant.setUnderline((i & 4) != 0);
        variant.setStrikeOut((i & 8) != 0);
        m_fonts[size_t(i)] = variant;
    }
    const QFontMetricsF metrics(font);
    m_cellWidth = qMax(1.0, metrics.horizontalAdvance(QLatin1Char('M')));
    // Whole pixels per row keep the rows' backgrounds from overlapping or leaving seams.
    m_cellHeight = qMax(1.0, std::ceil(metrics.lineSpacing()));
    m_textTop = (m_cellHeight - metrics.height()) / 2;
    m_ascent = metrics.ascent() + m_textTop;
    m_laidOut.clear();
    Q_EMIT fontChanged();
    Q_EMIT fitChanged();
    update();
}

int TerminalItem::fontIndex(bool bold, bool italic, bool underline, bool strike)
{
    return (bold ? 1 : 0) | (italic ? 2 : 0) | (underline ? 4 : 0) | (strike ? 8 : 0);
}

const QStaticText &TerminalItem::laidOut(const QString &run, int font)
{
    // Most rows look the same from one paint to the next: shaping each run again would cost
    // more than drawing it.
    const QString key = QChar(char16_t(u'a' + font)) + run;
    auto it = m_laidOut.constFind(key);
    if (it == m_laidOut.cend()) {
        if (m_laidOut.size() >= kMaxLaidOut)
            m_laidOut.clear();
        QStaticText text(run);
        text.setTextFormat(Qt::PlainText);
        it = m_laidOut.insert(key, text);
    }
    return *it;
}

void TerminalItem::setColor(QColor &field, const QColor &color)
{
    if (field == color)
        return;
    field = color;
    Q_EMIT colorsChanged();
    update();
}

void TerminalItem::setForeground(const QColor &color)
{
    setColor(m_foreground, color);
}

void TerminalItem::setBackground(const QColor &color)
{
    setColor(m_background, color);
}

void TerminalItem::setSelectionColor(const QColor &color)
{
    setColor(m_selection, color);
}

void TerminalItem::setSelectedTextColor(const QColor &color)
{
    setColor(m_selectedText, color);
}

void TerminalItem::setCursorShown(bool shown)
{
    if (m_cursorShown == shown)
        return;
    m_cursorShown = shown;
    Q_EMIT colorsChanged();
    update();
}

int TerminalItem::fitColumns() const
{
    return qMax(1, int(std::floor(width() / m_cellWidth)));
}

int TerminalItem::fitRows() const
{
    return qMax(1, int(std::floor(height() / m_cellHeight)));
}

QRectF TerminalItem::cellRect(int row, int column) const
{
    return {column * m_cellWidth, row * m_cellHeight, m_cellWidth, m_cellHeight};
}

void TerminalItem::paint(QPainter *painter)
{
    painter->fillRect(QRectF(0, 0, width(), height()), m_background);
    if (!m_model)
        return;
    const int rows = qMin(m_model->viewport().rows(), int(std::ceil(height() / m_cellHeight)));
    const QFontMetricsF metrics(m_font);
    for (int row = 0; row < rows; ++row)
        paintRow(painter, metrics, row);
    paintCursor(painter);
}

void TerminalItem::paintRow(QPainter *painter, const QFontMetricsF &metrics, int row)
{
    const TerminalViewport &view = m_model->viewport();
    const qsizetype line = view.firstVisibleLine() + row;
    const QList<TerminalCell> cells = view.lineCells(line);
    const auto [selectedFrom, selectedTo] = view.selectedColumns(line);
    const qreal top = row * m_cellHeight;

    const auto lookOf = [&](qsizetype column) {
        const TerminalCell &c = cells.at(column);
        Look look {c.defaultForeground ? m_foreground.rgb() : c.foreground | 0xff000000u,
                   c.defaultBackground ? m_background.rgb() : c.background | 0xff000000u,
                   c.bold,
                   c.italic,
                   c.underline,
                   c.strike};
        if (c.reverse)
            std::swap(look.foreground, look.background);
        if (column >= selectedFrom && column < selectedTo) {
            look.foreground = m_selectedText.rgb();
            look.background = m_selection.rgb();
        }
        return look;
    };
    const auto cellsWide = [&](qsizetype column) {
        return cells.at(column).width == 2 && column + 1 < cells.size() ? 2 : 1;
    };

    // Backgrounds first, as runs of one colour, so a glyph reaching into the next cell (an
    // italic, say) is not cut off by that cell's background.
    for (qsizetype column = 0; column < cells.size();) {
        const QRgb background = lookOf(column).background;
        qsizetype end = column + 1;
        while (end < cells.size() && lookOf(end).background == background)
            ++end;
        if (background != m_background.rgb())
            painter->fillRect(
                QRectF(column * m_cellWidth, top, (end - column) * m_cellWidth, m_cellHeight),
                QColor::fromRgb(background));
        column = end;
    }

    // Text as runs of cells that look alike. The monospace font's advance is the cell width, so
    // a run lands on the grid; a wide character, or one the font lacks (drawn from a fallback
    // font with advances of its own), is drawn on its own at its cell.
    const auto onGrid = [&](qsizetype column) {
        const TerminalCell &c = cells.at(column);
        if (c.width != 1 || c.text.size() > 2)
            return false;
        if (c.text.isEmpty() || c.text.at(0).unicode() < 0x80)
            return true;
        const QChar first = c.text.at(0);
        return metrics.inFontUcs4(first.isHighSurrogate() && c.text.size() == 2
                                      ? QChar::surrogateToUcs4(first, c.text.at(1))
                                      : char32_t(first.unicode()));
    };
    QString run;
    Look runLook;
    qsizetype runStart = 0;
    const auto flush = [&] {
        if (!runLook.underline && !runLook.strike) {
            while (run.endsWith(u' '))
                run.chop(1);
        }
        if (run.trimmed().isEmpty() && !runLook.underline && !runLook.strike) {
            run.clear();
            return;
        }
        const int font = fontIndex(runLook.bold, runLook.italic, runLook.underline, runLook.strike);
        painter->setFont(m_fonts[size_t(font)]);
        painter->setPen(QColor::fromRgb(runLook.foreground));
        painter->drawStaticText(QPointF(runStart * m_cellWidth, top + m_textTop),
                                laidOut(run, font));
        run.clear();
    };
    for (qsizetype column = 0; column < cells.size(); ++column) {
        if (TerminalScreen::continuesWideCharacter(cells, column))
            continue;
        const Look look = lookOf(column);
        const QString text
            = cells.at(column).text.isEmpty() ? QStringLiteral(" ") : cells.at(column).text;
        if (!onGrid(column)) {
            flush();
            runLook = look;
            runStart = column;
            run = text;
            flush();
            column += cellsWide(column) - 1;
            continue;
        }
        if (!run.isEmpty() && look != runLook)
            flush();
        if (run.isEmpty()) {
            runLook = look;
            runStart = column;
        }
        run += text;
    }
    flush();
}

void TerminalItem::paintCursor(QPainter *painter) const
{
    const backend::terminal::TerminalCursor cursor = m_model->cursor();
    const TerminalViewport &view = m_model->viewport();
    const int row = cursor.row + view.scrollOffset();
    if (!m_cursorShown || !cursor.visible || row >= view.rows())
        return;
    const QList<TerminalCell> cells = view.visibleCells(row);
    const TerminalCell under
        = cursor.column < cells.size() ? cells.at(cursor.column) : TerminalCell {};
    const QRectF rect(cursor.column * m_cellWidth, row * m_cellHeight,
                      (under.width == 2 ? 2 : 1) * m_cellWidth, m_cellHeight);
    if (!hasActiveFocus()) {
        painter->setPen(m_foreground);
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
        return;
    }
    // A block in the text colour with the character under it in the background colour.
    painter->fillRect(rect, m_foreground);
    if (!under.text.isEmpty()) {
        painter->setFont(m_fonts[size_t(fontIndex(under.bold, under.italic, false, false))]);
        painter->setPen(m_background);
        painter->drawText(QPointF(rect.left(), rect.top() + m_ascent), under.text);
    }
}

TerminalPoint TerminalItem::pointAt(QPointF position) const
{
    if (!m_model)
        return {};
    const TerminalViewport &view = m_model->viewport();
    const int rows = qMax(1, qMin(view.rows(), fitRows()));
    const int columns = m_model->columns();
    // Above the view is the start of its top row; below it, the end of its bottom row.
    if (position.y() < 0)
        return {view.firstVisibleLine(), 0};
    const int row = int(position.y() / m_cellHeight);
    if (row >= rows)
        return {view.firstVisibleLine() + rows - 1, columns};
    const int column = qBound(0, int(std::lround(position.x() / m_cellWidth)), columns);
    return {view.firstVisibleLine() + row, column};
}

void TerminalItem::mousePressEvent(QMouseEvent *event)
{
    forceActiveFocus(Qt::MouseFocusReason);
    if (!m_model) {
        event->ignore();
        return;
    }
    if (event->button() == Qt::MiddleButton) {
        m_model->pasteSelection();
        event->accept();
        return;
    }
    m_dragging = true;
    m_pointer = event->position();
    const TerminalPoint at = pointAt(m_pointer);
    m_model->select(int(at.line), at.column, int(at.line), at.column);
    event->accept();
}

void TerminalItem::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging || !m_model) {
        event->ignore();
        return;
    }
    m_pointer = event->position();
    extendSelection();
    const bool outside = m_pointer.y() < 0 || m_pointer.y() >= height();
    if (outside && !m_autoScroll.isActive())
        m_autoScroll.start();
    else if (!outside)
        m_autoScroll.stop();
    event->accept();
}

void TerminalItem::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging || event->button() != Qt::LeftButton || !m_model) {
        event->ignore();
        return;
    }
    m_pointer = event->position();
    extendSelection();
    m_dragging = false;
    m_autoScroll.stop();
    m_model->copyToPrimary();
    event->accept();
}

void TerminalItem::extendSelection()
{
    if (!m_dragging || !m_model)
        return;
    const TerminalPoint at = pointAt(m_pointer);
    m_model->extendSelection(int(at.line), at.column);
}

void TerminalItem::autoScroll()
{
    if (!m_dragging || !m_model) {
        m_autoScroll.stop();
        return;
    }
    // Faster the further the pointer is past the edge.
    const qreal past = m_pointer.y() < 0 ? -m_pointer.y() : m_pointer.y() - height();
    const int lines = 1 + int(past / m_cellHeight);
    m_model->scrollBy(m_pointer.y() < 0 ? lines : -lines);
    extendSelection();
}

void TerminalItem::wheelEvent(QWheelEvent *event)
{
    if (!m_model) {
        event->ignore();
        return;
    }
    // Touchpads report pixels, wheels steps; either way whole lines scroll and the rest waits.
    const qreal lines = event->pixelDelta().isNull()
        ? event->angleDelta().y() / 120.0 * kLinesPerWheelStep
        : event->pixelDelta().y() / m_cellHeight;
    m_wheelRemainder += lines;
    const int whole = int(m_wheelRemainder);
    m_wheelRemainder -= whole;
    if (whole != 0) {
        m_model->scrollBy(whole);
        extendSelection();
    }
    event->accept();
}

void TerminalItem::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickPaintedItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size())
        Q_EMIT fitChanged();
}

void TerminalItem::itemChange(ItemChange change, const ItemChangeData &value)
{
    QQuickPaintedItem::itemChange(change, value);
    if (change == ItemActiveFocusHasChanged)
        update(); // the cursor is a block with the keyboard, an outline without
}

} // namespace frontend

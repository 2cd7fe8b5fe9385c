#pragma once

#include "frontend/TerminalModel.h"

#include <QColor>
#include <QFont>
#include <QFontMetricsF>
#include <QHash>
#include <QPointer>
#include <QQuickPaintedItem>
#include <QStaticText>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <array>

namespace frontend {

/// Draws a TerminalModel's view of its screen — cells in their colours and attributes, wide
/// characters across two cells, the selection and the cursor — and turns the mouse into
/// scrolling (wheel), selecting (left drag, across the scrollback: dragging past an edge scrolls)
/// and pasting (middle click). Paints with QPainter, runs of cells that look alike at a time,
/// when the model's coalesced screen updates arrive, so it draws the same under every Qt Quick
/// backend, the software one included. Colours the program left at their defaults follow
/// `foreground` and `background`.
class TerminalItem : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(frontend::TerminalModel *model READ model WRITE setModel NOTIFY modelChanged)
    Q_PROPERTY(QFont font READ font WRITE setFont NOTIFY fontChanged)
    Q_PROPERTY(QColor foreground READ foreground WRITE setForeground NOTIFY colorsChanged)
    Q_PROPERTY(QColor background READ background WRITE setBackground NOTIFY colorsChanged)
    Q_PROPERTY(
        QColor selectionColor READ selectionColor WRITE setSelectionColor NOTIFY colorsChanged)
    Q_PROPERTY(QColor selectedTextColor READ selectedTextColor WRITE setSelectedTextColor NOTIFY
                   colorsChanged)
    /// Draw the cursor (while the program runs, say).
    Q_PROPERTY(bool cursorShown READ isCursorShown WRITE setCursorShown NOTIFY colorsChanged)
    Q_PROPERTY(qreal cellWidth READ cellWidth NOTIFY fontChanged)
    Q_PROPERTY(qreal cellHeight READ cellHeight NOTIFY fontChanged)
    /// How many cells fit the item (what the program's terminal should be sized to).
    Q_PROPERTY(int fitColumns READ fitColumns NOTIFY fitChanged)
    Q_PROPERTY(int fitRows READ fitRows NOTIFY fitChanged)

public:
    explicit TerminalItem(QQuickItem *parent = nullptr);

    [[nodiscard]] TerminalModel *model() const { return m_model; }
    void setModel(TerminalModel *model);
    [[nodiscard]] QFont font() const { return m_font; }
    void setFont(const QFont &font);
    [[nodiscard]] QColor foreground() const { return m_foreground; }
    void setForeground(const QColor &color);
    [[nodiscard]] QColor background() const { return m_background; }
    void setBackground(const QColor &color);
    [[nodiscard]] QColor selectionColor() const { return m_selection; }
    void setSelectionColor(const QColor &color);
    [[nodiscard]] QColor selectedTextColor() const { return m_selectedText; }
    void setSelectedTextColor(const QColor &color);
    [[nodiscard]] bool isCursorShown() const { return m_cursorShown; }
    void setCursorShown(bool shown);
    [[nodiscard]] qreal cellWidth() const { return m_cellWidth; }
    [[nodiscard]] qreal cellHeight() const { return m_cellHeight; }
    [[nodiscard]] int fitColumns() const;
    [[nodiscard]] int fitRows() const;

    /// Where the view's cell (row, column) is, in item coordinates (tests click there; a press
    /// in a cell's left half selects from its left edge).
    Q_INVOKABLE QRectF cellRect(int row, int column) const;

    void paint(QPainter *painter) override;

Q_SIGNALS:
    void modelChanged();
    void fontChanged();
    void colorsChanged();
    void fitChanged();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    void itemChange(ItemChange change, const ItemChangeData &value) override;

private:
    /// The place between cells nearest an item point, as a line of the model's viewport.
    [[nodiscard]] TerminalPoint pointAt(QPointF position) const;
    void setColor(QColor &field, const QColor &color);
    void extendSelection();
    void autoScroll();
    void paintRow(QPainter *painter, const QFontMetricsF &metrics, int row);
    void paintCursor(QPainter *painter) const;
    /// Which of m_fonts draws text with these attributes.
    [[nodiscard]] static int fontIndex(bool bold, bool italic, bool underline, bool strike);
    /// `run` laid out in m_fonts[font], from a cache of runs painted lately.
    const QStaticText &laidOut(const QString &run, int font);

    QPointer<TerminalModel> m_model;
    QMetaObject::Connection m_screenConnection;
    QMetaObject::Connection m_selectionConnection;
    QFont m_font;
    /// m_font in bold, italic, underlined and struck out, by those four bits.
    std::array<QFont, 16> m_fonts;
    qreal m_cellWidth = 1;
    qreal m_cellHeight = 1;
    qreal m_ascent = 0; ///< from a row's top to the text's baseline
    qreal m_textTop = 0; ///< from a row's top to the top of the font's line box
    QHash<QString, QStaticText> m_laidOut; ///< by font index (a letter) and the run's text
    QColor m_foreground {0xd0, 0xd0, 0xd0};
    QColor m_background {Qt::black};
    QColor m_selection {0x30, 0x60, 0xc0};
    QColor m_selectedText {Qt::white};
    bool m_cursorShown = true;

    bool m_dragging = false;
    TerminalPoint m_anchor;
    QPointF m_pointer;
    QTimer m_autoScroll; ///< scrolls while a drag holds the pointer above or below the item
    qreal m_wheelRemainder = 0;
};

} // namespace frontend

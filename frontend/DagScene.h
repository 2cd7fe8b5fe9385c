#pragma once

#include "frontend/DagLayout.h"

#include <QImage>
#include <QList>
#include <QPointF>
#include <QRectF>

#include <cstdint>
#include <vector>

class QPainter;
class QSGGeometry;

namespace frontend {

/// A straight (not premultiplied) colour.
struct Rgba
{
    uchar r, g, b, a;
};

// A node's colours, the same in light and dark mode. Its title is kNodeTitle over the full fill
// of its run state; a faded node's fill shows over the view's background (the palette's base)
// at kFadedAlpha and its title is the palette's text at kFadedTitleOpacity. Every pair keeps
// 4.5:1 (WCAG AA) in both palettes (tests/frontend/tst_color_scheme.cpp).
inline constexpr Rgba kNodeTitle {0x10, 0x10, 0x10, 0xff};
inline constexpr qreal kFadedAlpha = 0.28;
inline constexpr qreal kFadedTitleOpacity = 0.8;
/// How many run states there are (TaskRunState's values are 0 to kRunStateCount - 1).
inline constexpr int kRunStateCount = 10;
/// The fill of a node in run state `state` (a TaskRunState's value); an unknown value is drawn
/// as the last state.
[[nodiscard]] Rgba stateColour(std::uint8_t state);

/// What the DAG view draws, as values: the layout's geometry and the inputs of the colours (run
/// states, selection, critical path). Cheap to copy (the lists are implicitly shared, the
/// vectors hold a byte per node), so a software rendering can be painted from a copy on a pool
/// thread. Both renderings (scene-graph geometry and QPainter) take their colours from here.
struct DagScene
{
    QList<QPointF> centres; ///< node index → centre, layout units
    QList<DagLayoutEdge> edges;
    std::vector<std::uint8_t> states; ///< node index → TaskRunState
    std::vector<char> highlight; ///< node index → lit by the selection; empty: no selection
    std::vector<char> critical; ///< node index → on the critical path
    int selected = -1;
    bool showCriticalPath = false;

    /// Whether some node or edge is drawn faded (a selection or the critical path is shown).
    [[nodiscard]] bool dims() const { return !highlight.empty() || showCriticalPath; }
    /// Whether a node is drawn faded: outside the selection's reach, or off the shown critical
    /// path.
    [[nodiscard]] bool faded(int node) const;
    [[nodiscard]] Rgba nodeColour(int node) const;
    /// The frame drawn behind a node (selected, or on the shown critical path); alpha 0: none.
    [[nodiscard]] Rgba frameColour(int node) const;
    [[nodiscard]] Rgba edgeColour(const DagLayoutEdge &edge) const;
    /// An edge's width relative to an ordinary edge's.
    [[nodiscard]] qreal edgeWeight(const DagLayoutEdge &edge) const;
    /// Drawn wider than a line: on the shown critical path, or lit by the selection.
    [[nodiscard]] bool emphasised(const DagLayoutEdge &edge) const;

    /// The nodes and edges that can show in `window` (layout units) at `zoom`: nodes whose frame
    /// meets it, edges whose bounding box meets it and that are at least a pixel long.
    struct Visible
    {
        std::vector<int> nodes;
        std::vector<int> edges;
    };
    [[nodiscard]] Visible visibleIn(const QRectF &window, qreal zoom) const;
};

/// The scene-graph rendering's geometry: DrawLines for ordinary edges (llvmpipe rasterises a
/// one-pixel line far faster than a long thin pair of triangles), DrawTriangles for emphasised
/// edges (a quad each, wider) and for frames and node rectangles, all ColoredPoint2D with
/// premultiplied colours (QSGVertexColorMaterial).
struct Batches
{
    QSGGeometry *edges;
    QSGGeometry *emphasisedEdges;
    QSGGeometry *nodes;
};

/// Fills the batches with the visible part of the scene; emphasised edges are `thickness`
/// layout units wide (times their weight), frames `frame` units.
void fillGeometry(const DagScene &scene, const DagScene::Visible &visible, qreal thickness,
                  qreal frame, const Batches &batches);

/// Paints the part of the scene inside `window` (layout units) at `zoom` into a transparent
/// image of `size` pixels whose top left is the window's. Pure: safe on any thread.
[[nodiscard]] QImage paintScene(const DagScene &scene, const QRectF &window, qreal zoom,
                                QSize size);

} // namespace frontend

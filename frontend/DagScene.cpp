#include "frontend/DagScene.h"

#include "backend/domain/TaskSpec.h"

#include <QPainter>
#include <QSGGeometry>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <tuple>

namespace frontend {

namespace {

/// Node colours by TaskRunState (enum order). Light enough for the dark title: canceled is a
/// slate grey apart from blocked's neutral one, upstream_failed a muted rose apart from failed's
/// red.
constexpr Rgba kStateColours[] = {
    {0x9e, 0x9e, 0x9e, 0xff}, // blocked
    {0x90, 0xb4, 0xd8, 0xff}, // scheduled
    {0x4d, 0xb6, 0xc4, 0xff}, // ready
    {0xf0, 0xc0, 0x40, 0xff}, // leased
    {0x2f, 0x80, 0xed, 0xff}, // running
    {0xf2, 0x99, 0x4a, 0xff}, // retry_wait
    {0x27, 0xae, 0x60, 0xff}, // succeeded
    {0xeb, 0x57, 0x57, 0xff}, // failed
    {0x9a, 0x93, 0xad, 0xff}, // canceled
    {0xcf, 0x7f, 0x7f, 0xff}, // upstream_failed
};
static_assert(std::size(kStateColours) == std::size_t(kRunStateCount));
static_assert(int(backend::TaskRunState::UpstreamFailed) + 1 == kRunStateCount);
constexpr Rgba kEdge {0x80, 0x80, 0x88, 0xff};
constexpr Rgba kPreferredEdge {0xb8, 0xb8, 0xc0, 0xff};
constexpr Rgba kHighlight {0x1e, 0x6f, 0xff, 0xff};
constexpr Rgba kCritical {0xc0, 0x30, 0xc0, 0xff};
constexpr Rgba kNone {0, 0, 0, 0};
constexpr qreal kFramePixels = 4.0;

Rgba fadedColour(Rgba c)
{
    return {c.r, c.g, c.b, uchar(std::lround(c.a * kFadedAlpha))};
}

void setVertex(QSGGeometry::ColoredPoint2D &v, QPointF p, Rgba c)
{
    // QSGVertexColorMaterial takes premultiplied colours.
    const auto f = [&c](uchar v) { return uchar((v * c.a + 127) / 255); };
    v.set(float(p.x()), float(p.y()), f(c.r), f(c.g), f(c.b), c.a);
}

void quad(QSGGeometry::ColoredPoint2D *&v, QPointF a, QPointF b, QPointF c, QPointF d, Rgba col)
{
    // Two triangles a-b-c, a-c-d.
    for (QPointF p : {a, b, c, a, c, d})
        setVertex(*v++, p, col);
}

void rect(QSGGeometry::ColoredPoint2D *&v, const QRectF &r, Rgba col)
{
    quad(v, r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft(), col);
}

QRectF nodeRect(QPointF centre)
{
    return {centre.x() - DagLayout::kNodeWidth / 2, centre.y() - DagLayout::kNodeHeight / 2,
            DagLayout::kNodeWidth, DagLayout::kNodeHeight};
}

QPointF edgeStart(const DagScene &scene, const DagLayoutEdge &e)
{
    return scene.centres.at(e.from) + QPointF(0, DagLayout::kNodeHeight / 2);
}

QPointF edgeEnd(const DagScene &scene, const DagLayoutEdge &e)
{
    return scene.centres.at(e.to) - QPointF(0, DagLayout::kNodeHeight / 2);
}

QColor qcolor(Rgba c)
{
    return QColor(c.r, c.g, c.b, c.a);
}

} // namespace

bool DagScene::faded(int node) const
{
    const bool lit = highlight.empty() || highlight[std::size_t(node)];
    const bool onPath = showCriticalPath && critical[std::size_t(node)];
    return !lit || (showCriticalPath && !onPath);
}

Rgba stateColour(std::uint8_t state)
{
    return kStateColours[std::min<std::size_t>(state, std::size(kStateColours) - 1)];
}

Rgba DagScene::nodeColour(int node) const
{
    const std::uint8_t state = std::size_t(node) < states.size() ? states[std::size_t(node)] : 1;
    const Rgba colour = stateColour(state);
    return faded(node) ? fadedColour(colour) : colour;
}

Rgba DagScene::frameColour(int node) const
{
    if (node == selected)
        return kHighlight;
    if (showCriticalPath && critical[std::size_t(node)])
        return kCritical;
    return kNone;
}

Rgba DagScene::edgeColour(const DagLayoutEdge &e) const
{
    const bool critical = edgeWeight(e) > 1;
    const Rgba colour = critical ? kCritical : e.blocking ? kEdge : kPreferredEdge;
    if (!highlight.empty()) {
        if (highlight[std::size_t(e.from)] && highlight[std::size_t(e.to)])
            return kHighlight;
        return fadedColour(colour);
    }
    return showCriticalPath && !critical ? fadedColour(colour) : colour;
}

qreal DagScene::edgeWeight(const DagLayoutEdge &e) const
{
    const bool critical = showCriticalPath && e.blocking && this->critical[std::size_t(e.from)]
        && this->critical[std::size_t(e.to)];
    return critical ? 2.2 : 1.0;
}

DagScene::Visible DagScene::visibleIn(const QRectF &window, qreal zoom) const
{
    Visible visible;
    // A node shows when its rectangle or frame meets the window.
    const qreal frame = std::max(kFramePixels, 2 * kFramePixels / zoom);
    const QRectF nodeWindow
        = window.adjusted(-DagLayout::kNodeWidth / 2 - frame, -DagLayout::kNodeHeight / 2 - frame,
                          DagLayout::kNodeWidth / 2 + frame, DagLayout::kNodeHeight / 2 + frame);
    for (int i = 0; i < centres.size(); ++i)
        if (nodeWindow.contains(centres.at(i)))
            visible.nodes.push_back(i);
    const qreal pixel = 1 / zoom;
    const QRectF edgeWindow = window.adjusted(-4 * pixel, -4 * pixel, 4 * pixel, 4 * pixel);
    for (int i = 0; i < edges.size(); ++i) {
        const QPointF a = edgeStart(*this, edges.at(i));
        const QPointF b = edgeEnd(*this, edges.at(i));
        // Shorter than a pixel: covered by its nodes at this zoom.
        if (std::abs(b.x() - a.x()) < pixel && std::abs(b.y() - a.y()) < pixel)
            continue;
        if (std::max(a.x(), b.x()) < edgeWindow.left()
            || std::min(a.x(), b.x()) > edgeWindow.right()
            || std::max(a.y(), b.y()) < edgeWindow.top()
            || std::min(a.y(), b.y()) > edgeWindow.bottom())
            continue;
        visible.edges.push_back(i);
    }
    return visible;
}

bool DagScene::emphasised(const DagLayoutEdge &e) const
{
    if (edgeWeight(e) > 1)
        return true;
    const Rgba c = edgeColour(e);
    return c.r == kHighlight.r && c.g == kHighlight.g && c.b == kHighlight.b;
}

void fillGeometry(const DagScene &scene, const DagScene::Visible &visible, qreal thickness,
                  qreal frame, const Batches &batches)
{
    const auto emphasised
        = std::count_if(visible.edges.begin(), visible.edges.end(),
                        [&scene](int i) { return scene.emphasised(scene.edges.at(i)); });
    batches.edges->allocate(int(visible.edges.size() - std::size_t(emphasised)) * 2);
    batches.emphasisedEdges->allocate(int(emphasised) * 6);
    auto *line = batches.edges->vertexDataAsColoredPoint2D();
    auto *v = batches.emphasisedEdges->vertexDataAsColoredPoint2D();
    for (int i : visible.edges) {
        const DagLayoutEdge &e = scene.edges.at(i);
        const QPointF a = edgeStart(scene, e);
        const QPointF b = edgeEnd(scene, e);
        if (!scene.emphasised(e)) {
            setVertex(*line++, a, scene.edgeColour(e));
            setVertex(*line++, b, scene.edgeColour(e));
            continue;
        }
        const QPointF d = b - a;
        const qreal length = std::hypot(d.x(), d.y());
        const QPointF normal = length > 0 ? QPointF(-d.y(), d.x()) / length : QPointF(1, 0);
        const qreal w = scene.edgeWeight(e) * thickness / 2;
        quad(v, a + normal * w, b + normal * w, b - normal * w, a - normal * w,
             scene.edgeColour(e));
    }

    const auto framed = [&scene](int i) { return scene.frameColour(i).a != 0; };
    const auto frames = std::count_if(visible.nodes.begin(), visible.nodes.end(), framed);
    batches.nodes->allocate((int(visible.nodes.size()) + int(frames)) * 6);
    v = batches.nodes->vertexDataAsColoredPoint2D();
    for (int i : visible.nodes) {
        const QRectF r = nodeRect(scene.centres.at(i));
        if (framed(i))
            rect(v, r.adjusted(-frame, -frame, frame, frame), scene.frameColour(i));
        rect(v, r, scene.nodeColour(i));
    }
}

QImage paintScene(const DagScene &scene, const QRectF &window, qreal zoom, QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    const DagScene::Visible visible = scene.visibleIn(window, zoom);
    QPainter painter(&image);
    painter.scale(zoom, zoom);
    painter.translate(-window.topLeft());

    // Edges grouped by pen, so that each group is one drawLines call.
    struct Styled
    {
        quint32 rgba;
        qreal weight;
        QLineF line;
    };
    std::vector<Styled> lines;
    lines.reserve(visible.edges.size());
    for (int i : visible.edges) {
        const DagLayoutEdge &e = scene.edges.at(i);
        const Rgba c = scene.edgeColour(e);
        lines.push_back({qRgba(c.r, c.g, c.b, c.a), scene.edgeWeight(e),
                         QLineF(edgeStart(scene, e), edgeEnd(scene, e))});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Styled &a, const Styled &b) {
        return std::tie(a.weight, a.rgba) < std::tie(b.weight, b.rgba);
    });
    painter.setRenderHint(QPainter::Antialiasing, true);
    QList<QLineF> run;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        run.append(lines[i].line);
        if (i + 1 == lines.size() || lines[i + 1].rgba != lines[i].rgba
            || lines[i + 1].weight != lines[i].weight) {
            QPen pen(QColor::fromRgba(lines[i].rgba), 1.6 * lines[i].weight);
            pen.setCosmetic(true);
            painter.setPen(pen);
            painter.drawLines(run);
            run.clear();
        }
    }

    painter.setRenderHint(QPainter::Antialiasing, false);
    const qreal frame = kFramePixels / zoom;
    for (int i : visible.nodes) {
        const QRectF r = nodeRect(scene.centres.at(i));
        if (const Rgba f = scene.frameColour(i); f.a != 0)
            painter.fillRect(r.adjusted(-frame, -frame, frame, frame), qcolor(f));
        painter.fillRect(r, qcolor(scene.nodeColour(i)));
    }
    return image;
}

} // namespace frontend

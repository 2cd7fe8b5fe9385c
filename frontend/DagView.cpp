#include "frontend/DagView.h"

#include "backend/dag/DagJson.h"
#include "backend/domain/WorkflowWords.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <QSGTransformNode>
#include <QSGVertexColorMaterial>
#include <QThreadPool>

#include <cmath>

namespace frontend {

namespace {

struct Rgba
{
    uchar r, g, b, a;
};

/// Node colours by TaskRunState (enum order).
constexpr Rgba kStateColours[] = {
    {0x9e, 0x9e, 0x9e, 0xff}, // blocked
    {0x90, 0xb4, 0xd8, 0xff}, // scheduled
    {0x4d, 0xb6, 0xc4, 0xff}, // ready
    {0xf0, 0xc0, 0x40, 0xff}, // leased
    {0x2f, 0x80, 0xed, 0xff}, // running
    {0xf2, 0x99, 0x4a, 0xff}, // retry_wait
    {0x27, 0xae, 0x60, 0xff}, // succeeded
    {0xeb, 0x57, 0x57, 0xff}, // failed
    {0x5f, 0x5f, 0x5f, 0xff}, // canceled
    {0xa0, 0x3c, 0x3c, 0xff}, // upstream_failed
};
constexpr Rgba kEdge {0x80, 0x80, 0x88, 0xff};
constexpr Rgba kPreferredEdge {0xb8, 0xb8, 0xc0, 0xff};
constexpr Rgba kHighlight {0x1e, 0x6f, 0xff, 0xff};
constexpr Rgba kCritical {0xc0, 0x30, 0xc0, 0xff};

Rgba faded(Rgba c, qreal alpha)
{
    // QSGVertexColorMaterial takes premultiplied colours.
    const auto f = [alpha](uchar v) { return uchar(std::lround(v * alpha)); };
    return {f(c.r), f(c.g), f(c.b), f(c.a)};
}

void setVertex(QSGGeometry::ColoredPoint2D &v, float x, float y, Rgba c)
{
    v.set(x, y, c.r, c.g, c.b, c.a);
}

void quad(QSGGeometry::ColoredPoint2D *&v, QPointF a, QPointF b, QPointF c, QPointF d, Rgba col)
{
    // Two triangles a-b-c, a-c-d.
    setVertex(*v++, float(a.x()), float(a.y()), col);
    setVertex(*v++, float(b.x()), float(b.y()), col);
    setVertex(*v++, float(c.x()), float(c.y()), col);
    setVertex(*v++, float(a.x()), float(a.y()), col);
    setVertex(*v++, float(c.x()), float(c.y()), col);
    setVertex(*v++, float(d.x()), float(d.y()), col);
}

void rect(QSGGeometry::ColoredPoint2D *&v, const QRectF &r, Rgba col)
{
    quad(v, r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft(), col);
}

QSGGeometryNode *makeBatch()
{
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), 0);
    geometry->setDrawingMode(QSGGeometry::DrawTriangles);
    geometry->setVertexDataPattern(QSGGeometry::StaticPattern);
    node->setGeometry(geometry);
    node->setFlag(QSGNode::OwnsGeometry);
    node->setMaterial(new QSGVertexColorMaterial);
    node->setFlag(QSGNode::OwnsMaterial);
    return node;
}

constexpr qreal kMinZoom = 0.002;
constexpr qreal kMaxZoom = 4.0;
constexpr qreal kLegibleNodeHeight = 14.0; ///< px: below this, labels are not drawn
constexpr int kMaxLabels = 600;

} // namespace

DagView::DagView(QQuickItem *parent)
    : QQuickItem(parent)
{
    setFlag(ItemHasContents);
    setAcceptedMouseButtons(Qt::LeftButton);
    setClip(true);
}

DagView::~DagView() = default;

void DagView::setClient(AppClient *client)
{
    if (m_client == client)
        return;
    disconnect(m_applied);
    disconnect(m_reset);
    m_client = client;
    if (client) {
        m_applied = connect(client->hub(), &EventHub::applied, this,
                            [this](const backend::StoredEvent &event) { onEvent(event); });
        m_reset = connect(client->hub(), &EventHub::reset, this, [this] { requestLayout(); });
    }
    requestLayout();
    Q_EMIT clientChanged();
}

void DagView::setWorkflowId(const QString &workflowId)
{
    if (m_workflowId == workflowId)
        return;
    m_workflowId = workflowId;
    m_fitPending = true;
    m_selectedTaskId.clear();
    ++m_generation;
    if (workflowId.isEmpty())
        adoptLayout(DagLayout {}, 0, m_generation);
    else
        requestLayout();
    Q_EMIT workflowIdChanged();
    Q_EMIT selectedTaskIdChanged();
}

void DagView::setSelectedTaskId(const QString &taskId)
{
    if (m_selectedTaskId == taskId)
        return;
    m_selectedTaskId = taskId;
    refreshHighlight();
    Q_EMIT selectedTaskIdChanged();
}

void DagView::setShowCriticalPath(bool show)
{
    if (m_showCriticalPath == show)
        return;
    m_showCriticalPath = show;
    m_geometryDirty = true;
    update();
    Q_EMIT showCriticalPathChanged();
}

QStringList DagView::criticalPath() const
{
    QStringList ids;
    for (int i = 0; i < m_layout.ids.size(); ++i)
        if (m_layout.critical[std::size_t(i)])
            ids.append(m_layout.ids.at(i));
    return ids;
}

void DagView::onEvent(const backend::StoredEvent &event)
{
    if (m_workflowId.isEmpty())
        return;
    if (event.aggregateKind == QLatin1String("task")
        && event.aggregateId.startsWith(m_workflowId + QLatin1Char('/'))) {
        if (event.type == QLatin1String("task.added")
            || event.type == QLatin1String("task.dependency-declared")) {
            requestLayout();
            return;
        }
        const QString taskId = event.aggregateId.mid(m_workflowId.size() + 1);
        const int node = m_layout.indexOf.value(taskId, -1);
        const auto *workflow = m_client->model().workflow(backend::WorkflowId(m_workflowId));
        const backend::TaskView *task
            = workflow ? workflow->task(backend::TaskId(taskId)) : nullptr;
        if (node >= 0 && task && m_states[std::size_t(node)] != std::uint8_t(task->state)) {
            m_states[std::size_t(node)] = std::uint8_t(task->state);
            m_geometryDirty = true;
            update();
        }
    } else if (event.aggregateKind == QLatin1String("workflow") && event.aggregateId == m_workflowId
               && event.type == QLatin1String("workflow.created")) {
        requestLayout();
    }
}

void DagView::requestLayout()
{
    if (!m_client || !m_client->isReady() || m_workflowId.isEmpty())
        return;
    if (m_layingOut) {
        m_layoutAgain = true;
        return;
    }
    // Posted so that a burst of events (an import's task.added × n) makes one layout.
    m_layingOut = true;
    Q_EMIT layingOutChanged();
    QMetaObject::invokeMethod(
        this,
        [this] {
            const backend::WorkflowView *workflow = m_client
                ? m_client->model().workflow(backend::WorkflowId(m_workflowId))
                : nullptr;
            if (!workflow) {
                m_layingOut = false;
                Q_EMIT layingOutChanged();
                adoptLayout(DagLayout {}, 0, m_generation);
                return;
            }
            // A copy of the view shares its task hash (implicit sharing): cheap to hand over.
            startLayout([view = *workflow] { return layoutWorkflow(view); });
        },
        Qt::QueuedConnection);
}

void DagView::startLayout(std::function<DagLayout()> job)
{
    m_layingOut = true;
    Q_EMIT layingOutChanged();
    QPointer<DagView> self(this);
    const quint64 generation = m_generation;
    QThreadPool::globalInstance()->start([self, generation, job = std::move(job)] {
        QElapsedTimer timer;
        timer.start();
        DagLayout layout = job();
        const qreal millis = qreal(timer.nsecsElapsed()) / 1e6;
        // qApp as context: it outlives the view; the QPointer is read on the GUI thread.
        QMetaObject::invokeMethod(
            qApp,
            [self, generation, millis, layout = std::move(layout)]() mutable {
                if (self)
                    self->adoptLayout(std::move(layout), millis, generation);
            },
            Qt::QueuedConnection);
    });
}

void DagView::adoptLayout(DagLayout layout, qreal millis, quint64 generation)
{
    const bool wasLayingOut = m_layingOut;
    m_layingOut = false;
    if (generation == m_generation) {
        m_layout = std::move(layout);
        m_layoutMs = millis;
        refreshStates();
        if (m_fitPending && !m_layout.ids.isEmpty()) {
            m_fitPending = false;
            fitToView();
        }
        refreshHighlight();
        refreshLabels(true);
        Q_EMIT layoutChanged();
    }
    if (m_layoutAgain || generation != m_generation) {
        m_layoutAgain = false;
        requestLayout();
    } else if (wasLayingOut) {
        Q_EMIT layingOutChanged();
    }
}

void DagView::refreshStates()
{
    m_states.assign(std::size_t(m_layout.ids.size()),
                    std::uint8_t(backend::TaskRunState::Scheduled));
    const backend::WorkflowView *workflow = m_client && !m_workflowId.isEmpty()
        ? m_client->model().workflow(backend::WorkflowId(m_workflowId))
        : nullptr;
    if (workflow)
        for (int i = 0; i < m_layout.ids.size(); ++i)
            if (const backend::TaskView *task = workflow->task(backend::TaskId(m_layout.ids.at(i))))
                m_states[std::size_t(i)] = std::uint8_t(task->state);
    m_geometryDirty = true;
    update();
}

void DagView::refreshHighlight()
{
    const int selected = m_layout.indexOf.value(m_selectedTaskId, -1);
    m_highlight.clear();
    if (selected >= 0) {
        m_highlight = reachable(m_layout, selected, false);
        const std::vector<char> down = reachable(m_layout, selected, true);
        for (std::size_t i = 0; i < m_highlight.size(); ++i)
            m_highlight[i] = char(m_highlight[i] | down[i]);
        m_highlight[std::size_t(selected)] = 1;
    }
    m_geometryDirty = true;
    update();
}

QString DagView::taskState(const QString &taskId) const
{
    const int node = m_layout.indexOf.value(taskId, -1);
    if (node < 0 || std::size_t(node) >= m_states.size())
        return {};
    return backend::toWord(backend::TaskRunState(m_states[std::size_t(node)]));
}

void DagView::showGraphJson(const QString &json)
{
    m_workflowId.clear();
    ++m_generation;
    m_fitPending = true;
    Q_EMIT workflowIdChanged();
    startLayout([json] {
        auto document = backend::parseDagJson(json.toUtf8(), backend::CyclePolicy::Allow);
        if (!document)
            return DagLayout {};
        const QStringList ids = document->dag.nodes();
        QStringList titles;
        QList<double> weights;
        QHash<QString, int> indexOf;
        for (const QString &id : ids) {
            indexOf.insert(id, int(titles.size()));
            titles.append(document->titles.value(id, id));
            weights.append(document->dag.weight(id).value_or(1.0));
        }
        QList<DagLayoutEdge> edges;
        for (const backend::DagEdge &e : document->dag.edges())
            edges.append({indexOf.value(e.from), indexOf.value(e.to),
                          e.type == backend::DependencyType::Blocking});
        return layoutDag(ids, titles, weights, edges);
    });
}

void DagView::fitToView()
{
    if (m_layout.ids.isEmpty() || width() <= 0 || height() <= 0) {
        m_fitPending = m_layout.ids.isEmpty() || width() <= 0 || height() <= 0;
        return;
    }
    const QRectF b = m_layout.bounds.adjusted(-20, -20, 20, 20);
    const qreal zoom
        = std::clamp(std::min(width() / b.width(), height() / b.height()), kMinZoom, 1.5);
    const QPointF pan(width() / 2 - b.center().x() * zoom, height() / 2 - b.center().y() * zoom);
    setView(zoom, pan);
}

void DagView::zoomAt(qreal factor, qreal x, qreal y)
{
    const qreal zoom = std::clamp(m_zoom * factor, kMinZoom, kMaxZoom);
    const QPointF at(x, y);
    const QPointF layoutPoint = (at - m_pan) / m_zoom;
    setView(zoom, at - layoutPoint * zoom);
}

void DagView::panBy(qreal dx, qreal dy)
{
    setView(m_zoom, m_pan + QPointF(dx, dy));
}

void DagView::setView(qreal zoom, QPointF pan)
{
    // Edges are drawn a fixed number of pixels wide: their geometry follows zoom in octaves.
    if (std::floor(std::log2(zoom)) != std::floor(std::log2(m_zoom)))
        m_geometryDirty = true;
    m_zoom = zoom;
    m_pan = pan;
    refreshLabels();
    update();
    Q_EMIT viewChanged();
}

QString DagView::taskAt(qreal x, qreal y) const
{
    const QPointF p = (QPointF(x, y) - m_pan) / m_zoom;
    for (int i = 0; i < m_layout.ids.size(); ++i) {
        const QPointF c = m_layout.centres.at(i);
        if (std::abs(p.x() - c.x()) <= DagLayout::kNodeWidth / 2
            && std::abs(p.y() - c.y()) <= DagLayout::kNodeHeight / 2)
            return m_layout.ids.at(i);
    }
    return {};
}

QPointF DagView::taskPosition(const QString &taskId) const
{
    const int node = m_layout.indexOf.value(taskId, -1);
    if (node < 0)
        return {-1, -1};
    return m_layout.centres.at(node) * m_zoom + m_pan;
}

void DagView::refreshLabels(bool force)
{
    QVariantList labels;
    const bool legible = m_zoom * DagLayout::kNodeHeight >= kLegibleNodeHeight;
    if (legible && !m_layout.ids.isEmpty()) {
        const QRectF visible(-m_pan / m_zoom, QSizeF(width(), height()) / m_zoom);
        if (!force && m_labelZoom > 0 && m_labelWindow.contains(visible))
            return; // the labels already cover the viewport
        const QRectF window = visible.adjusted(-visible.width() / 2, -visible.height() / 2,
                                               visible.width() / 2, visible.height() / 2);
        for (int i = 0; i < m_layout.ids.size() && labels.size() <= kMaxLabels; ++i) {
            const QPointF c = m_layout.centres.at(i);
            if (!window.contains(c))
                continue;
            labels.append(QVariantMap {
                {QStringLiteral("taskId"), m_layout.ids.at(i)},
                {QStringLiteral("title"), m_layout.titles.at(i)},
                {QStringLiteral("x"), c.x() - DagLayout::kNodeWidth / 2},
                {QStringLiteral("y"), c.y() - DagLayout::kNodeHeight / 2},
            });
        }
        if (labels.size() > kMaxLabels)
            labels.clear();
        m_labelWindow = window;
        m_labelZoom = m_zoom;
    } else {
        if (m_labels.isEmpty() && !force)
            return;
        m_labelWindow = QRectF();
        m_labelZoom = 0;
    }
    m_labels = labels;
    Q_EMIT labelsChanged();
}

void DagView::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (m_fitPending)
        fitToView();
    refreshLabels(true);
}

QSGNode *DagView::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    auto *root = static_cast<QSGTransformNode *>(oldNode);
    if (!root) {
        root = new QSGTransformNode;
        root->appendChildNode(makeBatch()); // edges
        root->appendChildNode(makeBatch()); // node rectangles
        m_geometryDirty = true;
    }
    auto *edgeNode = static_cast<QSGGeometryNode *>(root->firstChild());
    auto *rectNode = static_cast<QSGGeometryNode *>(root->lastChild());
    if (m_geometryDirty) {
        m_geometryDirty = false;
        const bool selection = !m_highlight.empty();
        const auto lit = [&](int v) { return !selection || m_highlight[std::size_t(v)]; };
        const auto onPath
            = [&](int v) { return m_showCriticalPath && m_layout.critical[std::size_t(v)]; };
        const qreal dim = 0.28;

        // Edges: a quad each, `thickness` pixels wide at the current zoom octave.
        const qreal octave = std::exp2(std::floor(std::log2(m_zoom)));
        const qreal thickness = 1.6 / octave;
        QSGGeometry *eg = edgeNode->geometry();
        eg->allocate(int(m_layout.edges.size()) * 6);
        auto *v = eg->vertexDataAsColoredPoint2D();
        for (const DagLayoutEdge &e : m_layout.edges) {
            const QPointF a = m_layout.centres.at(e.from) + QPointF(0, DagLayout::kNodeHeight / 2);
            const QPointF b = m_layout.centres.at(e.to) - QPointF(0, DagLayout::kNodeHeight / 2);
            QPointF d = b - a;
            const qreal length = std::hypot(d.x(), d.y());
            const QPointF normal = length > 0 ? QPointF(-d.y(), d.x()) / length : QPointF(1, 0);
            const bool critical = onPath(e.from) && onPath(e.to) && e.blocking;
            const qreal w = (critical ? 2.2 : 1.0) * thickness / 2;
            Rgba colour = critical ? kCritical : e.blocking ? kEdge : kPreferredEdge;
            if (selection && lit(e.from) && lit(e.to))
                colour = kHighlight;
            else if ((selection && !(lit(e.from) && lit(e.to)))
                     || (m_showCriticalPath && !critical))
                colour = faded(colour, dim);
            quad(v, a + normal * w, b + normal * w, b - normal * w, a - normal * w, colour);
        }
        edgeNode->markDirty(QSGNode::DirtyGeometry);

        // Node rectangles; a frame behind the selected node and the critical path's nodes.
        const int selected = m_layout.indexOf.value(m_selectedTaskId, -1);
        int frames = selected >= 0 ? 1 : 0;
        if (m_showCriticalPath)
            frames += int(std::count(m_layout.critical.begin(), m_layout.critical.end(), 1));
        QSGGeometry *ng = rectNode->geometry();
        ng->allocate((int(m_layout.ids.size()) + frames) * 6);
        v = ng->vertexDataAsColoredPoint2D();
        const QSizeF size(DagLayout::kNodeWidth, DagLayout::kNodeHeight);
        for (int i = 0; i < m_layout.ids.size(); ++i) {
            const QRectF r(m_layout.centres.at(i) - QPointF(size.width() / 2, size.height() / 2),
                           size);
            const qreal frame = 4.0 / std::min(octave, 1.0);
            if (i == selected)
                rect(v, r.adjusted(-frame, -frame, frame, frame), kHighlight);
            else if (onPath(i))
                rect(v, r.adjusted(-frame, -frame, frame, frame), kCritical);
            const std::uint8_t state = i < int(m_states.size()) ? m_states[std::size_t(i)] : 1;
            Rgba colour = kStateColours[std::min<std::size_t>(state, std::size(kStateColours) - 1)];
            if (!lit(i) || (m_showCriticalPath && !onPath(i)))
                colour = faded(colour, dim);
            rect(v, r, colour);
        }
        rectNode->markDirty(QSGNode::DirtyGeometry);
    }
    QMatrix4x4 matrix;
    matrix.translate(float(m_pan.x()), float(m_pan.y()));
    matrix.scale(float(m_zoom));
    root->setMatrix(matrix);
    return root;
}

void DagView::mousePressEvent(QMouseEvent *event)
{
    m_pressAt = event->position();
    m_lastMouse = event->position();
    m_dragged = false;
    setKeepMouseGrab(true);
    event->accept();
}

void DagView::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF delta = event->position() - m_lastMouse;
    m_lastMouse = event->position();
    if ((event->position() - m_pressAt).manhattanLength() > 4)
        m_dragged = true;
    if (m_dragged)
        panBy(delta.x(), delta.y());
    event->accept();
}

void DagView::mouseReleaseEvent(QMouseEvent *event)
{
    setKeepMouseGrab(false);
    if (!m_dragged)
        setSelectedTaskId(taskAt(event->position().x(), event->position().y()));
    event->accept();
}

void DagView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QString task = taskAt(event->position().x(), event->position().y());
    if (!task.isEmpty())
        Q_EMIT taskActivated(task);
    event->accept();
}

void DagView::wheelEvent(QWheelEvent *event)
{
    const QPointF at = event->position();
    zoomAt(std::pow(1.0015, event->angleDelta().y()), at.x(), at.y());
    event->accept();
}

} // namespace frontend

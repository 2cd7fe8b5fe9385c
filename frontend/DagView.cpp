#include "frontend/DagView.h"

#include "frontend/DagScene.h"

#include "backend/dag/DagJson.h"
#include "backend/domain/WorkflowWords.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QQuickWindow>
#include <QSGGeometryNode>
#include <QSGImageNode>
#include <QSGRendererInterface>
#include <QSGTransformNode>
#include <QSGVertexColorMaterial>
#include <QThreadPool>

#include <cmath>

namespace frontend {

namespace {

QSGGeometryNode *makeBatch(QSGGeometry::DrawingMode mode)
{
    auto *node = new QSGGeometryNode;
    auto *geometry = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), 0);
    geometry->setDrawingMode(mode);
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
/// The scene-graph batches cover the viewport grown by this fraction on each side: every edge
/// in them costs llvmpipe time each frame, while rebuilding them is well under a millisecond.
constexpr qreal kBatchMargin = 0.15;
constexpr qreal kPictureScale = 1.5; ///< the software rendering's picture, in viewports

/// `rect` grown by `fraction` of its size on each side.
QRectF widened(const QRectF &rect, qreal fraction)
{
    const qreal dx = rect.width() * fraction;
    const qreal dy = rect.height() * fraction;
    return rect.adjusted(-dx, -dy, dx, dy);
}

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
    sceneChanged();
    refreshLabels(true);
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

QVariantList DagView::legend()
{
    QVariantList entries;
    for (int state = 0; state < kRunStateCount; ++state) {
        const Rgba c = stateColour(std::uint8_t(state));
        entries.append(
            QVariantMap {{QStringLiteral("state"), backend::toWord(backend::TaskRunState(state))},
                         {QStringLiteral("color"), QColor(c.r, c.g, c.b, c.a)}});
    }
    return entries;
}

QColor DagView::titleColor()
{
    return QColor(kNodeTitle.r, kNodeTitle.g, kNodeTitle.b, kNodeTitle.a);
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
            sceneChanged();
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
        refreshHighlight(); // and the labels
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
    sceneChanged();
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
    sceneChanged();
    refreshLabels(true);
}

QColor DagView::taskColour(const QString &taskId) const
{
    const int node = m_layout.indexOf.value(taskId, -1);
    if (node < 0)
        return {};
    const Rgba c = scene().nodeColour(node);
    return QColor(c.r, c.g, c.b, c.a);
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
        const QRectF visible = viewport();
        if (!force && m_labelZoom > 0 && m_labelWindow.contains(visible))
            return; // the labels already cover the viewport
        // A margin around the viewport lets a short pan reuse the labels; when the margin
        // would hold too many, a smaller one (or none) still labels what is on screen.
        QRectF window;
        const DagScene drawn = scene();
        for (const qreal margin : {0.5, 0.15, 0.0}) {
            labels.clear();
            window = widened(visible, margin);
            for (int i = 0; i < m_layout.ids.size() && labels.size() <= kMaxLabels; ++i) {
                const QPointF c = m_layout.centres.at(i);
                if (!window.contains(c))
                    continue;
                labels.append(QVariantMap {
                    {QStringLiteral("taskId"), m_layout.ids.at(i)},
                    {QStringLiteral("title"), m_layout.titles.at(i)},
                    {QStringLiteral("x"), c.x() - DagLayout::kNodeWidth / 2},
                    {QStringLiteral("y"), c.y() - DagLayout::kNodeHeight / 2},
                    {QStringLiteral("dim"), drawn.faded(i)},
                });
            }
            if (labels.size() <= kMaxLabels)
                break;
        }
        // More nodes on screen than Text items can follow smoothly: none rather than some.
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

QRectF DagView::viewport() const
{
    return {-m_pan / m_zoom, QSizeF(width(), height()) / m_zoom};
}

void DagView::sceneChanged()
{
    ++m_sceneVersion;
    update();
}

DagScene DagView::scene() const
{
    DagScene scene;
    scene.centres = m_layout.centres;
    scene.edges = m_layout.edges;
    scene.states = m_states;
    scene.highlight = m_highlight;
    scene.critical = m_layout.critical;
    scene.selected = m_layout.indexOf.value(m_selectedTaskId, -1);
    scene.showCriticalPath = m_showCriticalPath;
    return scene;
}

QSGNode *DagView::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    if (!oldNode)
        m_software = window()->rendererInterface()->graphicsApi() == QSGRendererInterface::Software;
    return m_software ? updatePictureNode(oldNode) : updateGeometryNode(oldNode);
}

QSGNode *DagView::updateGeometryNode(QSGNode *oldNode)
{
    auto *root = static_cast<QSGTransformNode *>(oldNode);
    if (!root) {
        root = new QSGTransformNode;
        root->appendChildNode(makeBatch(QSGGeometry::DrawLines)); // edges
        root->appendChildNode(makeBatch(QSGGeometry::DrawTriangles)); // emphasised edges
        root->appendChildNode(makeBatch(QSGGeometry::DrawTriangles)); // node rectangles
        m_geometryVersion = m_sceneVersion - 1;
    }
    auto *edgeNode = static_cast<QSGGeometryNode *>(root->firstChild());
    auto *emphasisNode = static_cast<QSGGeometryNode *>(edgeNode->nextSibling());
    auto *rectNode = static_cast<QSGGeometryNode *>(root->lastChild());
    // Emphasised edges are drawn a fixed number of pixels wide: their geometry follows zoom in
    // octaves.
    // Only what lies near the viewport is in the batches (llvmpipe's cost grows with every
    // vertex); they are rebuilt when the viewport leaves that window.
    const qreal octave = std::exp2(std::floor(std::log2(m_zoom)));
    const QRectF visible = viewport();
    if (m_geometryVersion != m_sceneVersion || octave != m_geometryOctave
        || !m_geometryWindow.contains(visible)) {
        m_geometryVersion = m_sceneVersion;
        m_geometryOctave = octave;
        m_geometryWindow = widened(visible, kBatchMargin);
        const DagScene s = scene();
        // The largest zoom of the octave: an edge is dropped only while it stays under a pixel.
        fillGeometry(s, s.visibleIn(m_geometryWindow, 2 * octave), 1.6 / octave,
                     4.0 / std::min(octave, 1.0),
                     {edgeNode->geometry(), emphasisNode->geometry(), rectNode->geometry()});
        // Opaque batches let the renderer draw without blending, nodes first and edges behind
        // them with a depth test (llvmpipe then skips the edge pixels under nodes). Faded
        // colours must blend, and frames overlap their nodes only when something is dimmed.
        for (QSGGeometryNode *batch : {edgeNode, emphasisNode, rectNode}) {
            if (batch->material()->flags().testFlag(QSGMaterial::Blending) != s.dims()) {
                batch->material()->setFlag(QSGMaterial::Blending, s.dims());
                batch->markDirty(QSGNode::DirtyMaterial);
            }
            batch->markDirty(QSGNode::DirtyGeometry);
        }
    }
    QMatrix4x4 matrix;
    matrix.translate(float(m_pan.x()), float(m_pan.y()));
    matrix.scale(float(m_zoom));
    root->setMatrix(matrix);
    return root;
}

bool DagView::pictureIsStale() const
{
    if (!m_picture.zoom || m_picture.version != m_sceneVersion || m_picture.zoom != m_zoom)
        return true;
    // Painted again before the viewport reaches the picture's edge, so panning rarely shows
    // the blank beyond it.
    const QRectF visible = viewport();
    const qreal margin = (m_picture.window.width() - visible.width()) / 4;
    const qreal marginY = (m_picture.window.height() - visible.height()) / 4;
    return !m_picture.window.adjusted(margin, marginY, -margin, -marginY).contains(visible);
}

QSGNode *DagView::updatePictureNode(QSGNode *oldNode)
{
    if (pictureIsStale() && !m_painting)
        QMetaObject::invokeMethod(this, &DagView::paintPicture, Qt::QueuedConnection);
    if (m_picture.image.isNull())
        return oldNode;
    auto *node = static_cast<QSGImageNode *>(oldNode);
    if (!node) {
        node = window()->createImageNode();
        node->setOwnsTexture(true);
        // Also while a zoom waits for its picture: smooth scaling of the whole picture cost
        // QPainter 10–35 ms a frame, the nearest pixel a fraction of that.
        node->setFiltering(QSGTexture::Nearest);
    }
    if (m_pictureFresh) {
        m_pictureFresh = false;
        node->setTexture(window()->createTextureFromImage(m_picture.image));
        node->setSourceRect(QRectF(QPointF(), m_picture.image.size()));
    }
    QRectF target(m_picture.window.topLeft() * m_zoom + m_pan, m_picture.window.size() * m_zoom);
    if (m_picture.zoom == m_zoom) {
        // Whole pixels: QPainter then copies the image instead of resampling it.
        target.moveTopLeft(target.topLeft().toPoint());
        target.setSize(m_picture.image.size());
    }
    node->setRect(target);
    return node;
}

void DagView::paintPicture()
{
    if (m_painting || !pictureIsStale() || width() <= 0 || height() <= 0)
        return;
    m_painting = true;
    // Half a viewport more in each direction: panning moves the picture until it is repainted.
    const QSize size(int(std::ceil(width() * kPictureScale)),
                     int(std::ceil(height() * kPictureScale)));
    const QSizeF layoutSize = QSizeF(size) / m_zoom;
    const QRectF window(viewport().center() - QPointF(layoutSize.width(), layoutSize.height()) / 2,
                        layoutSize);
    QPointer<DagView> self(this);
    QThreadPool::globalInstance()->start(
        [self, scene = scene(), window, zoom = m_zoom, size, version = m_sceneVersion] {
            QImage image = paintScene(scene, window, zoom, size);
            QMetaObject::invokeMethod(
                qApp,
                [self, window, zoom, version, image = std::move(image)]() mutable {
                    if (self)
                        self->adoptPicture({std::move(image), window, zoom, version});
                },
                Qt::QueuedConnection);
        });
}

void DagView::adoptPicture(Picture picture)
{
    m_painting = false;
    m_picture = std::move(picture);
    m_pictureFresh = true;
    update();
}

void DagView::mousePressEvent(QMouseEvent *event)
{
    m_pressAt = event->position();
    m_panAtPress = m_pan;
    m_pressed = true;
    m_lastMouse = event->position();
    m_dragged = false;
    m_touchPress = event->device()->type() == QInputDevice::DeviceType::TouchScreen;
    // Keeps a mouse drag from being taken by a parent, but lets a second finger's pinch
    // (the PinchHandler around the view) take a touch over: a kept grab would veto it.
    setKeepMouseGrab(!m_touchPress);
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
    m_pressed = false;
    setKeepMouseGrab(false);
    if (!m_dragged)
        setSelectedTaskId(taskAt(event->position().x(), event->position().y()));
    event->accept();
}

void DagView::mouseUngrabEvent()
{
    // Taken away mid-press: a pinch took the touch over. The first finger's pan before the
    // pinch was recognised is undone, so the zoom starts where the fingers came down.
    if (m_pressed && m_dragged && m_touchPress)
        setView(m_zoom, m_panAtPress);
    m_pressed = false;
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

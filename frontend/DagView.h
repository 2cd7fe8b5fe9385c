#pragma once

#include "frontend/AppClient.h"
#include "frontend/DagLayout.h"
#include "frontend/DagScene.h"

#include <QColor>
#include <QImage>
#include <QPointer>
#include <QQuickItem>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace frontend {

/// The workflow's DAG, drawn with the scene graph: one geometry node (one draw call) for the
/// edges near the viewport as triangles and one for the node rectangles, under one transform for
/// pan and zoom, so panning changes a matrix and, when the viewport leaves the window the
/// batches cover, rebuilds them. Qt Quick's software backend draws no custom geometry: there the
/// DAG is a picture (QPainter, on a pool thread) a little larger than the viewport, moved while
/// panning and painted again near its edge or at a new zoom. The layout is computed on a pool
/// thread whenever tasks or edges are added; run states only recolour. Labels are not drawn here
/// (Qt 6.4 has no QSGTextNode): `labels` lists the titles of nodes near the viewport, in layout
/// units, for a QML Repeater under the same transform, and only while they are legible; each
/// says whether its node is drawn faded, so the title can be coloured for the background.
class DagView : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(frontend::AppClient *client READ client WRITE setClient NOTIFY clientChanged)
    Q_PROPERTY(QString workflowId READ workflowId WRITE setWorkflowId NOTIFY workflowIdChanged)
    Q_PROPERTY(QString selectedTaskId READ selectedTaskId WRITE setSelectedTaskId NOTIFY
                   selectedTaskIdChanged)
    Q_PROPERTY(bool showCriticalPath READ showCriticalPath WRITE setShowCriticalPath NOTIFY
                   showCriticalPathChanged)
    Q_PROPERTY(qreal zoom READ zoom NOTIFY viewChanged)
    Q_PROPERTY(qreal panX READ panX NOTIFY viewChanged)
    Q_PROPERTY(qreal panY READ panY NOTIFY viewChanged)
    Q_PROPERTY(int nodeCount READ nodeCount NOTIFY layoutChanged)
    Q_PROPERTY(int edgeCount READ edgeCount NOTIFY layoutChanged)
    Q_PROPERTY(int layerCount READ layerCount NOTIFY layoutChanged)
    Q_PROPERTY(qreal layoutMs READ layoutMs NOTIFY layoutChanged)
    Q_PROPERTY(bool layingOut READ isLayingOut NOTIFY layingOutChanged)
    Q_PROPERTY(QVariantList labels READ labels NOTIFY labelsChanged)
    Q_PROPERTY(QStringList criticalPath READ criticalPath NOTIFY layoutChanged)
    /// Every run state a node can show, in TaskRunState order: {state: word, color}.
    Q_PROPERTY(QVariantList legend READ legend CONSTANT)
    /// A node's title over its full fill; a faded node's title is the palette's text at
    /// fadedTitleOpacity (see DagScene.h).
    Q_PROPERTY(QColor titleColor READ titleColor CONSTANT)
    Q_PROPERTY(qreal fadedTitleOpacity READ fadedTitleOpacity CONSTANT)

public:
    explicit DagView(QQuickItem *parent = nullptr);
    ~DagView() override;

    [[nodiscard]] AppClient *client() const { return m_client; }
    void setClient(AppClient *client);
    [[nodiscard]] QString workflowId() const { return m_workflowId; }
    void setWorkflowId(const QString &workflowId);
    [[nodiscard]] QString selectedTaskId() const { return m_selectedTaskId; }
    void setSelectedTaskId(const QString &taskId);
    [[nodiscard]] bool showCriticalPath() const { return m_showCriticalPath; }
    void setShowCriticalPath(bool show);
    [[nodiscard]] qreal zoom() const { return m_zoom; }
    [[nodiscard]] qreal panX() const { return m_pan.x(); }
    [[nodiscard]] qreal panY() const { return m_pan.y(); }
    [[nodiscard]] int nodeCount() const { return int(m_layout.ids.size()); }
    [[nodiscard]] int edgeCount() const { return int(m_layout.edges.size()); }
    [[nodiscard]] int layerCount() const { return m_layout.layerCount; }
    [[nodiscard]] qreal layoutMs() const { return m_layoutMs; }
    [[nodiscard]] bool isLayingOut() const { return m_layingOut; }
    [[nodiscard]] QVariantList labels() const { return m_labels; }
    [[nodiscard]] QStringList criticalPath() const;
    [[nodiscard]] static QVariantList legend();
    [[nodiscard]] static QColor titleColor();
    [[nodiscard]] static qreal fadedTitleOpacity() { return kFadedTitleOpacity; }

    /// Scales and centres the whole graph in the item.
    Q_INVOKABLE void fitToView();
    /// Zooms by `factor` keeping the item point (x, y) still.
    Q_INVOKABLE void zoomAt(qreal factor, qreal x, qreal y);
    Q_INVOKABLE void panBy(qreal dx, qreal dy);
    /// The task under an item point; empty when none.
    Q_INVOKABLE QString taskAt(qreal x, qreal y) const;
    /// A task's centre in item coordinates (tests click there); (-1, -1) when unknown.
    Q_INVOKABLE QPointF taskPosition(const QString &taskId) const;
    /// The colour a task's node is filled with; alpha below 1 when it is drawn faded.
    Q_INVOKABLE QColor taskColour(const QString &taskId) const;
    /// The run state the view currently colours a task with.
    Q_INVOKABLE QString taskState(const QString &taskId) const;
    /// Lays out the given graph file (docs/DAG.md) without a workflow: benchmarks and previews.
    Q_INVOKABLE void showGraphJson(const QString &json);

Q_SIGNALS:
    void clientChanged();
    void workflowIdChanged();
    void selectedTaskIdChanged();
    void showCriticalPathChanged();
    void viewChanged();
    void layoutChanged();
    void layingOutChanged();
    void labelsChanged();
    void taskActivated(const QString &taskId); ///< double click

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseUngrabEvent() override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void onEvent(const backend::StoredEvent &event);
    void requestLayout();
    void startLayout(std::function<DagLayout()> job);
    void adoptLayout(DagLayout layout, qreal millis, quint64 generation);
    void refreshStates();
    void refreshHighlight();
    void refreshLabels(bool force = false);
    void setView(qreal zoom, QPointF pan);
    /// The part of the layout the item shows, in layout units.
    [[nodiscard]] QRectF viewport() const;
    /// Colours or the layout changed: both renderings are redone.
    void sceneChanged();
    [[nodiscard]] DagScene scene() const;
    QSGNode *updateGeometryNode(QSGNode *oldNode);
    QSGNode *updatePictureNode(QSGNode *oldNode);
    [[nodiscard]] bool pictureIsStale() const;
    void paintPicture();

    /// The software rendering: an image of `window` (layout units) painted at `zoom`.
    struct Picture
    {
        QImage image;
        QRectF window;
        qreal zoom = 0;
        quint64 version = 0; ///< the m_sceneVersion it shows
    };
    void adoptPicture(Picture picture);

    QPointer<AppClient> m_client;
    QMetaObject::Connection m_applied;
    QMetaObject::Connection m_reset;
    QString m_workflowId;
    QString m_selectedTaskId;
    bool m_showCriticalPath = false;
    DagLayout m_layout;
    std::vector<std::uint8_t> m_states; ///< node index → TaskRunState
    std::vector<char> m_highlight; ///< node index → ancestor/descendant/selected of selection
    quint64 m_generation = 0;
    bool m_layingOut = false;
    bool m_layoutAgain = false;
    bool m_fitPending = true;
    qreal m_layoutMs = 0;
    qreal m_zoom = 1.0;
    QPointF m_pan;
    QPointF m_pressAt;
    QPointF m_panAtPress;
    bool m_pressed = false; ///< between a press and its release, while the view has the grab
    bool m_touchPress = false; ///< the press came from a touchscreen
    QPointF m_lastMouse;
    bool m_dragged = false;
    quint64 m_sceneVersion = 1;
    bool m_software = false; ///< Qt Quick's software backend renders the window
    // The scene-graph rendering's batches: the scene version, zoom octave and layout window
    // they were built for.
    quint64 m_geometryVersion = 0;
    qreal m_geometryOctave = 0;
    QRectF m_geometryWindow;
    Picture m_picture;
    bool m_pictureFresh = false; ///< not yet a texture
    bool m_painting = false;
    QVariantList m_labels;
    QRectF m_labelWindow; ///< the layout rect the current labels cover
    qreal m_labelZoom = 0;
};

} // namespace frontend

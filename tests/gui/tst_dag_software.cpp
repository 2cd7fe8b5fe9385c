// The DAG view under Qt Quick's software backend, which draws no custom scene-graph geometry:
// the view falls back to a picture painted with QPainter. These cases grab the window and look
// for the nodes' colours where the view says the nodes are.
#include "frontend/DagView.h"
#include "tests/gui/LayeredWorkflow.h"

#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QtTest>

namespace {

constexpr QRgb kScheduled = 0xff90b4d8; ///< DagScene's colour of a scheduled task

bool near(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) <= 2 && std::abs(qGreen(a) - qGreen(b)) <= 2
        && std::abs(qBlue(a) - qBlue(b)) <= 2;
}

} // namespace

class TstDagSoftware : public QObject
{
    Q_OBJECT

private:
    /// The pixel of the grabbed window at the centre of a task.
    QRgb pixelOfTask(const QString &taskId)
    {
        const QPointF at = m_view->mapToScene(m_view->taskPosition(taskId));
        return m_window->grabWindow().pixel(at.toPoint());
    }

    std::unique_ptr<QQuickWindow> m_window;
    frontend::DagView *m_view = nullptr;

private Q_SLOTS:
    void initTestCase() { QQuickWindow::setGraphicsApi(QSGRendererInterface::Software); }

    void init()
    {
        m_window = std::make_unique<QQuickWindow>();
        m_window->resize(640, 400);
        m_view = new frontend::DagView(m_window->contentItem());
        m_view->setSize(QSizeF(640, 400));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_view->showGraphJson(testing::layeredWorkflowJson(12, 4, QStringLiteral("true")));
        QTRY_COMPARE(m_view->nodeCount(), 12);
        QTRY_VERIFY(!m_view->isLayingOut());
    }

    void cleanup() { m_window.reset(); }

    void given_software_backend_when_graph_shown_then_nodes_are_painted()
    {
        QCOMPARE(m_window->rendererInterface()->graphicsApi(), QSGRendererInterface::Software);
        for (const QString &task :
             {QStringLiteral("t0"), QStringLiteral("t5"), QStringLiteral("t11")})
            QTRY_VERIFY2(near(pixelOfTask(task), kScheduled), qPrintable(task));
        // Between two layers' nodes there is no node colour.
        const QPointF gap = (m_view->taskPosition(QStringLiteral("t0"))
                             + m_view->taskPosition(QStringLiteral("t4")))
            / 2;
        QVERIFY(!near(m_window->grabWindow().pixel(m_view->mapToScene(gap).toPoint()), kScheduled));
    }

    void given_software_backend_when_panned_far_then_nodes_are_painted_where_they_moved()
    {
        QTRY_VERIFY(near(pixelOfTask(QStringLiteral("t0")), kScheduled));
        m_view->zoomAt(2, 0, 0);
        m_view->panBy(-500, -300);
        const QPointF at = m_view->taskPosition(QStringLiteral("t10"));
        QVERIFY(at.x() > 0 && at.x() < 640 && at.y() > 0 && at.y() < 400);
        QTRY_VERIFY(near(pixelOfTask(QStringLiteral("t10")), kScheduled));
    }

    void given_software_backend_when_task_selected_then_unrelated_nodes_fade()
    {
        QTRY_VERIFY(near(pixelOfTask(QStringLiteral("t3")), kScheduled));
        // t0 → t4/t5/… : t3 is not among t0's ancestors or descendants in this shape.
        m_view->setSelectedTaskId(QStringLiteral("t0"));
        QTRY_VERIFY(!near(pixelOfTask(QStringLiteral("t3")), kScheduled));
        QVERIFY(near(pixelOfTask(QStringLiteral("t0")), kScheduled));
    }

    void
    given_large_graph_at_the_first_legible_zoom_when_shown_then_every_node_on_screen_has_a_label()
    {
        m_window->resize(1400, 900);
        m_view->setSize(QSizeF(1400, 900));
        m_view->showGraphJson(testing::layeredWorkflowJson(5000, 100, QStringLiteral("true")));
        QTRY_COMPARE(m_view->nodeCount(), 5000);
        QTRY_VERIFY(!m_view->isLayingOut());
        // Nodes 14.5 px high: legible, and ~400 of them on screen, too many for the wide margin.
        m_view->zoomAt(14.5 / 36.0 / m_view->zoom(), 700, 450);
        const QPointF middle = m_view->taskPosition(QStringLiteral("t2550"));
        m_view->panBy(700 - middle.x(), 450 - middle.y());
        QStringList onScreen;
        for (int i = 0; i < 5000; ++i) {
            const QString id = QStringLiteral("t%1").arg(i);
            const QPointF at = m_view->taskPosition(id);
            if (at.x() >= 0 && at.x() <= 1400 && at.y() >= 0 && at.y() <= 900)
                onScreen.append(id);
        }
        QVERIFY2(onScreen.size() > 200, qPrintable(QString::number(onScreen.size())));
        QSet<QString> labelled;
        for (const QVariant &label : m_view->labels())
            labelled.insert(label.toMap().value(QStringLiteral("taskId")).toString());
        for (const QString &id : std::as_const(onScreen))
            QVERIFY2(labelled.contains(id), qPrintable(id));
    }
};

QTEST_MAIN(TstDagSoftware)
#include "tst_dag_software.moc"

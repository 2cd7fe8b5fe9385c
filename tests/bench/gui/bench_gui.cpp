// GUI benchmarks (docs/BENCHMARKS.md, "GUI (issue 5)"):
//  1. layout time of layered workflows of 1 000 / 5 000 / 10 000 tasks (DagLayout, one thread);
//  2. frame times while panning the DAG view at those sizes: per frame, the time from the
//     scene graph's synchronisation to the swap, with the basic render loop (GUI thread);
//  3. event → model latency: a delta command dispatched at 100/s from the GUI thread to the
//     MessageListModel's dataChanged for it, through the real backend and store, split into
//     dispatch → the engine's timestamp on the event (queue to and wait for the backend
//     thread; millisecond clock), that → the event's arrival in the GUI thread (decide, store
//     commit, channel back), and arrival → dataChanged (the GUI's fold and the model).
// Run under a display for (2): tests/bench/gui/run.sh uses Xvfb (Mesa llvmpipe: software GL).
// --software renders with Qt Quick's software backend (QPainter, no OpenGL) instead;
// --sizes=N,… measures other graph sizes; --no-latency skips (3).
#include "frontend/AppClient.h"
#include "frontend/DagLayout.h"
#include "frontend/DagView.h"
#include "frontend/MessageListModel.h"
#include "tests/bench/gui/GuiBench.h"
#include "tests/gui/LayeredWorkflow.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

using bench::percentile;
using bench::waitUntil;

int widthFor(int count)
{
    return std::max(10, int(std::sqrt(double(count)) * 1.4));
}

void benchLayout(int count)
{
    const QJsonObject document
        = testing::layeredWorkflow(count, widthFor(count), QStringLiteral("true"));
    QStringList ids;
    QStringList titles;
    QList<double> weights;
    QHash<QString, int> index;
    for (const QJsonValue &t : document.value(QLatin1String("tasks")).toArray()) {
        index.insert(t[QLatin1String("id")].toString(), int(ids.size()));
        ids.append(t[QLatin1String("id")].toString());
        titles.append(t[QLatin1String("title")].toString());
        weights.append(1.0);
    }
    QList<frontend::DagLayoutEdge> edges;
    for (const QJsonValue &e : document.value(QLatin1String("dependencies")).toArray())
        edges.append({index.value(e[QLatin1String("from")].toString()),
                      index.value(e[QLatin1String("to")].toString()), true});
    std::vector<double> runs;
    frontend::DagLayout layout;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer timer;
        timer.start();
        layout = frontend::layoutDag(ids, titles, weights, edges);
        runs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("layout   tasks=%6d edges=%6lld layers=%4d  median %8.1f ms  max %8.1f ms  "
                "crossings %d → %d\n",
                count, qlonglong(edges.size()), layout.layerCount, percentile(runs, 50),
                percentile(runs, 100), layout.crossingsBefore, layout.crossingsAfter);
}

void benchPanning(int count, int frames)
{
    QQuickWindow window;
    window.resize(1400, 860);
    auto *view = new frontend::DagView(window.contentItem());
    view->setSize(QSizeF(1400, 860));
    window.show();
    view->showGraphJson(
        testing::layeredWorkflowJson(count, widthFor(count), QStringLiteral("true")));
    if (!waitUntil([&] { return view->nodeCount() == count; })) {
        std::printf("panning  tasks=%6d  layout did not arrive\n", count);
        return;
    }
    // A working zoom: nodes ~20 px tall, so thousands of them are in view.
    view->fitToView();
    view->zoomAt(std::max(1.0, 0.55 / view->zoom()), 700, 430);

    std::vector<double> frameMs;
    QElapsedTimer clock;
    clock.start();
    qint64 syncAt = 0;
    QObject::connect(
        &window, &QQuickWindow::beforeSynchronizing, &window,
        [&] { syncAt = clock.nsecsElapsed(); }, Qt::DirectConnection);
    int step = 0;
    QObject::connect(
        &window, &QQuickWindow::frameSwapped, &window,
        [&] {
            if (syncAt > 0)
                frameMs.push_back(double(clock.nsecsElapsed() - syncAt) / 1e6);
            ++step;
            view->panBy((step / 60) % 2 ? -9.0 : 9.0, 4.0 * std::sin(step / 9.0));
        },
        Qt::DirectConnection);
    view->panBy(1, 1);
    QElapsedTimer wall;
    wall.start();
    waitUntil([&] { return int(frameMs.size()) >= frames; }, 120000);
    const double seconds = double(wall.elapsed()) / 1000.0;
    if (frameMs.size() > 10)
        frameMs.erase(frameMs.begin(), frameMs.begin() + 10); // warm-up
    std::printf("panning  tasks=%6d  frames=%4zu  sync→swap p50 %6.2f ms  p99 %6.2f ms  "
                "max %6.2f ms  (%.0f fps, renderer: %s)\n",
                count, frameMs.size(), percentile(frameMs, 50), percentile(frameMs, 99),
                percentile(frameMs, 100), double(frameMs.size()) / seconds,
                window.rendererInterface()->graphicsApi() == QSGRendererInterface::Software
                    ? "Qt Quick software"
                    : "OpenGL");
}

void benchLatency(int events)
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("ws"));
    QDir().mkpath(root);
    frontend::AppClient client(dir.filePath(QStringLiteral("weft.sqlite")));
    waitUntil([&] { return client.isReady(); });
    const QString project
        = client.createProject(QStringLiteral("P"), root)[QStringLiteral("id")].toString();
    const QString thread = client
                               .createThread(project, QStringLiteral("T"),
                                             QStringLiteral("shell"))[QStringLiteral("id")]
                               .toString();
    // A turn that stays running while the benchmark streams deltas into it.
    const QString turn
        = client.startTurn(thread, QStringLiteral("sleep 120"))[QStringLiteral("id")].toString();
    waitUntil([&] { return client.thread(thread)[QStringLiteral("running")].toBool(); });

    frontend::MessageListModel model;

    std::vector<qint64> sentAt;
    std::vector<qint64> sentAtMs; ///< wall clock, to compare with the events' occurredAt
    std::vector<double> latencies;
    std::vector<double> toStamp; ///< dispatch → occurredAt (ms resolution)
    std::vector<double> toArrival; ///< occurredAt → the event's arrival in the GUI thread
    std::vector<double> toModel; ///< arrival → dataChanged
    QElapsedTimer clock;
    clock.start();
    std::size_t answered = 0;
    qint64 arrivedAt = 0;
    auto record = [&] {
        if (answered < sentAt.size()) {
            const qint64 now = clock.nsecsElapsed();
            latencies.push_back(double(now - sentAt[answered++]) / 1e6);
            toModel.push_back(double(now - arrivedAt) / 1e6);
        }
    };
    // Connected before the model's own connection to the hub, so it runs first.
    std::size_t arrived = 0;
    QObject::connect(
        client.hub(), &frontend::EventHub::applied, &model, [&](const backend::StoredEvent &event) {
            if (event.type != QLatin1String("thread.message-sent") || arrived >= sentAtMs.size())
                return;
            const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
            const qint64 stampMs = event.occurredAt.toMSecsSinceEpoch();
            arrivedAt = clock.nsecsElapsed();
            toStamp.push_back(double(stampMs - sentAtMs[arrived++]));
            toArrival.push_back(double(nowMs - stampMs));
        });
    model.setClient(&client);
    model.setThreadId(thread);
    waitUntil([&] { return !model.isLoading(); });
    QObject::connect(&model, &QAbstractItemModel::dataChanged, &model, record);
    int firstRows = model.rowCount();
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &model, [&] {
        if (model.rowCount() > firstRows)
            record();
        firstRows = model.rowCount();
    });
    const backend::MessageId message = backend::MessageId::generate();
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(10); // 100 events/s
    int sent = 0;
    QObject::connect(&timer, &QTimer::timeout, &timer, [&] {
        if (sent >= events) {
            timer.stop();
            return;
        }
        ++sent;
        sentAt.push_back(clock.nsecsElapsed());
        sentAtMs.push_back(QDateTime::currentMSecsSinceEpoch());
        client.dispatch(backend::ThreadMessageAssistantDelta {
            backend::CommandId::generate(), backend::ThreadId(thread), message,
            backend::TurnId(turn), QStringLiteral("x")});
    });
    timer.start();
    waitUntil([&] { return int(latencies.size()) >= events; }, 120000);
    client.interruptTurn(thread);
    std::printf("latency  events=%d at 100/s  dispatch→model p50 %6.2f ms  p99 %6.2f ms  max "
                "%6.2f ms\n",
                int(latencies.size()), percentile(latencies, 50), percentile(latencies, 99),
                percentile(latencies, 100));
    std::printf("latency  split p50 / p99 / max: dispatch→engine stamp %.0f / %.0f / %.0f ms, "
                "stamp→GUI %.0f / %.0f / %.0f ms (1 ms clock), GUI→model %.3f / %.3f / %.3f ms\n",
                percentile(toStamp, 50), percentile(toStamp, 99), percentile(toStamp, 100),
                percentile(toArrival, 50), percentile(toArrival, 99), percentile(toArrival, 100),
                percentile(toModel, 50), percentile(toModel, 99), percentile(toModel, 100));
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QSG_RENDER_LOOP", "basic");
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.contains(QStringLiteral("--software")))
        QQuickWindow::setGraphicsApi(QSGRendererInterface::Software);
    const bool quick = args.contains(QStringLiteral("--quick"));
    QList<int> sizes = quick ? QList<int> {1000} : QList<int> {1000, 5000, 10000};
    for (const QString &arg : args)
        if (arg.startsWith(QLatin1String("--sizes="))) { // e.g. --sizes=5000,10000
            sizes.clear();
            for (const QString &n : arg.mid(8).split(QLatin1Char(',')))
                sizes.append(n.toInt());
        }
    for (int n : sizes)
        benchLayout(n);
    if (!args.contains(QStringLiteral("--no-frames")))
        for (int n : sizes)
            benchPanning(n, quick ? 60 : 300);
    if (!args.contains(QStringLiteral("--no-latency")))
        benchLatency(quick ? 100 : 1000);
    return 0;
}

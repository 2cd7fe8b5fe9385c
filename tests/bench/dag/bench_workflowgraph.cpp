// WorkflowDag against NetworkX on the same random DAG files, in the same run.
//
//   bench_workflowgraph [--sizes 10000,100000,1000000] [--seed N] [--weft PATH]
//                     [--networkx SCRIPT] [--python PYTHON]
//
// For each size it writes a random DAG file (DagGenerator, seeded) into a temporary directory,
// times each operation in process for Weft and through bench_networkx.py for NetworkX (best of
// a few runs), then times `weft dag analyze FILE` and `bench_networkx.py analyze FILE` as whole
// processes. Prints one table row per operation and size.

#include "DagGenerator.h"

#include "backend/dag/DagJson.h"
#include "backend/dag/WorkflowDag.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace backend;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

struct Options
{
    std::vector<qint64> sizes {10'000, 100'000, 1'000'000};
    quint64 seed = 20261123;
    QString weft;
    QString networkx;
    QString python = QStringLiteral("/usr/bin/python3"); // Debian's python3-networkx
};

/// The best wall time of `repeat` runs; `before` runs ahead of each, off the clock.
template<typename F, typename B = void (*)()>
double bestSeconds(
    int repeat, F &&run, B &&before = [] {})
{
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < repeat; ++i) {
        before();
        QElapsedTimer timer;
        timer.start();
        run();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e9);
    }
    return best;
}

/// Runs a process to completion; its wall time in seconds, or NaN when it fails.
double processSeconds(const QString &program, const QStringList &args, int expectedExit)
{
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(program, args);
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != expectedExit) {
        err << "failed: " << program << ' ' << args.join(u' ') << ": "
            << process.readAllStandardError() << '\n';
        return std::nan("");
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

QString ms(double seconds)
{
    return std::isnan(seconds) ? QStringLiteral("-") : QString::number(seconds * 1000.0, 'f', 1);
}

void row(const QString &op, qint64 edges, double weft, double nx)
{
    const QString ratio = std::isnan(nx) || std::isnan(weft) || weft <= 0
        ? QStringLiteral("-")
        : QString::number(nx / weft, 'f', 1) + u'x';
    out << qSetFieldWidth(18) << Qt::left << op << qSetFieldWidth(10) << Qt::right << edges
        << qSetFieldWidth(12) << ms(weft) << qSetFieldWidth(14) << ms(nx) << qSetFieldWidth(10)
        << ratio << qSetFieldWidth(0) << '\n';
    out.flush();
}

void benchSize(const Options &options, const QString &dir, qint64 edges)
{
    const QString filePath = dir + QStringLiteral("/dag-%1.json").arg(edges);
    const QByteArray bytes = bench::randomDagJson(edges, options.seed + quint64(edges));
    {
        QFile file(filePath);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
            err << "cannot write " << filePath << '\n';
            return;
        }
    }
    const int repeat = edges >= 1'000'000 ? 3 : 5;

    // Weft, in process.
    std::optional<DagDocument> document;
    // As `weft dag analyze` reads: the file mapped. The previous round's graph is freed off the
    // clock, as in the build rows and as bench_networkx.py drops its previous result.
    const double load = bestSeconds(
        repeat,
        [&] {
            QFile file(filePath);
            file.open(QIODevice::ReadOnly);
            const uchar *bytes = file.map(0, file.size());
            document
                = *parseDagJson(QByteArrayView(reinterpret_cast<const char *>(bytes), file.size()));
        },
        [&] { document.reset(); });
    const WorkflowDag &dag = document->dag;
    QList<DagNodeSpec> nodeList;
    for (const QString &id : dag.nodes())
        nodeList.append({id, *dag.weight(id)});
    const QList<DagEdge> edgeList = dag.edges();
    // The rows measure building: the previous round's graph is freed off the clock, as
    // bench_networkx.py drops its previous result before starting the clock. "build" uses the
    // bulk calls, as NetworkX's row uses add_nodes_from and add_edges_from; "build, 1 by 1"
    // one call per node and per edge.
    std::optional<WorkflowDag> built;
    const double build = bestSeconds(
        repeat,
        [&] {
            built.emplace();
            (void)built->addNodes(nodeList);
            (void)built->addEdgesUnchecked(edgeList);
        },
        [&] { built.reset(); });
    const double buildEach = bestSeconds(
        repeat,
        [&] {
            built.emplace();
            for (const DagNodeSpec &node : nodeList)
                (void)built->addNode(node.id, node.weight);
            for (const DagEdge &e : edgeList)
                (void)built->addEdgeUnchecked(e.from, e.to, e.type);
        },
        [&] { built.reset(); });
    built.reset();
    QStringList order;
    const double topo = bestSeconds(repeat, [&] { order = *dag.topologicalSort(); });
    const double kahn = bestSeconds(repeat, [&] { (void)dag.topologicalSortKahn(); });
    CriticalPath path;
    const double critical = bestSeconds(repeat, [&] { path = *dag.criticalPath(); });
    const QSet<QString> done(order.cbegin(), order.cbegin() + order.size() / 2);
    const double ready = bestSeconds(repeat, [&] { (void)dag.readyNodes(done); });
    const double analyze = options.weft.isEmpty() ? std::nan("") : bestSeconds(repeat, [&] {
        (void)processSeconds(options.weft,
                             {QStringLiteral("dag"), QStringLiteral("analyze"), filePath}, 0);
    });

    // NetworkX, in its own process; fewer runs on the big graph, where one run takes seconds.
    QJsonObject nx;
    double nxAnalyze = std::nan("");
    if (!options.networkx.isEmpty()) {
        QProcess process;
        process.start(options.python,
                      {options.networkx, QStringLiteral("ops"), filePath,
                       QStringLiteral("--repeat"), QString::number(edges >= 1'000'000 ? 1 : 3)});
        process.waitForFinished(-1);
        nx = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        if (nx.isEmpty())
            err << "bench_networkx.py failed: " << process.readAllStandardError() << '\n';
        nxAnalyze = bestSeconds(edges >= 1'000'000 ? 1 : 3, [&] {
            nxAnalyze = processSeconds(options.python,
                                       {options.networkx, QStringLiteral("analyze"), filePath}, 0);
        });
    }
    const auto nxTime = [&nx](const char *op) {
        const QJsonValue v = nx.value(QLatin1String(op));
        return v.isDouble() ? v.toDouble() : std::nan("");
    };
    row(QStringLiteral("load file"), edges, load, nxTime("load"));
    row(QStringLiteral("build"), edges, build, nxTime("build"));
    row(QStringLiteral("build, 1 by 1"), edges, buildEach, nxTime("build"));
    row(QStringLiteral("topological sort"), edges, topo, nxTime("topologicalSort"));
    row(QStringLiteral("  (Kahn)"), edges, kahn, nxTime("topologicalSort"));
    row(QStringLiteral("critical path"), edges, critical, nxTime("criticalPath"));
    row(QStringLiteral("ready set"), edges, ready, nxTime("readyNodes"));
    row(QStringLiteral("analyze process"), edges, analyze, nxAnalyze);
    if (!nx.isEmpty() && std::abs(nxTime("criticalPathWeight") - path.weight) > 1e-6) {
        err << "critical path weights disagree: Weft " << path.weight << ", NetworkX "
            << nxTime("criticalPathWeight") << '\n';
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Options options;
    options.weft = qEnvironmentVariable("WEFT_BINARY");
#ifdef WEFT_NETWORKX_SCRIPT
    options.networkx = QStringLiteral(WEFT_NETWORKX_SCRIPT);
#endif
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i + 1 < args.size(); i += 2) {
        const QString &key = args.at(i);
        const QString &value = args.at(i + 1);
        if (key == QLatin1String("--sizes")) {
            options.sizes.clear();
            for (const QString &size : value.split(u','))
                options.sizes.push_back(size.toLongLong());
        } else if (key == QLatin1String("--seed")) {
            options.seed = value.toULongLong();
        } else if (key == QLatin1String("--weft")) {
            options.weft = value;
        } else if (key == QLatin1String("--networkx")) {
            options.networkx = value;
        } else if (key == QLatin1String("--python")) {
            options.python = value;
        } else {
            err << "unknown option " << key << '\n';
            return 2;
        }
    }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        err << "cannot make a temporary directory\n";
        return 2;
    }
    out << "seed " << options.seed << "; times are the best of several runs, in ms\n";
    out << qSetFieldWidth(18) << Qt::left << "operation" << qSetFieldWidth(10) << Qt::right
        << "edges" << qSetFieldWidth(12) << "Weft" << qSetFieldWidth(14) << "NetworkX"
        << qSetFieldWidth(10) << "ratio" << qSetFieldWidth(0) << '\n';
    for (const qint64 edges : options.sizes)
        benchSize(options, dir.path(), edges);
    return 0;
}

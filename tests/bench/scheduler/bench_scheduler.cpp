// Scheduler benchmark (issue 4), two parts in one run:
//  (a) in-process throughput: a random DAG of N tasks (default 100 000) run by the Scheduler
//      on a real engine and database with an executor that succeeds every attempt at once;
//      every transition is a stored command. Reports tasks/s and the ready → started latency
//      (wall time between the commit of task.promoted and that of task.attempt-started), and
//      the runnable → started latency (from the commit that left the task's last blocking
//      prerequisite succeeded — or from the workflow's start for a task with none — to that of
//      task.attempt-started), which also counts the wait for promotion.
//  (b) processes: the same random DAG shape of M tasks (default 2 000) that each `touch` a
//      file, run by `weft run --jobs 2` and by `ninja -j2` from a generated build.ninja.
// `--quick` (used by ctest) shrinks both to a smoke run.

#include "backend/engine/OrchestrationEngine.h"
#include "backend/scheduler/Scheduler.h"
#include "backend/store/EventStore.h"
#include "tests/bench/support/BareEvents.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

using namespace backend;
using bench::BareInsert;

namespace {

QTextStream out(stdout);

/// Succeeds every attempt as soon as it starts.
class NoOpExecutor final : public AttemptExecutor
{
public:
    void start(const AttemptRequest &r) override
    {
        m_finished.append(
            {r.workflowId, r.taskId, r.attempt, AttemptOutcome::Succeeded, 0, std::nullopt});
    }
    void stop(const WorkflowId &, const TaskId &, int, StopReason) override { }
    bool isResponsive(const WorkflowId &, const TaskId &, int) const override { return true; }
    QList<AttemptOutput> takeOutput() override { return {}; }
    QList<AttemptResult> takeFinished() override { return std::exchange(m_finished, {}); }

private:
    QList<AttemptResult> m_finished;
};

/// A random DAG: task i depends on up to `maxIn` distinct earlier tasks among the previous
/// `window` ones (so the graph is deep and wide, not a flat fan-in).
QList<QList<int>> randomDag(int n, quint32 seed, int maxIn = 3, int window = 2000)
{
    QRandomGenerator random(seed);
    QList<QList<int>> prerequisites(n);
    for (int i = 1; i < n; ++i) {
        const int in = static_cast<int>(random.bounded(maxIn + 1));
        for (int k = 0; k < in; ++k) {
            const int lo = std::max(0, i - window);
            const int p = lo + static_cast<int>(random.bounded(i - lo));
            if (!prerequisites[i].contains(p))
                prerequisites[i].append(p);
        }
    }
    return prerequisites;
}

QJsonObject workflowFile(const QList<QList<int>> &dag, const std::function<QJsonObject(int)> &task)
{
    QJsonArray tasks;
    QJsonArray edges;
    for (int i = 0; i < dag.size(); ++i) {
        tasks.append(task(i));
        for (int p : dag.at(i))
            edges.append(QJsonObject {{QStringLiteral("from"), QStringLiteral("t%1").arg(p)},
                                      {QStringLiteral("to"), QStringLiteral("t%1").arg(i)}});
    }
    return QJsonObject {{QStringLiteral("tasks"), tasks}, {QStringLiteral("dependencies"), edges}};
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(static_cast<std::size_t>(q * static_cast<double>(v.size() - 1)));
}

/// The floor under (a): the run's first events (up to kFloorEvents) inserted again by a bare
/// SQL loop (`insertBare`) in the transactions the ticks made, and the tasks/s that rate would
/// allow at this run's events per task. Without decisions, payloads or projections, so no
/// scheduler on this schema and these pragmas can pass it.
void floorOf(OrchestrationEngine &engine, qint64 firstSequence,
             const std::vector<int> &eventsPerTick, double eventsPerTask, const QString &path)
{
    constexpr qint64 kFloorEvents = 200'000;
    std::vector<int> transactions;
    qint64 rows = 0;
    for (const int count : eventsPerTick) {
        if (rows >= kFloorEvents)
            break;
        transactions.push_back(int(std::min<qint64>(count, kFloorEvents - rows)));
        rows += transactions.back();
    }
    auto stored = engine.store().readRange(firstSequence, firstSequence + rows - 1);
    if (!stored || stored->size() != rows) {
        out << "  floor: cannot read the run's events back" << Qt::endl;
        return;
    }
    const BareInsert bare = bench::insertBare(path, *stored, transactions);
    const double usPerEvent = bare.seconds * 1e6 / double(bare.rows);
    out << QStringLiteral("  floor: %1 of its events inserted by bare SQL in the same %2 "
                          "transactions: %3 µs/event (CPU %4), at %5 events/task %6 tasks/s")
               .arg(bare.rows)
               .arg(transactions.size())
               .arg(usPerEvent, 0, 'f', 2)
               .arg(bare.cpuSeconds * 1e6 / double(bare.rows), 0, 'f', 2)
               .arg(eventsPerTask, 0, 'f', 2)
               .arg(1e6 / (usPerEvent * eventsPerTask), 0, 'f', 0)
        << Qt::endl;
}

bool inProcess(int n, int workerSlots, bool recordTurns, const QString &dir)
{
    auto store = EventStore::open(
        QDir(dir).filePath(QStringLiteral("inproc-%1-%2.sqlite").arg(n).arg(recordTurns)));
    if (!store) {
        out << "cannot open the store: " << store.error().message << Qt::endl;
        return false;
    }
    auto engine = OrchestrationEngine::create(std::move(*store),
                                              OrchestrationEngine::Options {.snapshotInterval = 0});
    if (!engine)
        return false;
    OrchestrationEngine &e = **engine;
    const auto dag = randomDag(n, 20261123);
    const QJsonObject file = workflowFile(dag, [](int i) {
        return QJsonObject {{QStringLiteral("id"), QStringLiteral("t%1").arg(i)},
                            {QStringLiteral("command"), QJsonArray {QStringLiteral("true")}}};
    });
    QElapsedTimer importTime;
    importTime.start();
    const ProjectId project = ProjectId::generate();
    const WorkflowId wf(QStringLiteral("bench"));
    if (!e.dispatch(ProjectCreate {CommandId::generate(), project, QStringLiteral("Bench"), dir})
        || !e.dispatch(WorkflowImport {CommandId::generate(), wf, project, file})
        || !e.dispatch(WorkflowStart {CommandId::generate(), wf})) {
        out << "import failed" << Qt::endl;
        return false;
    }
    const qint64 importMs = importTime.elapsed();

    QElapsedTimer clock;
    QHash<QString, qint64> readyAt;
    QHash<QString, qint64> runnableAt; // absent: runnable since the workflow started (t = 0)
    std::vector<double> latencyUs;
    std::vector<double> runnableLatencyUs;
    latencyUs.reserve(static_cast<std::size_t>(n));
    runnableLatencyUs.reserve(static_cast<std::size_t>(n));
    qint64 events = 0;
    QObject::connect(&e, &OrchestrationEngine::eventStored, &e, [&](const StoredEvent &ev) {
        ++events;
        if (ev.type == QLatin1String("task.promoted")) {
            readyAt.insert(ev.aggregateId, clock.nsecsElapsed());
        } else if (ev.type == QLatin1String("task.state-changed")
                   && ev.payload.value(QLatin1String("to")).toString()
                       == QLatin1String("scheduled")) {
            runnableAt.insert(ev.aggregateId, clock.nsecsElapsed());
        } else if (ev.type == QLatin1String("task.attempt-started")) {
            const qint64 now = clock.nsecsElapsed();
            latencyUs.push_back(static_cast<double>(now - readyAt.value(ev.aggregateId)) / 1000.0);
            runnableLatencyUs.push_back(
                static_cast<double>(now - runnableAt.value(ev.aggregateId, 0)) / 1000.0);
        }
    });

    NoOpExecutor executor;
    Scheduler::Options options;
    options.workerSlots = workerSlots;
    options.recordTurns = recordTurns;
    Scheduler scheduler(e, executor, options);
    // runUntilIdle's loop, spelled out to note how many events each tick stored: a tick is one
    // commit, so the floor below can use the same transaction sizes.
    const qint64 firstSequence = e.readModel().sequence + 1;
    std::vector<int> eventsPerTick;
    Scheduler::TickReport report;
    clock.start();
    for (qint64 before = events;; before = events) {
        const Scheduler::TickReport r = scheduler.tick();
        report.commands += r.commands;
        report.rejected += r.rejected;
        if (events > before)
            eventsPerTick.push_back(int(events - before));
        if (!r.madeProgress())
            break;
    }
    const double seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;

    const ReadModel model = e.readModel();
    const WorkflowView *w = model.workflow(wf);
    const bool ok = w && w->state == WorkflowState::Completed && w->succeeded;
    out << QStringLiteral(
               "(a) in-process, %1 tasks, %2 edges, %3 slots, turns %4: %5 s, "
               "%6 tasks/s, %7 events (%8 events/s), %9 commands, rejected %10, "
               "import %11 ms, ready→started p50 %12 µs p99 %13 µs, runnable→started p50 %14 µs "
               "p99 %15 µs, completed %16")
               .arg(n)
               .arg(std::accumulate(dag.cbegin(), dag.cend(), qsizetype(0),
                                    [](qsizetype s, const QList<int> &p) { return s + p.size(); }))
               .arg(workerSlots)
               .arg(recordTurns ? QStringLiteral("on") : QStringLiteral("off"))
               .arg(seconds, 0, 'f', 2)
               .arg(static_cast<double>(n) / seconds, 0, 'f', 0)
               .arg(events)
               .arg(static_cast<double>(events) / seconds, 0, 'f', 0)
               .arg(report.commands)
               .arg(report.rejected)
               .arg(importMs)
               .arg(percentile(latencyUs, 0.5), 0, 'f', 1)
               .arg(percentile(latencyUs, 0.99), 0, 'f', 1)
               .arg(percentile(runnableLatencyUs, 0.5), 0, 'f', 1)
               .arg(percentile(runnableLatencyUs, 0.99), 0, 'f', 1)
               .arg(ok ? QStringLiteral("yes") : QStringLiteral("NO"))
        << Qt::endl;
    floorOf(e, firstSequence, eventsPerTick, static_cast<double>(events) / n,
            QDir(dir).filePath(QStringLiteral("floor-%1-%2.sqlite").arg(n).arg(recordTurns)));
    return ok;
}

qint64 timeProcess(const QString &program, const QStringList &args, const QString &cwd,
                   int *exitCode)
{
    QProcess p;
    p.setWorkingDirectory(cwd);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(-1);
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return t.elapsed();
}

bool processes(int m, const QString &dir)
{
    const QString weft = qEnvironmentVariable("WEFT_BINARY");
    const QString ninja = QStandardPaths::findExecutable(QStringLiteral("ninja"));
    if (weft.isEmpty() || ninja.isEmpty()) {
        out << "(b) skipped: needs WEFT_BINARY and ninja on PATH" << Qt::endl;
        return true;
    }
    const auto dag = randomDag(m, 20261124);
    QDir root(dir);
    root.mkpath(QStringLiteral("weft/out"));
    root.mkpath(QStringLiteral("ninja/out"));
    const QJsonObject file = workflowFile(dag, [](int i) {
        return QJsonObject {
            {QStringLiteral("id"), QStringLiteral("t%1").arg(i)},
            {QStringLiteral("command"),
             QJsonArray {QStringLiteral("touch"), QStringLiteral("out/t%1").arg(i)}}};
    });
    QFile wf(root.filePath(QStringLiteral("weft/wf.json")));
    if (!wf.open(QIODevice::WriteOnly))
        return false;
    wf.write(QJsonDocument(file).toJson(QJsonDocument::Compact));
    wf.close();
    QFile build(root.filePath(QStringLiteral("ninja/build.ninja")));
    if (!build.open(QIODevice::WriteOnly))
        return false;
    {
        QTextStream b(&build);
        b << "rule touch\n  command = touch $out\n\n";
        for (int i = 0; i < m; ++i) {
            b << "build out/t" << i << ": touch";
            if (!dag.at(i).isEmpty()) {
                b << " |";
                for (int p : dag.at(i))
                    b << " out/t" << p;
            }
            b << '\n';
        }
    }
    build.close();

    int weftExit = -1;
    int ninjaExit = -1;
    const qint64 ninjaMs = timeProcess(ninja, {QStringLiteral("-j2"), QStringLiteral("--quiet")},
                                       root.filePath(QStringLiteral("ninja")), &ninjaExit);
    const qint64 weftMs
        = timeProcess(weft,
                      {QStringLiteral("--db"), root.filePath(QStringLiteral("weft/weft.sqlite")),
                       QStringLiteral("run"), root.filePath(QStringLiteral("weft/wf.json")),
                       QStringLiteral("--workspace"), root.filePath(QStringLiteral("weft")),
                       QStringLiteral("--jobs"), QStringLiteral("2")},
                      root.filePath(QStringLiteral("weft")), &weftExit);
    out << QStringLiteral("(b) processes, %1 touch tasks: weft run --jobs 2 %2 ms (exit %3), "
                          "ninja -j2 %4 ms (exit %5), ratio %6 (target ≤ 1.1)")
               .arg(m)
               .arg(weftMs)
               .arg(weftExit)
               .arg(ninjaMs)
               .arg(ninjaExit)
               .arg(static_cast<double>(weftMs) / static_cast<double>(std::max<qint64>(1, ninjaMs)),
                    0, 'f', 2)
        << Qt::endl;
    return weftExit == 0 && ninjaExit == 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const bool quick = args.contains(QStringLiteral("--quick"));
    int n = quick ? 2000 : 100'000;
    int m = quick ? 200 : 2000;
    int workerSlots = 256;
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--tasks"))
            n = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--processes"))
            m = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--slots"))
            workerSlots = args.at(i + 1).toInt();
    }
    const bool skipTurnsOff = args.contains(QStringLiteral("--turns-only"));
    QTemporaryDir dir;
    bool ok = inProcess(n, workerSlots, true, dir.path());
    if (!skipTurnsOff)
        ok = inProcess(n, workerSlots, false, dir.path()) && ok;
    if (!args.contains(QStringLiteral("--skip-processes")))
        ok = processes(m, dir.path()) && ok;
    return ok ? 0 : 1;
}

// Engine and event store benchmark (issue 2). Prints, in one run on file databases:
//  - the dispatch rate of the engine, one command at a time, beside a bare Qt SQL loop that
//    inserts the same rows with one transaction per command and the same pragmas;
//  - the group-commit rate of dispatchBatch on batches of 1 000 commands;
//  - start-up time and peak RSS with N stored events (default 1 000 000): a bare SELECT scan,
//    a full replay, and a start from a snapshot — each in a fresh process.
// Usage: bench_engine [--events N] [--commands N] [--batches N] [--runs N] [--dir PATH] [--keep]
//        [--quick] [--skip-dispatch] [--skip-startup]
// Internal: bench_engine --probe idle|scan|engine --db PATH (one start-up measurement).

#include "StartupProbe.h"
#include "Workload.h"
#include "tests/bench/support/BareEvents.h"

#include "backend/domain/ReadModelCodec.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/store/EventStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using namespace backend;
using namespace bench;

constexpr int kBatchSize = 1000; // the group-commit size
constexpr int kGenerationBatch = 5000; // commands per transaction when building the history
constexpr qint64 kDefaultInterval = 9999; // worst tail behind a snapshot at the default interval

struct Config
{
    qint64 events = 1'000'000;
    int commands = 20'000;
    int batches = 10;
    int runs = 3;
    bool quick = false;
    bool keep = false;
    bool dispatch = true;
    bool startup = true;
    QString dir;
};

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "bench_engine: %s\n", qPrintable(message));
    std::exit(2);
}

template<typename T, typename E> T take(std::expected<T, E> &&result, const char *what)
{
    if (!result) {
        if constexpr (std::is_same_v<E, EngineError>)
            die(QStringLiteral("%1: %2").arg(QLatin1String(what), result.error().message()));
        else if constexpr (std::is_same_v<E, QString>)
            die(QStringLiteral("%1: %2").arg(QLatin1String(what), result.error()));
        else
            die(QStringLiteral("%1: %2").arg(QLatin1String(what), result.error().message));
    }
    return std::move(*result);
}

template<typename E> void take(std::expected<void, E> &&result, const char *what)
{
    if (!result)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), result.error().message));
}

double seconds(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e9;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = std::size_t(p * double(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    return QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '));
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("model name"))
            return QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
    }
    return QStringLiteral("?");
}

qint64 fileBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
}

std::unique_ptr<OrchestrationEngine> openEngine(const QString &path,
                                                OrchestrationEngine::Options options)
{
    auto store = take(EventStore::open(path), "open the event store");
    return take(OrchestrationEngine::create(std::move(store), options), "create the engine");
}

/// Dispatches `commands` as one batch and fails the run on any rejection: the mix is valid.
qint64 dispatchAll(OrchestrationEngine &engine, const QList<PendingCommand> &commands)
{
    qint64 events = 0;
    const QList<DispatchResult> results = engine.dispatchBatch(commands);
    for (const DispatchResult &result : results)
        events += take(DispatchResult(result), "dispatch a batch").size();
    return events;
}

QList<PendingCommand> pending(const QList<Command> &commands)
{
    QList<PendingCommand> list;
    list.reserve(commands.size());
    for (const Command &command : commands)
        list.append(PendingCommand {command, {}});
    return list;
}

// ---- Dispatch ----------------------------------------------------------------------------

/// Per-command latencies of a one-transaction-per-command loop: the median, the tail, and the
/// share of the total time spent in commands slower than 1 ms (WAL checkpoints, snapshots).
struct Latency
{
    double p50us = 0;
    double p90us = 0;
    double p99us = 0;
    double maxUs = 0;
    double slowShare = 0;

    static Latency of(const std::vector<double> &us)
    {
        Latency l;
        if (us.empty())
            return l;
        l.p50us = percentile(us, 0.50);
        l.p90us = percentile(us, 0.90);
        l.p99us = percentile(us, 0.99);
        l.maxUs = *std::max_element(us.begin(), us.end());
        double total = 0, slow = 0;
        for (const double v : us) {
            total += v;
            if (v > 1000.0)
                slow += v;
        }
        l.slowShare = total > 0 ? slow / total : 0;
        return l;
    }
};

struct Rate
{
    qint64 commands = 0;
    qint64 events = 0;
    double seconds = 0;
    double cpuSeconds = 0;
    Latency latency;
    [[nodiscard]] double commandsPerSecond() const { return seconds > 0 ? commands / seconds : 0; }
    [[nodiscard]] double eventsPerSecond() const { return seconds > 0 ? events / seconds : 0; }
    [[nodiscard]] double cpuUsPerCommand() const
    {
        return commands > 0 ? cpuSeconds * 1e6 / double(commands) : 0;
    }
};

struct DispatchFigures
{
    Rate baseline;
    Rate baselineGrouped; ///< the same rows, kBatchSize commands a transaction
    Rate single;
    Rate group;
    double groupBatchMsMedian = 0;
};

/// The events of the one-at-a-time run, replayed as bare inserts (`insertBare`): as many rows
/// as the engine stored for each command, `group` commands a transaction — one for the floor
/// under one-at-a-time dispatch, kBatchSize for the floor under group commit.
Rate runBaseline(const QString &path, const QList<StoredEvent> &events,
                 const std::vector<int> &perCommand, int group)
{
    std::vector<int> rowsPerTransaction;
    rowsPerTransaction.reserve(perCommand.size() / std::size_t(group) + 1);
    for (std::size_t c = 0; c < perCommand.size(); ++c) {
        if (c % std::size_t(group) == 0)
            rowsPerTransaction.push_back(0);
        rowsPerTransaction.back() += perCommand[c];
    }
    const BareInsert bare = insertBare(path, events, rowsPerTransaction);
    Rate rate;
    rate.seconds = bare.seconds;
    rate.cpuSeconds = bare.cpuSeconds;
    rate.latency = Latency::of(bare.transactionUs);
    rate.commands = qint64(perCommand.size());
    rate.events = bare.rows;
    return rate;
}

DispatchFigures runDispatch(const Config &config, const QString &dir)
{
    DispatchFigures figures;
    auto engine = openEngine(dir + QStringLiteral("/dispatch.db"), {}); // default options
    Workload mix(MixOptions {});
    dispatchAll(*engine, pending(mix.setup()));

    // One at a time. Commands are made before the clock starts.
    std::vector<Command> commands;
    commands.reserve(std::size_t(config.commands));
    for (int i = 0; i < config.commands; ++i)
        commands.push_back(mix.next());
    std::vector<int> perCommand(commands.size());
    std::vector<double> latencyUs(commands.size());
    const qint64 firstSequence = engine->readModel().sequence + 1;
    QElapsedTimer timer;
    const double cpuBefore = threadCpuSeconds();
    timer.start();
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const qint64 before = timer.nsecsElapsed();
        const DispatchResult result = engine->dispatch(commands[i]);
        latencyUs[i] = double(timer.nsecsElapsed() - before) / 1e3;
        if (!result)
            die(QStringLiteral("dispatch %1 rejected: %2").arg(i).arg(result.error().message()));
        perCommand[i] = int(result->size());
        figures.single.events += result->size();
    }
    figures.single.seconds = seconds(timer);
    figures.single.cpuSeconds = threadCpuSeconds() - cpuBefore;
    figures.single.commands = qint64(commands.size());
    figures.single.latency = Latency::of(latencyUs);

    // Group commit on the same engine, continuing the same mix.
    std::vector<double> batchMs;
    for (int b = 0; b < config.batches; ++b) {
        QList<PendingCommand> batch;
        batch.reserve(kBatchSize);
        for (int i = 0; i < kBatchSize; ++i)
            batch.append(PendingCommand {mix.next(), {}});
        const double batchCpuBefore = threadCpuSeconds();
        timer.restart();
        figures.group.events += dispatchAll(*engine, batch);
        const double elapsed = seconds(timer);
        figures.group.cpuSeconds += threadCpuSeconds() - batchCpuBefore;
        batchMs.push_back(elapsed * 1e3);
        figures.group.seconds += elapsed;
        figures.group.commands += kBatchSize;
    }
    figures.groupBatchMsMedian = median(batchMs);

    // The baseline inserts exactly the rows the one-at-a-time run stored.
    if (commands.empty())
        return figures;
    const QList<StoredEvent> stored
        = take(engine->store().readRange(firstSequence, firstSequence + figures.single.events - 1),
               "read back the dispatched events");
    if (stored.size() != figures.single.events)
        die(QStringLiteral("read back %1 events, expected %2")
                .arg(stored.size())
                .arg(figures.single.events));
    engine.reset();
    figures.baseline = runBaseline(dir + QStringLiteral("/baseline.db"), stored, perCommand, 1);
    figures.baselineGrouped
        = runBaseline(dir + QStringLiteral("/baseline-grouped.db"), stored, perCommand, kBatchSize);
    return figures;
}

// ---- Start-up ----------------------------------------------------------------------------

struct History
{
    QString path;
    qint64 events = 0;
    double seconds = 0;
    ReadModel endModel;
    ReadModel tailModel; ///< the model kDefaultInterval events (or fewer) before the end
    qint64 turns = 0;
};

/// Builds a history of about `events` valid events by running the realistic mix through the
/// engine in big group commits, with automatic snapshots off.
History buildHistory(const Config &config, const QString &path)
{
    History history;
    history.path = path;
    QElapsedTimer timer;
    timer.start();
    auto engine = openEngine(path, {.snapshotInterval = 0});
    Workload mix(MixOptions {.seed = 42});
    dispatchAll(*engine, pending(mix.setup()));
    const qint64 tail = std::min(kDefaultInterval, config.events / 4);
    bool tailTaken = false;
    for (qint64 stored = engine->readModel().sequence; stored < config.events;
         stored = engine->readModel().sequence) {
        const qint64 remaining = config.events - stored;
        if (!tailTaken && remaining <= tail) {
            history.tailModel = engine->readModel();
            tailTaken = true;
        }
        // About 1.2 events per command: aim at 80% of what is left so the end lands close to
        // `events` (and the tail model close to `tail` events before it).
        const qint64 target = tailTaken ? remaining : remaining - tail;
        const int size = int(std::clamp<qint64>(target * 4 / 5, 1, kGenerationBatch));
        QList<PendingCommand> batch;
        batch.reserve(size);
        for (int i = 0; i < size; ++i)
            batch.append(PendingCommand {mix.next(), {}});
        dispatchAll(*engine, batch);
    }
    history.endModel = engine->readModel();
    history.events = history.endModel.sequence;
    engine.reset(); // closes the store: the WAL is checkpointed into the file
    history.seconds = seconds(timer);
    for (const ThreadView &thread : std::as_const(history.endModel.threads))
        history.turns += thread.turns.size();
    return history;
}

struct StartupRow
{
    double ms = 0;
    qint64 rows = 0;
    qint64 rssKb = 0;
    std::vector<double> samples;
};

StartupRow probe(const QString &mode, const QString &db, int runs, const History &history,
                 qint64 expectRows)
{
    StartupRow row;
    for (int i = 0; i < runs; ++i) {
        const ProbeResult r = take(probeInChild(QCoreApplication::applicationFilePath(), mode, db),
                                   "start-up probe");
        if (mode != QLatin1String("idle")) {
            if (r.sequence != history.events)
                die(QStringLiteral("probe %1 saw sequence %2, expected %3")
                        .arg(mode)
                        .arg(r.sequence)
                        .arg(history.events));
            if (r.rows != expectRows)
                die(QStringLiteral("probe %1 read %2 events, expected %3")
                        .arg(mode)
                        .arg(r.rows)
                        .arg(expectRows));
            if (mode == QLatin1String("engine")
                && (r.threads != history.endModel.threads.size() || r.turns != history.turns))
                die(QStringLiteral("probe engine rebuilt %1 threads / %2 turns, expected %3 / %4")
                        .arg(r.threads)
                        .arg(r.turns)
                        .arg(history.endModel.threads.size())
                        .arg(history.turns));
        }
        row.samples.push_back(r.ms);
        row.rows = r.rows;
        row.rssKb = std::max(row.rssKb, r.peakRssKb);
    }
    row.ms = median(row.samples);
    return row;
}

void saveSnapshot(const QString &path, const ReadModel &model)
{
    auto store = take(EventStore::open(path), "open the store for a snapshot");
    take(store->saveSnapshot({model.sequence, kReadModelVersion, encodeSnapshot(model)}),
         "save a snapshot");
}

struct StartupFigures
{
    History history;
    qint64 dbBytes = 0;
    StartupRow idle, scan, replay, snapshotTail, snapshotEnd;
    qint64 tailEvents = 0;
    qint64 snapshotBytes = 0;
    double encodeMs = 0;
    double decodeMs = 0;
};

StartupFigures runStartup(const Config &config, const QString &dir)
{
    StartupFigures f;
    const QString path = dir + QStringLiteral("/history.db");
    std::printf("building a history of %lld events ...\n", static_cast<long long>(config.events));
    std::fflush(stdout);
    f.history = buildHistory(config, path);
    f.dbBytes = fileBytes(path);
    const History &h = f.history;

    // In-process snapshot codec figures, and a check that it round-trips.
    std::vector<double> encode, decode;
    QByteArray data;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        data = encodeSnapshot(h.endModel);
        encode.push_back(seconds(timer) * 1e3);
        timer.restart();
        ReadModel decoded = take(decodeSnapshot(data), "decode the snapshot");
        decode.push_back(seconds(timer) * 1e3);
        decoded.sequence = h.endModel.sequence;
        if (!(decoded == h.endModel))
            die(QStringLiteral("the snapshot does not round-trip the read model"));
    }
    f.snapshotBytes = data.size();
    f.encodeMs = median(encode);
    f.decodeMs = median(decode);

    std::printf("measuring start-up in fresh processes ...\n");
    std::fflush(stdout);
    const int snapshotRuns = config.runs + 2;
    f.idle = probe(QStringLiteral("idle"), path, 1, h, 0);
    probe(QStringLiteral("scan"), path, 1, h, h.events); // warm the page cache, not counted
    f.scan = probe(QStringLiteral("scan"), path, config.runs, h, h.events);
    f.replay = probe(QStringLiteral("engine"), path, config.runs, h, h.events);

    f.tailEvents = h.events - h.tailModel.sequence;
    saveSnapshot(path, h.tailModel);
    f.snapshotTail = probe(QStringLiteral("engine"), path, snapshotRuns, h, f.tailEvents);
    saveSnapshot(path, h.endModel); // newer: the one the engine starts from now
    f.snapshotEnd = probe(QStringLiteral("engine"), path, snapshotRuns, h, 0);
    return f;
}

// ---- Report ------------------------------------------------------------------------------

QString number(double value, int decimals = 0)
{
    return QLocale::c().toString(value, 'f', decimals);
}

QString grouped(qint64 value)
{
    QString digits = QString::number(value);
    for (qsizetype at = digits.size() - 3; at > (value < 0 ? 1 : 0); at -= 3)
        digits.insert(at, QLatin1Char(' '));
    return digits;
}

void line(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
}

struct Verdict
{
    QString target;
    QString measured;
    bool pass;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Weft engine and event store benchmark"));
    parser.addHelpOption();
    const QCommandLineOption eventsOption(QStringLiteral("events"),
                                          QStringLiteral("Stored events for start-up."),
                                          QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption commandsOption(QStringLiteral("commands"),
                                            QStringLiteral("Commands dispatched one at a time."),
                                            QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption batchesOption(QStringLiteral("batches"),
                                           QStringLiteral("Group commits of 1000 commands."),
                                           QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption runsOption(QStringLiteral("runs"),
                                        QStringLiteral("Start-up runs per row (median)."),
                                        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
                                       QStringLiteral("Folder for the databases (default: a "
                                                      "temporary folder)."),
                                       QStringLiteral("PATH"));
    const QCommandLineOption keepOption(QStringLiteral("keep"),
                                        QStringLiteral("Keep the databases."));
    const QCommandLineOption quickOption(QStringLiteral("quick"),
                                         QStringLiteral("Short smoke run (small figures)."));
    const QCommandLineOption skipDispatchOption(QStringLiteral("skip-dispatch"),
                                                QStringLiteral("Only the start-up part."));
    const QCommandLineOption skipStartupOption(QStringLiteral("skip-startup"),
                                               QStringLiteral("Only the dispatch part."));
    const QCommandLineOption probeOption(QStringLiteral("probe"),
                                         QStringLiteral("Internal: one start-up measurement."),
                                         QStringLiteral("MODE"));
    const QCommandLineOption dbOption(QStringLiteral("db"),
                                      QStringLiteral("Internal: database of --probe."),
                                      QStringLiteral("PATH"));
    parser.addOptions({eventsOption, commandsOption, batchesOption, runsOption, dirOption,
                       keepOption, quickOption, skipDispatchOption, skipStartupOption, probeOption,
                       dbOption});
    parser.process(app);

    if (parser.isSet(probeOption))
        return runProbe(parser.value(probeOption), parser.value(dbOption));

    Config config;
    config.quick = parser.isSet(quickOption);
    if (config.quick) {
        config.events = 20'000;
        config.commands = 1'000;
        config.batches = 2;
        config.runs = 1;
    }
    // --commands 0 or --batches 0 leave that part out (handy to profile the other alone).
    const auto count = [&parser](const QCommandLineOption &option, auto &value, qint64 least) {
        if (!parser.isSet(option))
            return;
        bool ok = false;
        const qint64 parsed = parser.value(option).toLongLong(&ok);
        if (!ok || parsed < least)
            die(QStringLiteral("--%1 needs a number >= %2")
                    .arg(option.names().constFirst())
                    .arg(least));
        value = static_cast<std::remove_reference_t<decltype(value)>>(parsed);
    };
    count(eventsOption, config.events, 100);
    count(commandsOption, config.commands, 0);
    count(batchesOption, config.batches, 0);
    count(runsOption, config.runs, 1);
    config.keep = parser.isSet(keepOption);
    config.dispatch = !parser.isSet(skipDispatchOption);
    config.startup = !parser.isSet(skipStartupOption);

    std::unique_ptr<QTemporaryDir> temporary;
    QString dir = parser.value(dirOption);
    if (dir.isEmpty()) {
        temporary = std::make_unique<QTemporaryDir>(QDir::tempPath()
                                                    + QStringLiteral("/weft-bench-XXXXXX"));
        if (!temporary->isValid())
            die(QStringLiteral("cannot create a temporary folder"));
        temporary->setAutoRemove(!config.keep);
        dir = temporary->path();
    } else if (!QDir().mkpath(dir)) {
        die(QStringLiteral("cannot create %1").arg(dir));
    } else if (!QDir(dir).entryList({QStringLiteral("*.db")}, QDir::Files).isEmpty()) {
        die(QStringLiteral("%1 already holds databases; give an empty folder").arg(dir));
    }

    const QString loadBefore = loadAverage();
    line(QStringLiteral("Weft engine benchmark (issue 2)%1")
             .arg(config.quick ? QStringLiteral(" -- QUICK smoke run, figures not meaningful")
                               : QString()));
    line(QStringLiteral("date %1 UTC | %2 | nproc %3 | load %4 | Qt %5")
             .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate), cpuModel())
             .arg(QThread::idealThreadCount())
             .arg(loadBefore, QLatin1String(qVersion())));
    line(QStringLiteral("databases in %1 (SQLite file, WAL, synchronous=NORMAL)").arg(dir));
    line(QString());

    std::vector<Verdict> verdicts;
    QElapsedTimer total;
    total.start();

    if (config.dispatch) {
        std::printf("dispatching %d commands one at a time, then %d x %d in group commits ...\n",
                    config.commands, config.batches, kBatchSize);
        std::fflush(stdout);
        const DispatchFigures d = runDispatch(config, dir);
        const auto row = [](const QString &label, const Rate &r) {
            line(QStringLiteral("  %1 %2 %3 %4 %5 %6")
                     .arg(label, -44)
                     .arg(grouped(r.commands), 9)
                     .arg(grouped(r.events), 9)
                     .arg(number(r.seconds, 3), 8)
                     .arg(grouped(qint64(r.commandsPerSecond())), 11)
                     .arg(grouped(qint64(r.eventsPerSecond())), 11));
        };
        line(QString());
        line(QStringLiteral("Dispatch, realistic mix (%1 events/command)")
                 .arg(number(double(d.single.events) / double(d.single.commands), 2)));
        line(QStringLiteral("  %1 %2 %3 %4 %5 %6")
                 .arg(QString(), -44)
                 .arg(QStringLiteral("commands"), 9)
                 .arg(QStringLiteral("events"), 9)
                 .arg(QStringLiteral("time s"), 8)
                 .arg(QStringLiteral("commands/s"), 11)
                 .arg(QStringLiteral("events/s"), 11));
        row(QStringLiteral("baseline: bare QSqlQuery, 1 transaction/cmd"), d.baseline);
        row(QStringLiteral("baseline: same rows, %1 cmds/transaction").arg(kBatchSize),
            d.baselineGrouped);
        row(QStringLiteral("engine: dispatch(), one at a time"), d.single);
        row(QStringLiteral("engine: dispatchBatch(), %1 x %2").arg(config.batches).arg(kBatchSize),
            d.group);
        const auto latency = [](const QString &label, const Latency &l) {
            line(QStringLiteral("  %1 latency/cmd: p50 %2 us, p90 %3 us, p99 %4 us, max %5 ms; "
                                "%6% of the time in commands > 1 ms")
                     .arg(label, number(l.p50us, 0), number(l.p90us, 0), number(l.p99us, 0),
                          number(l.maxUs / 1e3, 1), number(l.slowShare * 100.0, 0)));
        };
        latency(QStringLiteral("baseline"), d.baseline.latency);
        latency(QStringLiteral("engine  "), d.single.latency);
        line(QStringLiteral("  group commit: median %1 ms per batch of %2")
                 .arg(number(d.groupBatchMsMedian, 1))
                 .arg(kBatchSize));
        line(
            QStringLiteral("  CPU time per command (this thread): baseline %1 us, one at a time %2 "
                           "us, batch %3 us (grouped baseline %6 us); ratios as the targets count "
                           "them %4 x and %5 x")
                .arg(number(d.baseline.cpuUsPerCommand(), 1), number(d.single.cpuUsPerCommand(), 1),
                     number(d.group.cpuUsPerCommand(), 1),
                     number(d.baseline.cpuUsPerCommand() / d.single.cpuUsPerCommand(), 2),
                     number(d.single.cpuUsPerCommand() / d.group.cpuUsPerCommand(), 2),
                     number(d.baselineGrouped.cpuUsPerCommand(), 1)));
        if (d.single.commands > 0) {
            const double vsBaseline = d.single.commandsPerSecond() / d.baseline.commandsPerSecond();
            verdicts.push_back(
                {QStringLiteral("engine one-at-a-time >= 0.5 x baseline (commands/s)"),
                 QStringLiteral("%1 x").arg(number(vsBaseline, 2)), vsBaseline >= 0.5});
        }
        if (d.single.commands > 0 && d.group.commands > 0) {
            const double vsSingle = d.group.commandsPerSecond() / d.single.commandsPerSecond();
            verdicts.push_back({QStringLiteral("group commit >= 5 x one-at-a-time (commands/s)"),
                                QStringLiteral("%1 x").arg(number(vsSingle, 2)), vsSingle >= 5.0});
        }
        line(QString());
    }

    if (config.startup) {
        const StartupFigures s = runStartup(config, dir);
        const History &h = s.history;
        line(QString());
        line(QStringLiteral("Start-up with %1 stored events (%2 threads, %3 turns; database "
                            "%4 MiB; built in %5 s = %6 events/s, not a figure)")
                 .arg(grouped(h.events))
                 .arg(h.endModel.threads.size())
                 .arg(grouped(h.turns))
                 .arg(number(double(s.dbBytes) / 1048576.0, 1))
                 .arg(number(h.seconds, 1))
                 .arg(grouped(qint64(double(h.events) / h.seconds))));
        line(QStringLiteral("  %1 %2 %3 %4 %5 %6")
                 .arg(QString(), -44)
                 .arg(QStringLiteral("time ms"), 9)
                 .arg(QStringLiteral("events"), 9)
                 .arg(QStringLiteral("events/s"), 11)
                 .arg(QStringLiteral("peak RSS"), 9)
                 .arg(QStringLiteral("runs (ms)"), 0));
        const auto row = [](const QString &label, const StartupRow &r) {
            QStringList samples;
            for (const double ms : r.samples)
                samples.append(number(ms, 0));
            line(QStringLiteral("  %1 %2 %3 %4 %5 %6")
                     .arg(label, -44)
                     .arg(r.samples.empty() ? QStringLiteral("-") : number(r.ms, 1), 9)
                     .arg(grouped(r.rows), 9)
                     .arg(r.ms > 0 && r.rows > 0 ? grouped(qint64(double(r.rows) / (r.ms / 1e3)))
                                                 : QStringLiteral("-"),
                          11)
                     .arg(QStringLiteral("%1 MiB").arg(number(double(r.rssKb) / 1024.0, 1)), 9)
                     .arg(samples.join(QLatin1Char(' ')), 0));
        };
        StartupRow idle = s.idle;
        idle.samples.clear();
        row(QStringLiteral("idle process (Qt + SQLite, RSS floor)"), idle);
        row(QStringLiteral("baseline: bare SELECT * scan, all columns"), s.scan);
        row(QStringLiteral("engine: full replay (no snapshot)"), s.replay);
        row(QStringLiteral("engine: snapshot + tail of %1 events").arg(grouped(s.tailEvents)),
            s.snapshotTail);
        row(QStringLiteral("engine: snapshot at the last event"), s.snapshotEnd);
        line(QStringLiteral("  snapshot: %1 KiB; encode %2 ms, decode %3 ms (in process)")
                 .arg(number(double(s.snapshotBytes) / 1024.0, 1), number(s.encodeMs, 1),
                      number(s.decodeMs, 1)));
        const double scanRate = double(s.scan.rows) / s.scan.ms;
        const double replayRate = double(s.replay.rows) / s.replay.ms;
        const double vsScan = replayRate / scanRate;
        verdicts.push_back({QStringLiteral("full replay >= 0.5 x scan rate (events/s)"),
                            QStringLiteral("%1 x").arg(number(vsScan, 2)), vsScan >= 0.5});
        verdicts.push_back({QStringLiteral("start-up from a snapshot < 200 ms"),
                            QStringLiteral("%1 ms").arg(number(s.snapshotEnd.ms, 1)),
                            s.snapshotEnd.ms < 200.0});
        verdicts.push_back(
            {QStringLiteral("(info) snapshot + %1-event tail < 200 ms").arg(s.tailEvents),
             QStringLiteral("%1 ms").arg(number(s.snapshotTail.ms, 1)), s.snapshotTail.ms < 200.0});
        line(QString());
    }

    line(QStringLiteral("Targets"));
    for (const Verdict &v : verdicts) {
        line(QStringLiteral("  [%1] %2 measured %3")
                 .arg(v.pass ? QStringLiteral("PASS") : QStringLiteral("MISS"))
                 .arg(v.target, -56)
                 .arg(v.measured));
    }
    line(QStringLiteral("total %1 s; load at start %2, at end %3")
             .arg(number(seconds(total), 1), loadBefore, loadAverage()));
    // Misses are findings, not failures: the exit status is non-zero only when the run broke.
    return 0;
}

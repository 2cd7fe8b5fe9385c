#include "app/RunCommand.h"

#include "backend/domain/EventCodec.h"
#include "backend/domain/WorkflowWords.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/scheduler/ProcessExecutor.h"
#include "backend/scheduler/Scheduler.h"
#include "backend/scheduler/SchedulerDriver.h"
#include "backend/scheduler/SchedulerLock.h"
#include "backend/store/EventStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace app {

namespace {

using namespace backend;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBad = 2;

std::atomic<int> g_interrupts {0};

extern "C" void onSigint(int)
{
    g_interrupts.fetch_add(1);
}

struct RunArgs
{
    QString file;
    QString resume;
    QString workspace;
    int jobs = 0;
    QStringList labels; ///< offered by the workers besides the defaults
    QString error;
};

RunArgs parseRunArgs(const QStringList &args)
{
    RunArgs r;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--workspace") && hasValue) {
            r.workspace = args.at(++i);
        } else if (a == QLatin1String("--jobs") && hasValue) {
            bool ok = false;
            r.jobs = args.at(++i).toInt(&ok);
            if (!ok || r.jobs <= 0)
                r.error = QStringLiteral("--jobs needs a positive whole number");
        } else if (a == QLatin1String("--label") && hasValue) {
            const QString label = args.at(++i).trimmed();
            if (label.isEmpty())
                r.error = QStringLiteral("--label needs a non-blank label");
            r.labels.append(label);
        } else if (a == QLatin1String("--resume") && hasValue) {
            r.resume = args.at(++i);
        } else if (a.startsWith(QLatin1String("--"))) {
            r.error = QStringLiteral("unknown option or missing value: %1").arg(a);
        } else if (r.file.isEmpty()) {
            r.file = a;
        } else {
            r.error = QStringLiteral("unexpected argument %1").arg(a);
        }
    }
    if (r.error.isEmpty() && r.file.isEmpty() == r.resume.isEmpty())
        r.error = QStringLiteral("give either WORKFLOW.json or --resume WORKFLOW_ID");
    return r;
}

OrchestrationEngine::Options engineOptions()
{
    OrchestrationEngine::Options options;
    bool ok = false;
    const qint64 interval = qEnvironmentVariable("WEFT_SNAPSHOT_INTERVAL").toLongLong(&ok);
    if (ok && interval >= 0)
        options.snapshotInterval = interval;
    return options;
}

std::unique_ptr<OrchestrationEngine> openEngine(const QString &path, QTextStream &err,
                                                const char *command)
{
    auto store = EventStore::open(path);
    if (!store) {
        err << "weft " << command << ": " << store.error().message << Qt::endl;
        return nullptr;
    }
    auto engine = OrchestrationEngine::create(std::move(*store), engineOptions());
    if (!engine) {
        err << "weft " << command << ": " << engine.error().message << Qt::endl;
        return nullptr;
    }
    return std::move(*engine);
}

/// The run state a task event leaves its task in, if it changes it.
QString stateAfter(const StoredEvent &e)
{
    static const QHash<QString, QString> words {
        {QStringLiteral("task.promoted"), QStringLiteral("ready")},
        {QStringLiteral("task.leased"), QStringLiteral("leased")},
        {QStringLiteral("task.attempt-started"), QStringLiteral("running")},
        {QStringLiteral("task.retry-scheduled"), QStringLiteral("retry_wait")},
        {QStringLiteral("task.succeeded"), QStringLiteral("succeeded")},
        {QStringLiteral("task.failed"), QStringLiteral("failed")},
        {QStringLiteral("task.canceled"), QStringLiteral("canceled")},
        {QStringLiteral("task.upstream-failed"), QStringLiteral("upstream_failed")},
    };
    if (e.type == QLatin1String("task.state-changed")) {
        return e.payload.value(QLatin1String("to")).toString();
    }
    return words.value(e.type);
}

/// Prints progress: a live line on a terminal, one line per state change otherwise.
class Progress
{
public:
    Progress(QTextStream &out, const WorkflowView &w)
        : m_out(out)
        , m_tty(::isatty(STDOUT_FILENO) == 1)
        , m_prefix(w.id.value + QLatin1Char('/'))
        , m_total(static_cast<int>(w.tasks.size()))
    {
        for (const TaskView &t : w.tasks) {
            if (isTerminal(t.state))
                ++m_done;
        }
    }

    void onEvent(const StoredEvent &e)
    {
        if (e.aggregateKind != QLatin1String("task") || !e.aggregateId.startsWith(m_prefix))
            return;
        if (e.type == QLatin1String("task.added"))
            ++m_total;
        const QString state = stateAfter(e);
        if (state.isEmpty())
            return;
        const QString task = e.aggregateId.mid(m_prefix.size());
        if (state == QLatin1String("succeeded") || state == QLatin1String("failed")
            || state == QLatin1String("canceled") || state == QLatin1String("upstream_failed")) {
            ++m_done;
            if (state != QLatin1String("succeeded"))
                ++m_bad;
        }
        if (state == QLatin1String("running"))
            ++m_running;
        else if (m_runningTasks.contains(task))
            --m_running;
        if (state == QLatin1String("running"))
            m_runningTasks.insert(task);
        else
            m_runningTasks.remove(task);
        if (m_tty) {
            m_out << "\r\033[K[" << m_done << '/' << m_total << "] " << m_running << " running, "
                  << m_bad << " not succeeded — " << task << ": " << state;
        } else {
            m_out << '[' << m_done << '/' << m_total << "] " << task << ' ' << state << '\n';
        }
        m_out.flush();
    }

    void finish()
    {
        if (m_tty)
            m_out << '\n';
        m_out.flush();
    }

private:
    QTextStream &m_out;
    bool m_tty;
    QString m_prefix;
    int m_total = 0;
    int m_done = 0;
    int m_bad = 0;
    int m_running = 0;
    QSet<QString> m_runningTasks;
};

QString summaryOf(const WorkflowView &w)
{
    QMap<QString, int> counts;
    for (const TaskView &t : w.tasks)
        ++counts[toWord(t.state)];
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    return parts.join(QStringLiteral(", "));
}

/// Runs the workflow until it is closed, or until an interrupt has drained the running
/// attempts. Returns the exit status.
int drive(OrchestrationEngine &engine, const WorkflowId &id, const RunArgs &a, QTextStream &out,
          QTextStream &err)
{
    ProcessExecutor executor;
    Scheduler::Options options;
    options.workerSlots = a.jobs;
    const QSet<QString> defaults = Scheduler::defaultWorkerLabels();
    options.workerLabels = QStringList(defaults.cbegin(), defaults.cend()) + a.labels;
    Scheduler scheduler(engine, executor, options);
    SchedulerDriver driver(scheduler, executor, SystemClock::instance());

    Progress progress(out, *engine.readModel().workflow(id));
    QObject::connect(&engine, &OrchestrationEngine::eventStored, &engine,
                     [&progress](const StoredEvent &e) { progress.onEvent(e); });

    scheduler.recover();

    QEventLoop loop;
    bool interrupted = false;
    auto finished = [&] {
        const ReadModel model = engine.readModel();
        const WorkflowView *w = model.workflow(id);
        if (scheduler.liveAttempts() > 0)
            return false;
        return interrupted || !w || !w->isOpen();
    };
    QObject::connect(&driver, &SchedulerDriver::ticked, &loop, [&] {
        if (finished())
            loop.quit();
    });
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [&] {
        if (g_interrupts.load() == 0 || interrupted)
            return;
        interrupted = true;
        err << "\nweft run: interrupted; stopping running attempts (resume with weft run --resume "
            << id.value << ")" << Qt::endl;
        scheduler.drainUntilIdle(0);
        driver.wake();
    });
    g_interrupts.store(0);
    auto previous = std::signal(SIGINT, onSigint);
    interruptPoll.start(50);
    driver.start();
    if (!finished())
        loop.exec();
    std::signal(SIGINT, previous);
    progress.finish();

    const ReadModel model = engine.readModel();
    const WorkflowView *w = model.workflow(id);
    if (!w)
        return kExitBad;
    out << "workflow " << id.value << ": " << toWord(w->state) << " (" << summaryOf(*w) << ")"
        << Qt::endl;
    if (interrupted || w->state != WorkflowState::Completed || !w->succeeded)
        return kExitFailed;
    return kExitOk;
}

} // namespace

int runWorkflow(const QString &databasePath, const QStringList &args, QTextStream &out,
                QTextStream &err)
{
    const RunArgs a = parseRunArgs(args);
    if (!a.error.isEmpty()) {
        err << "weft run: " << a.error << Qt::endl;
        return kExitBad;
    }
    QJsonObject document;
    if (!a.file.isEmpty()) {
        QFile file(a.file);
        if (!file.open(QIODevice::ReadOnly)) {
            err << "weft run: cannot read " << a.file << ": " << file.errorString() << Qt::endl;
            return kExitBad;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            err << "weft run: " << a.file << " is not a JSON object"
                << (parseError.error != QJsonParseError::NoError
                        ? QStringLiteral(" (%1 at offset %2)")
                              .arg(parseError.errorString())
                              .arg(parseError.offset)
                        : QString())
                << Qt::endl;
            return kExitBad;
        }
        document = doc.object();
    }

    // Before anything is stored: a second scheduler on the database would start the same tasks.
    SchedulerLock lock(databasePath);
    if (!lock.tryAcquire()) {
        err << "weft run: the workflows of " << databasePath << " are being run by "
            << lock.holder() << "; wait until it stops, or use another --db" << Qt::endl;
        return kExitBad;
    }
    auto engine = openEngine(databasePath, err, "run");
    if (!engine)
        return kExitBad;

    WorkflowId id;
    if (!a.resume.isEmpty()) {
        id = WorkflowId(a.resume);
        const ReadModel model = engine->readModel();
        const WorkflowView *w = model.workflow(id);
        if (!w) {
            err << "weft run: no workflow " << a.resume << Qt::endl;
            return kExitBad;
        }
        const WorkflowState state = w->state;
        if (state == WorkflowState::Created)
            engine->dispatch(WorkflowStart {CommandId::generate(), id});
        else if (state == WorkflowState::Paused)
            engine->dispatch(WorkflowResume {CommandId::generate(), id});
    } else {
        const QString root
            = QDir(a.workspace.isEmpty() ? QDir::currentPath() : a.workspace).absolutePath();
        if (!QFileInfo(root).isDir()) {
            err << "weft run: the workspace " << root << " is not a folder" << Qt::endl;
            return kExitBad;
        }
        ProjectId projectId;
        {
            const ReadModel model = engine->readModel();
            if (const ProjectView *p = model.liveProjectAt(root))
                projectId = p->id;
        }
        if (projectId.isEmpty()) {
            projectId = ProjectId::generate();
            const auto created = engine->dispatch(ProjectCreate {
                CommandId::generate(), projectId,
                QFileInfo(root).fileName().isEmpty() ? root : QFileInfo(root).fileName(), root});
            if (!created) {
                err << "weft run: " << created.error().message() << Qt::endl;
                return kExitBad;
            }
        }
        id = WorkflowId::generate();
        const auto imported
            = engine->dispatch(WorkflowImport {CommandId::generate(), id, projectId, document});
        if (!imported) {
            err << "weft run: " << a.file << ": " << imported.error().message() << Qt::endl;
            return kExitBad;
        }
        const auto started = engine->dispatch(WorkflowStart {CommandId::generate(), id});
        if (!started) {
            err << "weft run: " << started.error().message() << Qt::endl;
            return kExitBad;
        }
        err << "weft run: workflow " << id.value << Qt::endl;
    }
    return drive(*engine, id, a, out, err);
}

int runStatus(const QString &databasePath, const QStringList &args, QTextStream &out,
              QTextStream &err)
{
    if (args.size() > 1) {
        err << "weft status: unexpected argument " << args.at(1) << Qt::endl;
        return kExitBad;
    }
    auto engine = openEngine(databasePath, err, "status");
    if (!engine)
        return kExitBad;
    const ReadModel model = engine->readModel();
    QList<WorkflowId> ids;
    if (!args.isEmpty()) {
        if (!model.workflow(WorkflowId(args.first()))) {
            err << "weft status: no workflow " << args.first() << Qt::endl;
            return kExitFailed;
        }
        ids.append(WorkflowId(args.first()));
    } else {
        ids = model.workflows.keys();
        std::sort(ids.begin(), ids.end());
    }
    QJsonArray workflows;
    for (const WorkflowId &id : std::as_const(ids)) {
        const WorkflowView &w = *model.workflow(id);
        QJsonArray tasks;
        for (const TaskId &t : w.taskOrder) {
            const TaskView &task = w.tasks.value(t);
            QJsonObject o {{QStringLiteral("id"), task.id.value},
                           {QStringLiteral("state"), toWord(task.state)},
                           {QStringLiteral("attempts"), task.attemptCount}};
            if (task.lastOutcome)
                o.insert(QStringLiteral("lastOutcome"), toWord(*task.lastOutcome));
            if (task.lastExitCode)
                o.insert(QStringLiteral("exitCode"), *task.lastExitCode);
            if (task.lastError)
                o.insert(QStringLiteral("error"), *task.lastError);
            if (task.threadId)
                o.insert(QStringLiteral("threadId"), task.threadId->value);
            tasks.append(o);
        }
        workflows.append(QJsonObject {{QStringLiteral("id"), w.id.value},
                                      {QStringLiteral("title"), w.title},
                                      {QStringLiteral("projectId"), w.projectId.value},
                                      {QStringLiteral("state"), toWord(w.state)},
                                      {QStringLiteral("succeeded"), w.succeeded},
                                      {QStringLiteral("tasks"), tasks}});
    }
    out << QString::fromUtf8(QJsonDocument(QJsonObject {{QStringLiteral("workflows"), workflows}})
                                 .toJson(QJsonDocument::Indented));
    out.flush();
    return kExitOk;
}

} // namespace app

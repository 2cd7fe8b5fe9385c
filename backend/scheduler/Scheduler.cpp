#include "backend/scheduler/Scheduler.h"

#include "backend/domain/Events.h"

#include "backend/scheduler/Backoff.h"
#include "backend/scheduler/CronSchedule.h"
#include "backend/scheduler/RunSelection.h"

#include <QDir>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QThread>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcScheduler, "weft.scheduler", QtWarningMsg)

namespace backend {

namespace {

// Name-based ids: an attempt's turn and messages get the same ids after a restart, so
// recovery can find them from the task alone.
const QUuid kNamespace = QUuid::fromString(QStringLiteral("6f1d8a52-0c3e-4b0e-9a5f-5e3c2d7b9a41"));

QString nameUuid(const QString &name)
{
    return QUuid::createUuidV5(kNamespace, name).toString(QUuid::WithoutBraces);
}

// Every command the scheduler issues has an id made just now (newCommandId): the engine need
// not look for an earlier answer to it.
PendingCommand pending(Command command)
{
    DispatchContext context;
    context.freshCommandId = true;
    return PendingCommand {std::move(command), std::move(context)};
}

CommandId newCommandId()
{
    return CommandId::generate();
}

QString describe(const TaskSpec &spec)
{
    if (spec.shell)
        return QStringLiteral("$ ") + *spec.shell;
    return QStringLiteral("$ ") + spec.command.join(QLatin1Char(' '));
}

TurnOutcome turnOutcomeOf(AttemptOutcome outcome)
{
    switch (outcome) {
    case AttemptOutcome::Succeeded:
        return TurnOutcome::Completed;
    case AttemptOutcome::Canceled:
    case AttemptOutcome::Lost:
        return TurnOutcome::Interrupted;
    case AttemptOutcome::Failed:
    case AttemptOutcome::TimedOut:
        return TurnOutcome::Error;
    }
    return TurnOutcome::Error;
}

QString outcomeError(const AttemptResult &r)
{
    if (r.error)
        return *r.error;
    switch (r.outcome) {
    case AttemptOutcome::Succeeded:
        return {};
    case AttemptOutcome::Failed:
        return r.exitCode ? QStringLiteral("exit status %1").arg(*r.exitCode)
                          : QStringLiteral("failed");
    case AttemptOutcome::TimedOut:
        return QStringLiteral("timed_out");
    case AttemptOutcome::Canceled:
        return QStringLiteral("canceled");
    case AttemptOutcome::Lost:
        return QStringLiteral("lost");
    }
    return {};
}

void earliest(std::optional<QDateTime> &wake, const QDateTime &at)
{
    if (at.isValid() && (!wake || at < *wake))
        wake = at;
}

} // namespace

/// What a pass over the snapshot found. Pointers into the snapshot: it must outlive the scan.
struct Scheduler::Scan
{
    QList<const TaskView *> orphans; ///< leased or running with no attempt of ours behind it
    QList<const TaskView *> promotable; ///< due scheduled and retry_wait runs
    QList<RunCandidate> ready;
    QHash<QString, int> runningByKey;
    QList<const TaskView *> doomed; ///< blocked behind a failed or canceled prerequisite
    QList<const TaskView *> cronTemplates;
    std::optional<QDateTime> nextWake;
};

Scheduler::Scheduler(OrchestrationEngine &engine, AttemptExecutor &executor, Options options)
    : m_engine(engine)
    , m_executor(executor)
    , m_options(std::move(options))
    , m_clock(m_options.clock ? m_options.clock : &SystemClock::instance())
    , m_slots(m_options.workerSlots > 0 ? m_options.workerSlots
                                        : std::max(1, QThread::idealThreadCount()))
    , m_workerLabels(m_options.workerLabels ? QSet<QString>(m_options.workerLabels->cbegin(),
                                                            m_options.workerLabels->cend())
                                            : defaultWorkerLabels())
{
    m_eventsConnection = QObject::connect(&m_engine, &OrchestrationEngine::eventStored,
                                          [this](const StoredEvent &e) { m_active.noteEvent(e); });
}

Scheduler::~Scheduler()
{
    QObject::disconnect(m_eventsConnection);
}

QSet<QString> Scheduler::defaultWorkerLabels()
{
    return {QSysInfo::kernelType(), QSysInfo::currentCpuArchitecture(), QStringLiteral("local")};
}

// A new thread id is time-ordered, not derived from the task's name: every event of a thread
// lands in the store's (aggregate, version) index and the messages table under its id, and
// ids made now land beside each other, so a tick that starts 256 tasks dirties a few index
// pages instead of 256 random ones (100 000 tasks with turns: 3 499 → 5 587 tasks/s,
// docs/BENCHMARKS.md). No lookup needs the id before the task records it: the lease, thread.create,
// the turn and task.attempt-started of a start are one transaction.
ThreadId Scheduler::threadIdFor(const TaskView &task)
{
    return task.threadId ? *task.threadId : ThreadId::generate();
}

TurnId Scheduler::turnIdFor(const WorkflowId &workflowId, const TaskId &taskId, int attempt)
{
    return TurnId(nameUuid(QStringLiteral("weft-task-turn:%1#%2")
                               .arg(taskAggregateId(workflowId, taskId))
                               .arg(attempt)));
}

double Scheduler::jitter() const
{
    return m_options.jitterSample ? m_options.jitterSample()
                                  : QRandomGenerator::global()->generateDouble();
}

RunCandidate Scheduler::candidateOf(const WorkflowView &w, const TaskView &t,
                                    qint64 readySerial) const
{
    RunCandidate c {
        w.id, t.id, t.spec.priority, readySerial, t.spec.concurrencyKey, preferredPrerequisites(t)};
    c.strategy = w.strategy;
    if (w.strategy == SchedulingStrategy::Affinity)
        c.labelMatches = static_cast<int>(
            std::count_if(t.spec.labels.cbegin(), t.spec.labels.cend(),
                          [this](const QString &label) { return m_workerLabels.contains(label); }));
    return c;
}

int Scheduler::takeSlot()
{
    int n = 0;
    while (m_busyWorkers.contains(n))
        ++n;
    m_busyWorkers.insert(n);
    return n;
}

Scheduler::Scan Scheduler::scan(const ReadModel &model, const QDateTime &now, bool withReady)
{
    m_active.refresh(model);
    Q_ASSERT_X(m_active.matches(model), "Scheduler::scan",
               "the active-task index differs from a full pass over the model");
    Scan s;
    for (const WorkflowView &w : model.workflows) {
        if (!w.isOpen())
            continue;
        const bool running = w.state == WorkflowState::Running;
        // In insertion order, so runs that become due together are promoted (and so served,
        // FIFO) in the order of the workflow file.
        for (const TaskView *active : m_active.active(w, withReady)) {
            const TaskView &t = *active;
            switch (t.state) {
            case TaskRunState::Leased:
            case TaskRunState::Running:
                if (t.spec.concurrencyKey)
                    ++s.runningByKey[*t.spec.concurrencyKey];
                if (!m_live.contains(taskAggregateId(w.id, t.id))) {
                    s.orphans.append(&t);
                    earliest(s.nextWake, t.leaseDeadline);
                }
                break;
            case TaskRunState::Scheduled:
                if (t.spec.cron) {
                    if (running)
                        s.cronTemplates.append(&t);
                } else if (t.spec.notBefore && *t.spec.notBefore > now) {
                    earliest(s.nextWake, *t.spec.notBefore);
                } else if (running) {
                    s.promotable.append(&t);
                }
                break;
            case TaskRunState::RetryWait:
                if (t.retryAt > now)
                    earliest(s.nextWake, t.retryAt);
                else if (running)
                    s.promotable.append(&t);
                break;
            case TaskRunState::Ready:
                if (running && withReady)
                    s.ready.append(candidateOf(w, t, t.readySerial));
                break;
            case TaskRunState::Blocked:
                // The index holds a blocked task only once a blocking prerequisite has ended.
                s.doomed.append(&t);
                break;
            case TaskRunState::Succeeded:
            case TaskRunState::Failed:
            case TaskRunState::Canceled:
            case TaskRunState::UpstreamFailed:
                break;
            }
        }
    }
    return s;
}

void Scheduler::completeTurn(const ThreadId &threadId, const TurnId &turnId, TurnOutcome outcome,
                             std::optional<int> exitCode, std::optional<QString> error,
                             QList<PendingCommand> &batch)
{
    batch.append(pending(ThreadTurnComplete {newCommandId(), threadId, turnId, outcome, exitCode,
                                             std::move(error)}));
}

void Scheduler::recordOutput(QList<PendingCommand> &batch)
{
    for (const AttemptOutput &out : m_executor.takeOutput()) {
        auto it = m_live.find(taskAggregateId(out.workflowId, out.taskId));
        if (it == m_live.end() || it->attempt != out.attempt || out.text.isEmpty())
            continue;
        if (!m_options.recordTurns)
            continue;
        batch.append(pending(ThreadMessageAssistantDelta {
            newCommandId(), it->threadId, it->assistantMessageId, it->turnId, out.text}));
        it->wroteText = true;
    }
}

void Scheduler::retryOrFail(const TaskView &task, int attempt, const QString &reason,
                            const QDateTime &now, QList<PendingCommand> &batch)
{
    if (task.spec.retry && task.attemptsUsed() < task.spec.maxAttempts()) {
        const qint64 delay = nextRetryDelay(*task.spec.retry, attempt, jitter());
        batch.append(pending(TaskRetrySchedule {newCommandId(), task.workflowId, task.id, attempt,
                                                now.addMSecs(delay)}));
    } else {
        batch.append(pending(TaskFail {newCommandId(), task.workflowId, task.id, reason}));
    }
}

void Scheduler::recordResult(const ReadModel &model, const AttemptResult &result,
                             const QDateTime &now, QList<PendingCommand> &batch, TickReport &report)
{
    const auto it = m_live.constFind(taskAggregateId(result.workflowId, result.taskId));
    if (it == m_live.cend() || it->attempt != result.attempt)
        return; // an attempt given up on earlier (lease expired): its late result changes nothing
    const Live live = *it;
    m_live.erase(it);
    m_busyWorkers.remove(live.slot);
    ++report.finished;

    const QString error = outcomeError(result);
    if (m_options.recordTurns) {
        if (live.wroteText)
            batch.append(pending(ThreadMessageAssistantComplete {
                newCommandId(), live.threadId, live.assistantMessageId, live.turnId}));
        completeTurn(live.threadId, live.turnId, turnOutcomeOf(result.outcome), result.exitCode,
                     error.isEmpty() ? std::nullopt : std::optional<QString>(error), batch);
    }
    const TaskView *task = model.task(result.workflowId, result.taskId);
    if (!task || isTerminal(task->state) || task->state != TaskRunState::Running
        || task->currentAttempt != result.attempt)
        return; // canceled meanwhile: the turn is closed, the task already ended
    batch.append(
        pending(TaskAttemptFinish {newCommandId(), result.workflowId, result.taskId, result.attempt,
                                   result.outcome, result.exitCode, result.error}));
    if (result.outcome == AttemptOutcome::Succeeded)
        batch.append(pending(TaskSucceed {newCommandId(), result.workflowId, result.taskId}));
    else if (result.outcome == AttemptOutcome::Canceled)
        // Stopped by a drain (Ctrl-C in `weft run`) with the task still wanted: not the task's
        // failure, so it is due again at once and the attempt does not count.
        batch.append(pending(TaskRetrySchedule {newCommandId(), result.workflowId, result.taskId,
                                                result.attempt, now}));
    else
        retryOrFail(*task, result.attempt, error, now, batch);
}

void Scheduler::abandonAttempt(const ReadModel &model, const TaskView &task, const QString &reason,
                               const QDateTime &now, QList<PendingCommand> &batch)
{
    const int attempt = task.currentAttempt.value_or(task.attemptCount);
    if (m_options.recordTurns && task.threadId && task.turnId) {
        const ThreadView *thread = model.thread(*task.threadId);
        if (thread && thread->runningTurnId == task.turnId)
            completeTurn(*task.threadId, *task.turnId, TurnOutcome::Interrupted, std::nullopt,
                         reason, batch);
    }
    if (task.state == TaskRunState::Running && task.lastOutcome == AttemptOutcome::Succeeded) {
        // The attempt's success was recorded but not the task's: record it, never rerun.
        batch.append(pending(TaskSucceed {newCommandId(), task.workflowId, task.id}));
        return;
    }
    if (task.state == TaskRunState::Running && !task.lastOutcome)
        batch.append(pending(TaskAttemptFinish {newCommandId(), task.workflowId, task.id, attempt,
                                                AttemptOutcome::Lost, std::nullopt, reason}));
    retryOrFail(task, attempt, reason, now, batch);
}

void Scheduler::addCronRuns(const ReadModel &model, const QList<const TaskView *> &templates,
                            const QDateTime &now, QList<PendingCommand> &batch)
{
    // A task with a cron is a template: it never runs itself; each occurrence inside the
    // rolling window becomes a child task "<id>@<time>" due at that time, so canceling the
    // template cancels its runs.
    const QDateTime to = now.addMSecs(m_options.cronWindowMs);
    for (const TaskView *t : templates) {
        const QString key = taskAggregateId(t->workflowId, t->id);
        const QDateTime from = m_cronHorizon.value(key, now.addMSecs(-1));
        if (from >= to)
            continue;
        m_cronHorizon.insert(key, to);
        auto cron = CronSchedule::parse(*t->spec.cron);
        if (!cron) {
            qCWarning(lcScheduler) << "task" << key << "has an unusable cron:" << cron.error();
            continue;
        }
        const WorkflowView *w = model.workflow(t->workflowId);
        for (const QDateTime &at : cron->occurrences(from, to)) {
            const TaskId runId(t->id.value + QLatin1Char('@')
                               + at.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
            if (w && w->task(runId))
                continue;
            TaskSpec spec = t->spec;
            spec.cron.reset();
            spec.notBefore = at;
            spec.parentTaskId = t->id;
            batch.append(pending(TaskAdd {newCommandId(), t->workflowId, runId, std::move(spec)}));
        }
    }
}

Scheduler::TickReport Scheduler::recover()
{
    TickReport report;
    const QDateTime now = m_clock->now();
    QList<PendingCommand> batch;
    {
        const ReadModel model = m_engine.readModel();
        const Scan s = scan(model, now, false);
        for (const TaskView *t : s.orphans)
            abandonAttempt(model, *t, QStringLiteral("interrupted_by_restart"), now, batch);
    }
    dispatch(batch, report);
    return report;
}

void Scheduler::dispatch(const QList<PendingCommand> &batch, TickReport &report,
                         const OrchestrationEngine::FollowUp &followUp)
{
    if (batch.isEmpty() && !followUp)
        return;
    QList<PendingCommand> more;
    const QList<DispatchResult> results = followUp
        ? m_engine.dispatchBatch(batch,
                                 [&](const ReadModel &model, const QList<StoredEvent> &decided) {
                                     more = followUp(model, decided);
                                     return more;
                                 })
        : m_engine.dispatchBatch(batch);
    report.commands += static_cast<int>(results.size());
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results.at(i))
            continue;
        ++report.rejected;
        const Command &command
            = i < batch.size() ? batch.at(i).command : more.at(i - batch.size()).command;
        qCInfo(lcScheduler) << "refused:" << commandTypeOf(command)
                            << results.at(i).error().message();
    }
}

void Scheduler::startAttempts(const ReadModel &model, const Scan &scan, const QDateTime &now,
                              QList<PendingCommand> &batch, QList<AttemptRequest> &requests,
                              QList<Live> &starting)
{
    const int free = m_slots - static_cast<int>(m_live.size());
    QList<RunCandidate> candidates = scan.ready;
    // Promotion and start go in one group commit: a run that is promoted and finds a free slot
    // is ready and started in the same transaction.
    qint64 serial = model.readySerial;
    for (const TaskView *t : scan.promotable) {
        batch.append(pending(TaskPromote {newCommandId(), t->workflowId, t->id, now}));
        if (const WorkflowView *w = model.workflow(t->workflowId))
            candidates.append(candidateOf(*w, *t, ++serial));
    }
    if (free <= 0 || m_draining)
        return;
    const QList<RunCandidate> chosen
        = selectRunnable(candidates, free, scan.runningByKey, &m_laneCursor);
    for (const RunCandidate &c : chosen) {
        const WorkflowView *w = model.workflow(c.workflowId);
        const TaskView *t = w ? w->task(c.taskId) : nullptr;
        if (!t)
            continue;
        Live live;
        live.workflowId = c.workflowId;
        live.taskId = c.taskId;
        live.attempt = t->attemptCount + 1;
        live.slot = takeSlot();
        live.workerId
            = WorkerId(QStringLiteral("%1-%2").arg(m_options.workerPrefix).arg(live.slot));
        live.threadId = threadIdFor(*t);
        live.turnId = turnIdFor(c.workflowId, c.taskId, live.attempt);
        live.assistantMessageId
            = MessageId(nameUuid(live.turnId.value + QStringLiteral(":assistant")));
        live.startedAt = now;
        live.nextHeartbeat = now.addMSecs(m_options.heartbeatMs);
        live.timeoutMs = t->spec.timeoutMs;

        batch.append(pending(TaskLease {newCommandId(), c.workflowId, c.taskId, live.workerId,
                                        live.attempt, now.addMSecs(m_options.leaseMs)}));
        if (m_options.recordTurns) {
            const ThreadView *thread = model.thread(live.threadId);
            if (!thread) {
                batch.append(pending(
                    ThreadCreate {newCommandId(), live.threadId, w->projectId, t->spec.title,
                                  ProviderSpec {QString::fromLatin1(kTaskProviderKind), {}},
                                  std::nullopt, std::nullopt}));
            } else if (thread->runningTurnId) {
                completeTurn(live.threadId, *thread->runningTurnId, TurnOutcome::Interrupted,
                             std::nullopt, QStringLiteral("interrupted_by_restart"), batch);
            }
            batch.append(pending(
                ThreadTurnStart {newCommandId(), live.threadId, live.turnId,
                                 MessageId(nameUuid(live.turnId.value + QStringLiteral(":user"))),
                                 describe(t->spec)}));
        }
        batch.append(pending(TaskAttemptStart {newCommandId(), c.workflowId, c.taskId, live.attempt,
                                               live.threadId, live.turnId}));

        AttemptRequest request;
        request.workflowId = c.workflowId;
        request.taskId = c.taskId;
        request.attempt = live.attempt;
        request.workerId = live.workerId;
        request.spec = t->spec;
        const ProjectView *project = model.project(w->projectId);
        const QString root = project ? project->workspaceRoot : QString();
        const QString cwd = t->spec.cwd.value_or(QString());
        request.workingDirectory = cwd.isEmpty() ? root
            : QDir::isAbsolutePath(cwd)          ? cwd
                                                 : QDir(root).filePath(cwd);
        requests.append(std::move(request));
        starting.append(std::move(live));
    }
}

Scheduler::TickReport Scheduler::tick()
{
    TickReport report;
    const QDateTime now = m_clock->now();
    QList<PendingCommand> batch;
    {
        // The snapshot must be gone before dispatching: while it shares the engine's task
        // hashes, the engine's next change would copy them whole.
        const ReadModel model = m_engine.readModel();
        recordOutput(batch);
        for (const AttemptResult &r : m_executor.takeFinished())
            recordResult(model, r, now, batch, report);

        // Live attempts: cancellations, timeouts, heartbeats, lost workers.
        for (auto it = m_live.begin(); it != m_live.end();) {
            Live &live = *it;
            const WorkflowView *w = model.workflow(live.workflowId);
            const TaskView *t = w ? w->task(live.taskId) : nullptr;
            if (!t || isTerminal(t->state) || !w->isOpen()) {
                if (!live.stopping) {
                    live.stopping = true;
                    m_executor.stop(live.workflowId, live.taskId, live.attempt,
                                    StopReason::Canceled);
                }
                ++it;
                continue;
            }
            if (live.timeoutMs && !live.stopping
                && now >= live.startedAt.addMSecs(*live.timeoutMs)) {
                live.stopping = true;
                m_executor.stop(live.workflowId, live.taskId, live.attempt, StopReason::TimedOut);
                ++it;
                continue;
            }
            const bool responsive
                = m_executor.isResponsive(live.workflowId, live.taskId, live.attempt);
            if (!responsive && t->leaseDeadline.isValid() && now >= t->leaseDeadline) {
                // The worker stopped answering: give the attempt up and free the slot; a late
                // result is ignored (recordResult checks the attempt).
                m_executor.stop(live.workflowId, live.taskId, live.attempt,
                                StopReason::LeaseExpired);
                abandonAttempt(model, *t, QStringLiteral("lease_expired"), now, batch);
                m_busyWorkers.remove(live.slot);
                it = m_live.erase(it);
                continue;
            }
            if (responsive && now >= live.nextHeartbeat) {
                batch.append(pending(TaskLeaseHeartbeat {newCommandId(), live.workflowId,
                                                         live.taskId, live.workerId, live.attempt,
                                                         now.addMSecs(m_options.leaseMs)}));
                live.nextHeartbeat = now.addMSecs(m_options.heartbeatMs);
            }
            ++it;
        }

        const Scan s = scan(model, now, false);
        for (const TaskView *t : s.orphans) {
            if (t->leaseDeadline.isValid() && now >= t->leaseDeadline)
                abandonAttempt(model, *t, QStringLiteral("lease_expired"), now, batch);
        }
        for (const TaskView *t : s.doomed)
            batch.append(pending(TaskUpstreamFail {newCommandId(), t->workflowId, t->id}));
        if (!s.cronTemplates.isEmpty())
            addCronRuns(model, s.cronTemplates, now, batch);
    }

    // The starts follow from the model the commands above leave (a success readies its
    // dependents): decided after them, stored with them in one transaction.
    QList<AttemptRequest> requests;
    QList<Live> starting;
    dispatch(batch, report, [&](const ReadModel &model, const QList<StoredEvent> &decided) {
        for (const StoredEvent &event : decided)
            m_active.noteEvent(event);
        QList<PendingCommand> starts;
        const Scan s = scan(model, now, true);
        m_nextWake = s.nextWake;
        if (!m_draining)
            startAttempts(model, s, now, starts, requests, starting);
        for (const Live &live : std::as_const(m_live)) {
            earliest(m_nextWake, live.nextHeartbeat);
            if (live.timeoutMs && !live.stopping)
                earliest(m_nextWake, live.startedAt.addMSecs(*live.timeoutMs));
        }
        if (m_drainDeadline)
            earliest(m_nextWake, *m_drainDeadline);
        return starts;
    });

    if (!starting.isEmpty()) {
        const ReadModel model = m_engine.readModel();
        for (qsizetype i = 0; i < starting.size(); ++i) {
            const Live &live = starting.at(i);
            const TaskView *t = model.task(live.workflowId, live.taskId);
            if (!t || t->state != TaskRunState::Running || t->currentAttempt != live.attempt) {
                m_busyWorkers.remove(live.slot);
                continue;
            }
            m_live.insert(taskAggregateId(live.workflowId, live.taskId), live);
            ++report.started;
        }
    }
    // Executors may finish at once (a fake, a program that cannot start) and report from
    // inside start(): hand requests over only after the bookkeeping above.
    for (const AttemptRequest &request : std::as_const(requests)) {
        if (m_live.contains(taskAggregateId(request.workflowId, request.taskId)))
            m_executor.start(request);
    }
    return report;
}

Scheduler::TickReport Scheduler::runUntilIdle(int maxTicks)
{
    TickReport total;
    for (int i = 0; i < maxTicks; ++i) {
        const TickReport r = tick();
        total.commands += r.commands;
        total.rejected += r.rejected;
        total.started += r.started;
        total.finished += r.finished;
        if (!r.madeProgress())
            break;
    }
    return total;
}

void Scheduler::startDrain()
{
    m_draining = true;
}

bool Scheduler::drainUntilIdle(qint64 timeoutMs)
{
    const QDateTime now = m_clock->now();
    if (!m_draining)
        startDrain();
    if (!m_drainDeadline)
        m_drainDeadline = now.addMSecs(timeoutMs);
    runUntilIdle();
    if (m_live.isEmpty())
        return true;
    if (m_clock->now() >= *m_drainDeadline) {
        for (Live &live : m_live) {
            if (live.stopping)
                continue;
            live.stopping = true;
            m_executor.stop(live.workflowId, live.taskId, live.attempt, StopReason::Drained);
        }
        runUntilIdle();
    }
    return m_live.isEmpty();
}

} // namespace backend

#pragma once

#include "backend/domain/ReadModel.h"
#include "backend/engine/Clock.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/scheduler/ActiveTaskIndex.h"
#include "backend/scheduler/AttemptExecutor.h"
#include "backend/scheduler/RunSelection.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

namespace backend {

/// The durable dispatch loop (docs/WORKFLOWS.md, "The scheduler"). Each tick reads a snapshot
/// of the read model, decides what to do and issues every transition as a command through the
/// engine — in one group commit per tick — so a crash loses nothing the store confirmed.
/// Attempts run on an AttemptExecutor; their output becomes assistant deltas of the attempt's
/// turn, their results become task commands. Lives on, and is used from, the engine's thread.
class Scheduler
{
public:
    struct Options
    {
        int workerSlots = 0; ///< attempts at once; 0: the number of cores
        const Clock *clock = nullptr; ///< nullptr: the system clock
        qint64 leaseMs = 60'000; ///< a lease not renewed for this long expires
        qint64 heartbeatMs = 15'000; ///< how often live attempts renew their lease
        qint64 cronWindowMs = 3'600'000; ///< cron runs are added this far ahead
        /// A sample in [0, 1) for the backoff jitter; nullptr: QRandomGenerator.
        std::function<double()> jitterSample;
        QString workerPrefix = QStringLiteral("local");
        /// Record each attempt as a turn on the task's thread (thread.create, turn start,
        /// deltas, turn complete).
        bool recordTurns = true;
        /// The labels this scheduler's workers offer, for `affinity` workflows; nullopt:
        /// defaultWorkerLabels(). Every local worker runs every task: labels order, never bar.
        std::optional<QStringList> workerLabels;
    };

    /// What one tick did.
    struct TickReport
    {
        int commands = 0; ///< commands dispatched (accepted or not)
        int rejected = 0;
        int started = 0; ///< attempts handed to the executor
        int finished = 0; ///< results recorded

        /// Whether the tick changed anything: refused commands are no progress (a loop that
        /// ticks until there is none would otherwise repeat them forever).
        [[nodiscard]] bool madeProgress() const
        {
            return commands - rejected > 0 || started > 0 || finished > 0;
        }
    };

    Scheduler(OrchestrationEngine &engine, AttemptExecutor &executor, Options options);
    Scheduler(OrchestrationEngine &engine, AttemptExecutor &executor)
        : Scheduler(engine, executor, Options {})
    {
    }
    ~Scheduler();
    Scheduler(const Scheduler &) = delete;
    Scheduler &operator=(const Scheduler &) = delete;

    /// Fails every leased or running attempt of the replayed model that has no live process
    /// here (as `interrupted_by_restart`), retrying by policy, and completes its turn. Call
    /// once after start-up, before the first tick.
    TickReport recover();

    /// One pass of the loop: results, cancellations, cron, lease expiry, heartbeats, then
    /// promotions and starts on free slots (none while draining).
    TickReport tick();

    /// Ticks until a tick changes nothing. Returns when only time or running attempts can
    /// move things on; with an executor that finishes at once that is "all done".
    TickReport runUntilIdle(int maxTicks = 1'000'000);

    /// Start nothing new; attempts in flight run to their end and are recorded.
    void startDrain();
    [[nodiscard]] bool isDraining() const { return m_draining; }
    /// Drains: ticks until no attempt is in flight (true), or — once the clock has passed
    /// `timeoutMs` from the first call — stops those left (outcome canceled) and returns
    /// false. Call again as results arrive; it never blocks.
    bool drainUntilIdle(qint64 timeoutMs);

    [[nodiscard]] int liveAttempts() const { return static_cast<int>(m_live.size()); }
    [[nodiscard]] int workerSlots() const { return m_slots; }
    /// The earliest time a waiting run, lease, heartbeat or timeout needs a tick.
    [[nodiscard]] std::optional<QDateTime> nextWakeAt() const { return m_nextWake; }

    /// The thread a task's attempts run on: the one its attempts ran on so far, else a new
    /// time-ordered id (see the definition for why not a name-based one).
    static ThreadId threadIdFor(const TaskView &task);
    static TurnId turnIdFor(const WorkflowId &workflowId, const TaskId &taskId, int attempt);
    /// The operating system's kernel type, the CPU architecture and "local", e.g.
    /// {"linux", "x86_64", "local"}.
    static QSet<QString> defaultWorkerLabels();

private:
    struct Live
    {
        WorkflowId workflowId;
        TaskId taskId;
        int attempt = 1;
        int slot = 0;
        WorkerId workerId;
        ThreadId threadId;
        TurnId turnId;
        MessageId assistantMessageId;
        bool wroteText = false;
        bool stopping = false;
        QDateTime startedAt;
        QDateTime nextHeartbeat;
        std::optional<qint64> timeoutMs;
    };
    struct Scan;

    /// Refreshes the index of active tasks from the events noted since, then passes over them;
    /// ready runs become candidates only `withReady`.
    Scan scan(const ReadModel &model, const QDateTime &now, bool withReady);
    void recordOutput(QList<PendingCommand> &batch);
    void recordResult(const ReadModel &model, const AttemptResult &result, const QDateTime &now,
                      QList<PendingCommand> &batch, TickReport &report);
    /// The attempt ended without a usable result (`reason`): record it, retry by policy.
    void abandonAttempt(const ReadModel &model, const TaskView &task, const QString &reason,
                        const QDateTime &now, QList<PendingCommand> &batch);
    void retryOrFail(const TaskView &task, int attempt, const QString &reason, const QDateTime &now,
                     QList<PendingCommand> &batch);
    void completeTurn(const ThreadId &threadId, const TurnId &turnId, TurnOutcome outcome,
                      std::optional<int> exitCode, std::optional<QString> error,
                      QList<PendingCommand> &batch);
    void addCronRuns(const ReadModel &model, const QList<const TaskView *> &templates,
                     const QDateTime &now, QList<PendingCommand> &batch);
    void startAttempts(const ReadModel &model, const Scan &scan, const QDateTime &now,
                       QList<PendingCommand> &batch, QList<AttemptRequest> &requests,
                       QList<Live> &starting);
    /// Stores `batch` and then what `followUp` (if any) makes of the model it leaves, in one
    /// transaction; counts the commands and refusals in `report`.
    void dispatch(const QList<PendingCommand> &batch, TickReport &report,
                  const OrchestrationEngine::FollowUp &followUp = {});
    int takeSlot();
    double jitter() const;
    [[nodiscard]] RunCandidate candidateOf(const WorkflowView &w, const TaskView &t,
                                           qint64 readySerial) const;

    OrchestrationEngine &m_engine;
    AttemptExecutor &m_executor;
    Options m_options;
    const Clock *m_clock;
    int m_slots;
    QHash<QString, Live> m_live; ///< by the task's aggregate id, "<workflow>/<task>"
    QSet<int> m_busyWorkers;
    QSet<QString> m_workerLabels;
    ActiveTaskIndex m_active;
    QMetaObject::Connection m_eventsConnection;
    LaneCursor m_laneCursor; ///< the round-robin of fair workflows between ticks
    QHash<QString, QDateTime> m_cronHorizon; ///< by cron task's aggregate id: runs added up to here
    bool m_draining = false;
    std::optional<QDateTime> m_drainDeadline;
    std::optional<QDateTime> m_nextWake;
};

} // namespace backend

#pragma once

#include "backend/engine/Reactor.h"
#include "backend/scheduler/Scheduler.h"
#include "backend/scheduler/SchedulerLock.h"

#include <QTimer>

#include <memory>

namespace backend {

class ProcessExecutor;
class SchedulerDriver;

/// The scheduler inside the application's backend: at start-up it recovers attempts cut off by
/// an earlier run and starts ticking; from then on it wakes on every event that can make work
/// (a workflow imported, started, resumed or canceled, a task added, a dependency declared, a
/// task canceled) and on its own timer and worker reports. Attempts run as child processes
/// (ProcessExecutor). A user's interrupt of a task's running turn cancels that task: the
/// attempt's process is stopped and the cancellation recorded, with its dependents.
/// Only one process schedules a database (SchedulerLock): while another holds the lock (a
/// `weft run`), this one waits and looks again every few seconds.
class SchedulerReactor final : public Reactor
{
public:
    explicit SchedulerReactor(const QString &databasePath, Scheduler::Options options = {});
    ~SchedulerReactor() override;

    [[nodiscard]] QString name() const override { return QStringLiteral("scheduler"); }
    QCoro::Task<> onStart(OrchestrationEngine &engine) override;
    QCoro::Task<> onEvent(const StoredEvent &event, OrchestrationEngine &engine) override;

    /// Null until onStart.
    [[nodiscard]] Scheduler *scheduler() const { return m_scheduler.get(); }

private:
    void cancelTaskOf(const StoredEvent &interruptRequest, OrchestrationEngine &engine);
    /// Starts scheduling once the lock is ours; false while another process holds it.
    bool tryStart(OrchestrationEngine &engine);

    Scheduler::Options m_options;
    SchedulerLock m_lock;
    /// Made in onStart: the reactor is built on another thread than the one it runs on.
    std::unique_ptr<QTimer> m_lockRetry;
    // Declared in this order so the driver goes first and the executor (which kills what still
    // runs; recovery settles those attempts on the next start) last.
    std::unique_ptr<ProcessExecutor> m_executor;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<SchedulerDriver> m_driver;
};

} // namespace backend

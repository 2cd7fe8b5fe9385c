#pragma once

#include "backend/scheduler/Scheduler.h"

#include <QObject>
#include <QTimer>

namespace backend {

/// Drives a Scheduler from the event loop: a tick soon after the executor reports something,
/// and a timer for the next time-due work (retries, notBefore, heartbeats, timeouts). Ticks
/// that come due together run once. Lives on the scheduler's thread.
class SchedulerDriver final : public QObject
{
    Q_OBJECT

public:
    SchedulerDriver(Scheduler &scheduler, AttemptExecutor &executor, const Clock &clock,
                    QObject *parent = nullptr);

    /// Ticks now and from then on as needed.
    void start();
    /// Asks for a tick on the next turn of the event loop.
    void wake();

Q_SIGNALS:
    void ticked(const backend::Scheduler::TickReport &report);

private:
    void runTick();

    Scheduler &m_scheduler;
    const Clock &m_clock;
    QTimer m_soon;
    QTimer m_due;
};

} // namespace backend

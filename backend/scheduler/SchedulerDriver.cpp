#include "backend/scheduler/SchedulerDriver.h"

#include <algorithm>

namespace backend {

namespace {

// Even with nothing due, look again now and then: another process may have changed the store.
constexpr qint64 kIdleRecheckMs = 1000;

} // namespace

SchedulerDriver::SchedulerDriver(Scheduler &scheduler, AttemptExecutor &executor,
                                 const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_scheduler(scheduler)
    , m_clock(clock)
{
    m_soon.setSingleShot(true);
    m_soon.setInterval(0);
    m_due.setSingleShot(true);
    m_due.setTimerType(Qt::PreciseTimer);
    connect(&m_soon, &QTimer::timeout, this, &SchedulerDriver::runTick);
    connect(&m_due, &QTimer::timeout, this, &SchedulerDriver::runTick);
    executor.setWakeHandler([this] { wake(); });
}

void SchedulerDriver::start()
{
    wake();
}

void SchedulerDriver::wake()
{
    if (!m_soon.isActive())
        m_soon.start();
}

void SchedulerDriver::runTick()
{
    m_soon.stop();
    const Scheduler::TickReport report = m_scheduler.tick();
    Q_EMIT ticked(report);
    // A tick that started or recorded something may have made more work ready at once.
    if (report.commands - report.rejected > 0 || report.started > 0 || report.finished > 0) {
        wake();
        return;
    }
    qint64 delay = kIdleRecheckMs;
    if (const auto next = m_scheduler.nextWakeAt())
        delay = std::clamp<qint64>(m_clock.now().msecsTo(*next), 0, kIdleRecheckMs);
    m_due.start(static_cast<int>(delay));
}

} // namespace backend

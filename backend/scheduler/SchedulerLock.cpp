#include "backend/scheduler/SchedulerLock.h"

namespace backend {

SchedulerLock::SchedulerLock(const QString &databasePath)
    : m_path(databasePath + QStringLiteral(".scheduler.lock"))
    , m_lock(m_path)
{
    // Staleness by age would hand a long run's lock to a second scheduler; a dead holder is
    // still detected by its pid.
    m_lock.setStaleLockTime(0);
}

bool SchedulerLock::tryAcquire()
{
    return m_lock.isLocked() || m_lock.tryLock(0);
}

QString SchedulerLock::holder() const
{
    qint64 pid = 0;
    QString host;
    QString app;
    if (!m_lock.getLockInfo(&pid, &host, &app))
        return QStringLiteral("another process");
    return QStringLiteral("process %1 on %2 (%3)")
        .arg(pid)
        .arg(host.isEmpty() ? QStringLiteral("this host") : host,
             app.isEmpty() ? QStringLiteral("unknown program") : app);
}

} // namespace backend

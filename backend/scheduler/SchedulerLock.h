#pragma once

#include <QLockFile>
#include <QString>

namespace backend {

/// One scheduler per database: the process that runs workflows on a database holds
/// `<database>.scheduler.lock`, so `weft run` and the application never both start the same
/// task. A lock left by a process that died is taken over; one held by a live process is not,
/// however old.
class SchedulerLock
{
public:
    explicit SchedulerLock(const QString &databasePath);

    /// Takes the lock unless another live process holds it. True when held (also if it was
    /// already held by this object).
    bool tryAcquire();
    [[nodiscard]] bool isHeld() const { return m_lock.isLocked(); }
    /// A sentence naming the holder, for an error message ("process 4242 on host x (weft)").
    [[nodiscard]] QString holder() const;
    [[nodiscard]] QString path() const { return m_path; }

private:
    QString m_path;
    QLockFile m_lock;
};

} // namespace backend

#include "backend/git/WorkspaceQueue.h"

#include <QDir>
#include <QFileInfo>

namespace backend::git {

WorkspaceQueue::WorkspaceQueue(int maxThreads)
{
    m_pool.setMaxThreadCount(std::max(1, maxThreads));
    m_pool.setObjectName(QStringLiteral("weft-workspace-jobs"));
}

WorkspaceQueue::~WorkspaceQueue()
{
    waitForDone();
}

void WorkspaceQueue::waitForDone()
{
    // A drainer picks up jobs queued behind it before it ends, so once the pool is idle
    // nothing is pending.
    m_pool.waitForDone();
}

QString WorkspaceQueue::keyOf(const QString &workspace)
{
    const QString canonical = QFileInfo(workspace).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(workspace) : canonical;
}

int WorkspaceQueue::pendingJobs(const QString &workspace)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_lanes.constFind(keyOf(workspace));
    return it == m_lanes.cend() ? 0 : int(it->jobs.size()) + (it->running ? 1 : 0);
}

void WorkspaceQueue::enqueue(const QString &key, std::function<void()> job)
{
    {
        std::lock_guard lock(m_mutex);
        auto it = m_lanes.find(key);
        if (it != m_lanes.end()) {
            it->jobs.push_back(std::move(job)); // its drainer runs it after the ones before
            return;
        }
        m_lanes[key].jobs.push_back(std::move(job));
    }
    m_pool.start([this, key] { drain(key); });
}

void WorkspaceQueue::drain(const QString &key)
{
    for (;;) {
        std::function<void()> job;
        {
            std::lock_guard lock(m_mutex);
            auto it = m_lanes.find(key);
            if (it->jobs.empty()) {
                m_lanes.erase(it);
                return;
            }
            job = std::move(it->jobs.front());
            it->jobs.pop_front();
            it->running = true;
        }
        job();
        std::lock_guard lock(m_mutex);
        m_lanes.find(key)->running = false;
    }
}

} // namespace backend::git

#pragma once

#include <QFuture>
#include <QHash>
#include <QPromise>
#include <QString>
#include <QThreadPool>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>

namespace backend::git {

/// Runs repository jobs (checkpoint captures, restores, working-tree-changing git requests)
/// off the backend thread. Jobs queued for the same workspace run one after another in the
/// order they were queued, so a restore never overlaps a capture of the same tree; jobs of
/// different workspaces run side by side on a small pool of its own. A job opens its own
/// git::Repository: libgit2 objects are never shared across threads.
///
/// A workspace is keyed by its canonical folder path: two threads of one project share a key,
/// a linked worktree has one of its own (it has its own work tree and index).
///
/// `run()` may be called from any thread. The destructor runs every job already queued to its
/// end, so a ref is never left half-written by teardown.
class WorkspaceQueue
{
public:
    explicit WorkspaceQueue(int maxThreads = 2);
    ~WorkspaceQueue();
    WorkspaceQueue(const WorkspaceQueue &) = delete;
    WorkspaceQueue &operator=(const WorkspaceQueue &) = delete;

    /// Queues `job` behind the jobs of `workspace`; the future holds its result. `job` must not
    /// throw (repository calls return errors as values).
    template<typename Job> QFuture<std::invoke_result_t<Job>> run(const QString &workspace, Job job)
    {
        using Result = std::invoke_result_t<Job>;
        auto promise = std::make_shared<QPromise<Result>>();
        QFuture<Result> future = promise->future();
        promise->start();
        enqueue(keyOf(workspace), [promise, job = std::move(job)]() mutable {
            if constexpr (std::is_void_v<Result>)
                job();
            else
                promise->addResult(job());
            promise->finish();
        });
        return future;
    }

    /// Blocks until no job is queued or running.
    void waitForDone();
    /// Jobs of `workspace` queued and not finished, the running one included.
    [[nodiscard]] int pendingJobs(const QString &workspace);

    /// The key jobs of `workspace` are serialised under.
    [[nodiscard]] static QString keyOf(const QString &workspace);

private:
    void enqueue(const QString &key, std::function<void()> job);
    void drain(const QString &key);

    struct Lane
    {
        std::deque<std::function<void()>> jobs; ///< waiting, in order
        bool running = false; ///< its drainer is inside a job
    };
    std::mutex m_mutex;
    QHash<QString, Lane> m_lanes; ///< the workspaces being drained
    QThreadPool m_pool;
};

} // namespace backend::git

#pragma once

#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace backend::store {

/// Copies a database's WAL into its main file on a thread of its own, through a connection of
/// its own, so the writer's commits do not stop for the copy and its fsyncs (a PASSIVE
/// checkpoint never blocks a writer, nor waits for readers). Requests coalesce: asking while a
/// checkpoint runs makes one more run after it.
class WalCheckpointer
{
public:
    /// Opens the second connection; `isOpen()` tells whether that worked (a checkpointer that
    /// could not open does nothing, and the writer checkpoints by itself).
    explicit WalCheckpointer(const QString &path);
    /// Finishes the checkpoint in progress, if any, and closes the connection.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    [[nodiscard]] bool isOpen() const { return m_db != nullptr; }
    /// Asks for a checkpoint soon; returns at once.
    void request();
    /// Blocks until no checkpoint is asked for or running (for tests and orderly shutdown).
    void waitIdle();
    /// What the last checkpoint found: frames in the WAL, and of those copied into the main
    /// file (all of them when no reader held any back).
    struct Progress
    {
        int runs = 0; ///< checkpoints run so far, whatever their result
        int walFrames = 0;
        int copiedFrames = 0;
    };
    [[nodiscard]] Progress progress() const;

private:
    void run();

    sqlite3 *m_db = nullptr;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    bool m_requested = false;
    bool m_running = false;
    bool m_stopping = false;
    Progress m_progress;
    std::thread m_thread;
};

} // namespace backend::store

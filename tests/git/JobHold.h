#pragma once

// Holds one checkpoint job on the worker thread until the test lets it go: a capture made
// slow deterministically, without timing.

#include <QSemaphore>

#include <atomic>
#include <functional>

struct JobHold
{
    std::atomic<int> started {0};
    std::atomic<int> holdAt {0}; ///< the 1-based number of the job to hold; 0: none
    QSemaphore entered;
    QSemaphore released;

    /// For CheckpointReactor::Options::beforeEachJob; the hold must outlive the reactor.
    std::function<void()> hook()
    {
        return [this] {
            if (++started == holdAt.load()) {
                entered.release();
                released.acquire();
            }
        };
    }

    /// Holds the next job to start.
    void holdNext() { holdAt = started.load() + 1; }

    /// Waits until the held job is on the worker, inside the hook.
    [[nodiscard]] bool waitEntered() { return entered.tryAcquire(1, 30'000); }

    /// Lets the held job go (harmless when none is held).
    void release()
    {
        if (released.available() == 0)
            released.release();
    }
};

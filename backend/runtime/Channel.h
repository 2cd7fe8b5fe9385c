#pragma once

#include <QCoro/QCoroTask>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <coroutine>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

namespace backend {

/// Wakes the receiving side of a Channel; lives on the receiver's thread.
class ChannelSignal : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

Q_SIGNALS:
    void ready();
};

/// A FIFO queue between threads: any thread sends, one thread receives, nothing is dropped.
/// The receiving thread either awaits `receive()` in a coroutine or installs a callback with
/// `onReady`. Both are woken by a call posted to the receiver's thread, so a coroutine always
/// resumes on its own thread and on a fresh stack. (Awaiting a signal with QCoro 0.8 instead
/// resumes inside the emission and, when the coroutine awaits again, destroys the awaiter
/// that is still running; and it resumes on the sender's thread for a cross-thread sender.)
template<typename T> class Channel
{
public:
    /// The receiving side starts on the creating thread; see bindReceiver.
    Channel()
        : m_signal(new ChannelSignal)
    {
    }
    Channel(const Channel &) = delete;
    Channel &operator=(const Channel &) = delete;
    ~Channel()
    {
        ChannelSignal *signal = m_signal.data();
        if (!signal)
            return;
        QThread *owner = signal->thread();
        if (owner == QThread::currentThread() || !owner || !owner->isRunning())
            delete signal;
        else
            signal->deleteLater();
    }

    /// Hands the receiving side to `thread`. Call it on the creating thread, before the
    /// receiver starts (Qt moves objects only away from their own thread).
    void bindReceiver(QThread *thread)
    {
        std::lock_guard lock(m_mutex);
        m_signal->moveToThread(thread);
    }

    /// Queues a value; false if the channel is closed.
    bool send(T value)
    {
        std::unique_lock lock(m_mutex);
        if (m_closed)
            return false;
        m_queue.push_back(std::move(value));
        wake(lock);
        return true;
    }

    /// No more values will be accepted; a receiver gets what is queued, then std::nullopt.
    void close()
    {
        std::unique_lock lock(m_mutex);
        m_closed = true;
        wake(lock);
    }

    /// Takes everything queued now, without waiting.
    std::deque<T> takeAll()
    {
        std::lock_guard lock(m_mutex);
        std::deque<T> taken;
        taken.swap(m_queue);
        return taken;
    }

    [[nodiscard]] bool isClosed() const
    {
        std::lock_guard lock(m_mutex);
        return m_closed && m_queue.empty();
    }

    /// Awaitable of the next value: std::nullopt once the channel is closed and empty.
    class Receive
    {
    public:
        explicit Receive(Channel &channel)
            : m_channel(channel)
        {
        }
        bool await_ready() { return m_channel.hasValueOrClosed(); }
        bool await_suspend(std::coroutine_handle<> waiter)
        {
            std::lock_guard lock(m_channel.m_mutex);
            if (!m_channel.m_queue.empty() || m_channel.m_closed)
                return false; // arrived meanwhile: carry on without suspending
            m_channel.m_waiter = waiter;
            return true;
        }
        std::optional<T> await_resume() { return m_channel.pop(); }

    private:
        Channel &m_channel;
    };

    /// The next value, or std::nullopt once closed and empty. Receiver thread only.
    QCoro::Task<std::optional<T>> receive()
    {
        for (;;) {
            if (std::optional<T> value = co_await Receive(*this))
                co_return value;
            if (isClosed())
                co_return std::nullopt;
        }
    }

    /// Calls `handler` on the receiver's thread when values arrive (GUI side); the handler
    /// drains with takeAll(). Wake-ups are coalesced: one per batch of sends.
    void onReady(QObject *context, std::function<void()> handler)
    {
        std::unique_lock lock(m_mutex);
        m_hasListeners = true;
        QObject::connect(m_signal.data(), &ChannelSignal::ready, context, std::move(handler));
        // A value sent before anyone listened (the backend's Ready can beat the client's
        // constructor) posted no wake-up; without this one it would wait for the next send.
        if (!m_queue.empty() || m_closed)
            wake(lock);
    }

private:
    bool hasValueOrClosed()
    {
        std::lock_guard lock(m_mutex);
        return !m_queue.empty() || m_closed;
    }

    std::optional<T> pop()
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.empty())
            return std::nullopt;
        T value = std::move(m_queue.front());
        m_queue.pop_front();
        return value;
    }

    /// Posts the wake-ups the current state calls for. Called with the lock held; unlocks.
    void wake(std::unique_lock<std::mutex> &lock)
    {
        const std::coroutine_handle<> waiter = std::exchange(m_waiter, nullptr);
        const bool notifyListeners = m_hasListeners && !m_readyPosted;
        if (notifyListeners)
            m_readyPosted = true;
        ChannelSignal *signal = m_signal.data();
        lock.unlock();
        if (waiter)
            QMetaObject::invokeMethod(
                signal, [waiter] { waiter.resume(); }, Qt::QueuedConnection);
        if (notifyListeners) {
            QMetaObject::invokeMethod(
                signal,
                [this, s = QPointer<ChannelSignal>(signal)] {
                    if (!s)
                        return;
                    {
                        std::lock_guard relock(m_mutex);
                        m_readyPosted = false;
                    }
                    Q_EMIT s->ready();
                },
                Qt::QueuedConnection);
        }
    }

    mutable std::mutex m_mutex;
    std::deque<T> m_queue;
    bool m_closed = false;
    bool m_hasListeners = false;
    bool m_readyPosted = false;
    std::coroutine_handle<> m_waiter;
    QPointer<ChannelSignal> m_signal;
};

} // namespace backend

#pragma once

#include <QDateTime>

namespace backend {

/// Where "now" comes from. The engine and the scheduler read time only through a Clock, so
/// tests drive time by hand and never sleep.
class Clock
{
public:
    virtual ~Clock() = default;
    /// The current instant in UTC, millisecond precision (what the store keeps).
    [[nodiscard]] virtual QDateTime now() const = 0;
};

/// The wall clock.
class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override;
    /// A shared instance for callers that do not inject a clock.
    static const SystemClock &instance();
};

/// A clock that moves only when told to (tests).
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start
                         = QDateTime::fromMSecsSinceEpoch(1'790'000'000'000, Qt::UTC))
        : m_now(std::move(start))
    {
    }
    [[nodiscard]] QDateTime now() const override { return m_now; }
    void advance(qint64 ms) { m_now = m_now.addMSecs(ms); }
    void set(QDateTime at) { m_now = std::move(at); }

private:
    QDateTime m_now;
};

} // namespace backend

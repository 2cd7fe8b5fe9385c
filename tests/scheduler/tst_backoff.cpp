// Backoff arithmetic: fixed and exponential delays, the cap, and the jitter's bounds.

#include "backend/scheduler/Backoff.h"

#include <QTest>

using namespace backend;

namespace {

RetryPolicy fixed(qint64 delayMs)
{
    return RetryPolicy {5, Backoff {Backoff::Kind::Fixed, delayMs, 0, 0, 0.0}};
}

RetryPolicy exponential(qint64 baseMs, qint64 maxMs, double jitter = 0.0)
{
    return RetryPolicy {10, Backoff {Backoff::Kind::Exponential, 0, baseMs, maxMs, jitter}};
}

} // namespace

class TestBackoff : public QObject
{
    Q_OBJECT

private slots:
    void given_a_fixed_backoff_when_any_attempt_then_the_same_delay()
    {
        for (int attempt : {1, 2, 7, 1000})
            QCOMPARE(nextRetryDelay(fixed(1500), attempt, 0.9), qint64(1500));
    }

    void given_an_exponential_backoff_without_jitter_when_attempts_grow_then_the_delay_doubles()
    {
        const RetryPolicy p = exponential(100, 1'000'000);
        QCOMPARE(nextRetryDelay(p, 1, 0.0), qint64(100));
        QCOMPARE(nextRetryDelay(p, 2, 0.0), qint64(200));
        QCOMPARE(nextRetryDelay(p, 3, 0.0), qint64(400));
        QCOMPARE(nextRetryDelay(p, 5, 0.0), qint64(1600));
    }

    void given_an_exponential_backoff_when_the_doubling_passes_the_max_then_capped()
    {
        const RetryPolicy p = exponential(100, 1000);
        QCOMPARE(nextRetryDelay(p, 4, 0.0), qint64(800));
        QCOMPARE(nextRetryDelay(p, 5, 0.0), qint64(1000));
        QCOMPARE(nextRetryDelay(p, 60, 0.0), qint64(1000));
        QCOMPARE(nextRetryDelay(p, std::numeric_limits<int>::max(), 0.0), qint64(1000));
        // no overflow near the top of the range
        const RetryPolicy huge = exponential(std::numeric_limits<qint64>::max() / 3,
                                             std::numeric_limits<qint64>::max());
        QCOMPARE(nextRetryDelay(huge, 80, 0.0), std::numeric_limits<qint64>::max());
    }

    void given_jitter_when_sampled_across_the_range_then_within_its_bounds()
    {
        const RetryPolicy p = exponential(1000, 60'000, 0.25);
        for (int attempt = 1; attempt <= 8; ++attempt) {
            const qint64 full = nextRetryDelay(p, attempt, 0.0);
            for (double sample = 0.0; sample < 1.0; sample += 0.01) {
                const qint64 d = nextRetryDelay(p, attempt, sample);
                QVERIFY(d <= full);
                QVERIFY(d >= qint64(full * 0.75) - 1);
                QVERIFY(d <= 60'000);
            }
        }
        // the largest sample shortens by almost the whole jitter fraction
        QCOMPARE(nextRetryDelay(p, 1, 0.999999), qint64(750));
    }

    void given_a_sample_outside_zero_one_when_computing_then_clamped()
    {
        const RetryPolicy p = exponential(1000, 1000, 0.5);
        QCOMPARE(nextRetryDelay(p, 1, -3.0), qint64(1000));
        QCOMPARE(nextRetryDelay(p, 1, 7.0), qint64(500));
    }

    void given_full_jitter_when_the_sample_is_high_then_never_negative()
    {
        const RetryPolicy p = exponential(10, 10, 1.0);
        QVERIFY(nextRetryDelay(p, 3, 0.9999) >= 0);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"

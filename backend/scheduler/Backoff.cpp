#include "backend/scheduler/Backoff.h"

#include <algorithm>
#include <cmath>

namespace backend {

qint64 nextRetryDelay(const RetryPolicy &policy, int attempt, double jitterSample)
{
    const Backoff &b = policy.backoff;
    if (b.kind == Backoff::Kind::Fixed)
        return std::max<qint64>(0, b.delayMs);

    const qint64 base = std::max<qint64>(0, b.baseMs);
    const qint64 cap = std::max<qint64>(0, b.maxMs);
    // Double until the cap: at most 63 steps, and no multiplication can overflow.
    qint64 delay = std::min(base, cap);
    for (int i = 1; i < attempt && delay < cap; ++i)
        delay = delay > cap / 2 ? cap : delay * 2;

    const double jitter = std::isfinite(b.jitter) ? std::clamp(b.jitter, 0.0, 1.0) : 0.0;
    const double sample = std::isfinite(jitterSample) ? std::clamp(jitterSample, 0.0, 1.0) : 0.0;
    if (jitter == 0.0 || sample == 0.0)
        return delay;
    const double shortened = double(delay) * (1.0 - jitter * sample);
    return std::clamp<qint64>(qint64(std::llround(shortened)), 0, delay);
}

} // namespace backend

#pragma once

#include "backend/domain/TaskSpec.h"

namespace backend {

/// The delay before the attempt after `attempt` (1-based: the attempt that just failed) under
/// `policy`, in milliseconds. Pure: the jitter comes in as `jitterSample` in [0, 1) (values
/// outside are clamped), so the caller owns the randomness.
///
/// - fixed: `delayMs`, whatever the attempt;
/// - exponential: d = min(maxMs, baseMs · 2^(attempt − 1)), then shortened by up to the jitter
///   fraction: d · (1 − jitter · jitterSample). The result lies in [d · (1 − jitter), d], so it
///   never exceeds maxMs, and a jitter of 0 makes it exact.
///
/// Never negative; no overflow for any attempt (the doubling stops at maxMs).
[[nodiscard]] qint64 nextRetryDelay(const RetryPolicy &policy, int attempt, double jitterSample);

} // namespace backend

#pragma once

// What the GUI benchmarks share: waiting on the event loop and reading percentiles.

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace bench {

/// Spins the event loop until `done` or `timeoutMs`; false on the timeout.
inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

/// The p-th percentile (nearest rank) of `values`; 0 when there are none.
inline double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = std::size_t(std::ceil(p / 100.0 * double(values.size()))) - 1;
    return values[std::min(at, values.size() - 1)];
}

} // namespace bench

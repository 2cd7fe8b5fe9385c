#include "backend/engine/Clock.h"

namespace backend {

QDateTime SystemClock::now() const
{
    // Truncated to milliseconds so a live event equals its stored and replayed self.
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
}

const SystemClock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace backend

#pragma once

#include "backend/domain/StoredEvent.h"

#include <QList>
#include <QString>

#include <vector>

namespace bench {

/// CPU time of the calling thread (user + system), which a shared machine inflates far less
/// than wall time: the load-independent side of a figure.
[[nodiscard]] double threadCpuSeconds();

/// What a bare insert loop took.
struct BareInsert
{
    qint64 rows = 0;
    double seconds = 0;
    double cpuSeconds = 0; ///< of the calling thread
    std::vector<double> transactionUs; ///< wall time of each transaction
};

/// The floor under the store: `events` inserted by a bare Qt SQL loop into a fresh database at
/// `path` — an events table of the store's shape, the store's pragmas (WAL,
/// synchronous=NORMAL, its cache size and WAL checkpoint interval), one prepared insert —
/// `rowsPerTransaction[i]` rows in transaction i, in order. No decisions, no payload encoding,
/// no projections, no receipts: what any engine on this schema must at least spend.
/// Stops the program with a message on any SQL error (a benchmark has no one to return it to).
[[nodiscard]] BareInsert insertBare(const QString &path, const QList<backend::StoredEvent> &events,
                                    const std::vector<int> &rowsPerTransaction);

} // namespace bench

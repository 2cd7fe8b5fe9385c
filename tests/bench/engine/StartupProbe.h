#pragma once

#include <QString>

#include <expected>

namespace bench {

/// One start-up measurement, taken in a process of its own so that its peak RSS is its own.
struct ProbeResult
{
    double ms = 0; ///< wall time of the measured start-up
    qint64 rows = 0; ///< events read (scan) or folded (replay; 0 from a snapshot with no tail)
    qint64 peakRssKb = 0; ///< VmHWM of the process at the end
    qint64 sequence = 0; ///< last sequence seen (scan) or of the read model (engine)
    qint64 threads = 0; ///< threads in the read model (engine)
    qint64 turns = 0; ///< turns in the read model (engine)
    quint64 checksum = 0; ///< bytes read (scan), so the reads cannot be optimised away
};

/// What a probe process measures.
///  - "idle":   a QCoreApplication that opens the database with the SQLite driver (floor of RSS);
///  - "scan":   plain Qt SQL, SELECT * FROM events ORDER BY sequence, every column read;
///  - "engine": EventStore::open + OrchestrationEngine::create (replay or snapshot + tail).
/// Runs it in this process and prints one "RESULT key=value ..." line; returns the exit code.
int runProbe(const QString &mode, const QString &dbPath);

/// Runs `program --probe <mode> --db <dbPath>` and parses the line it prints.
std::expected<ProbeResult, QString> probeInChild(const QString &program, const QString &mode,
                                                 const QString &dbPath);

/// VmHWM of this process, in KiB (0 when /proc is not readable).
qint64 peakRssKb();

} // namespace bench

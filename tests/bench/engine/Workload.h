#pragma once

#include "backend/domain/Commands.h"

#include <QList>
#include <QString>

#include <random>
#include <vector>

namespace bench {

/// Shape of the realistic command mix.
struct MixOptions
{
    int projects = 4;
    int threadsPerProject = 8;
    int minDeltas = 4; ///< assistant deltas per turn, drawn uniformly in [min, max]
    int maxDeltas = 16;
    quint64 seed = 20261123;
};

/// A deterministic stream of valid orchestration commands shaped like real use: a few projects,
/// threads in each, and on every thread turn after turn of
///   thread.turn.start (3 events), deltas (1 event each) with one activity among them,
///   assistant complete (1 event), thread.turn.complete (2 events),
/// so most commands are streaming deltas. Each step advances the turn of a randomly chosen
/// thread, so turns of different threads interleave. Ids have the layout of the ids Weft's own
/// clients make (time-ordered, version 7: `timeOrderedUuid`), but their clock and random bits
/// come from the seeded generator, so two runs dispatch the same commands.
class Workload
{
public:
    explicit Workload(const MixOptions &options);

    /// project.create for every project, then thread.create for every thread.
    [[nodiscard]] QList<backend::Command> setup();

    /// The next command of a randomly chosen thread.
    [[nodiscard]] backend::Command next();

private:
    struct ThreadScript
    {
        backend::ThreadId id;
        backend::ProjectId projectId;
        backend::TurnId turn;
        backend::MessageId assistantMessage;
        int deltas = 0; ///< deltas in the current turn
        int activityAt = 0; ///< the step (0-based) that is the activity instead of a delta
        int step = -1; ///< -1: idle; 0..deltas: streaming; deltas+1: complete message;
                       ///< deltas+2: complete the turn
    };

    QString uuid();
    QString words(int min, int max);
    backend::CommandId commandId() { return backend::CommandId(uuid()); }

    MixOptions m_options;
    std::mt19937_64 m_rng;
    quint64 m_clock = quint64(1'796'000'000'000) << 12; ///< ms since the epoch, with a counter
    QList<backend::ProjectId> m_projects;
    std::vector<ThreadScript> m_threads;
};

} // namespace bench

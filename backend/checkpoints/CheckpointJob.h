#pragma once

#include "backend/domain/Commands.h"

#include <QList>
#include <QString>

#include <optional>

namespace backend {

/// One repository job of the CheckpointReactor, as decided on the backend thread from an event
/// and the read model of that moment; `runCheckpointJob` carries it out on a worker thread.
struct CheckpointJob
{
    enum class Kind {
        Baseline, ///< turn `turn` starts: baseline/<turn> (and turn/<turn-1> when missing)
        Checkpoint, ///< turn `turn` ended: turn/<turn> and its diff against the baseline
        Restore, ///< the thread went back to turn `turn`: restore it, drop later refs
        DropRefs, ///< the thread was deleted: drop all its refs
    };
    Kind kind = Kind::Baseline;
    QString workspace;
    QString threadId;
    qsizetype turn = 0;
};

/// What the backend thread does once a job is done: the commands it dispatches (with the
/// triggering event as causation) and what it only logs.
struct CheckpointOutcome
{
    struct Activity
    {
        ActivityTone tone = ActivityTone::Info;
        QString summary;
    };
    std::optional<Activity> activity; ///< on the turn (baseline jobs)
    std::optional<QString> systemMessage; ///< on the thread (checkpoint and restore failures)
    std::optional<QList<TurnDiffFile>> diff; ///< the checkpoint was taken: its files
    QString warning; ///< logged to "weft.checkpoints", nothing dispatched
};

/// Carries out `job` with a git::Repository of its own (any thread; never throws).
[[nodiscard]] CheckpointOutcome runCheckpointJob(const CheckpointJob &job);

/// The activity summary of a turn whose workspace is not a git repository.
[[nodiscard]] QString checkpointsUnavailableNotice();

} // namespace backend

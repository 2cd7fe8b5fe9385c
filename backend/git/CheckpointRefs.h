#pragma once

#include <QString>

namespace backend::git {

// Where Weft keeps a thread's checkpoints in the workspace's repository. They live outside
// refs/heads and refs/tags, so no branch list, `git log --all`-free workflow or push shows them.

/// The prefix of every ref of a thread's checkpoints.
[[nodiscard]] inline QString checkpointPrefix(const QString &threadId)
{
    return QStringLiteral("refs/weft/checkpoints/%1/").arg(threadId);
}

/// The work tree at the end of turn `turn` (1-based); turn 0 is the state before the first.
[[nodiscard]] inline QString checkpointRef(const QString &threadId, qsizetype turn)
{
    return checkpointPrefix(threadId) + QStringLiteral("turn/%1").arg(turn);
}

/// The work tree at the start of turn `turn`: what the turn's diff is measured from.
[[nodiscard]] inline QString baselineRef(const QString &threadId, qsizetype turn)
{
    return checkpointPrefix(threadId) + QStringLiteral("baseline/%1").arg(turn);
}

} // namespace backend::git

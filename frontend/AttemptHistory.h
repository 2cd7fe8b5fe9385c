#pragma once

#include "backend/domain/StoredEvent.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace frontend {

/// One attempt of a task as the task's events recorded it.
struct AttemptRecord
{
    int attempt = 0;
    /// "leased" or "running" while open; else how it ended: an AttemptOutcome word, with
    /// `lost` narrowed to the scheduler's reason when it gave one ("lease_expired",
    /// "interrupted_by_restart").
    QString outcome;
    std::optional<int> exitCode;
    QString error; ///< empty when none, or when it only repeats `outcome` or `exitCode`
    QDateTime leasedAt;
    QDateTime startedAt; ///< invalid when the attempt never started
    QDateTime endedAt; ///< invalid while open
    QString threadId; ///< the thread and turn it ran as (set once started)
    QString turnId;

    [[nodiscard]] bool isOpen() const { return !endedAt.isValid(); }
    friend bool operator==(const AttemptRecord &, const AttemptRecord &) = default;
};

/// Folds the events of one task's stream into the list of its attempts. The read model keeps
/// only the latest attempt, the stream keeps them all, so a view reads the stream from the
/// store once (eventTypes() is all it needs) and then folds live events as they come.
class AttemptHistory
{
public:
    /// The task event types the fold reads; others are ignored.
    [[nodiscard]] static const QStringList &eventTypes();

    /// Folds one event of the task; returns the number of the attempt it changed, 0 if none.
    int apply(const backend::StoredEvent &event);

    /// Every attempt seen so far, by ascending number.
    [[nodiscard]] const QList<AttemptRecord> &attempts() const { return m_attempts; }

private:
    AttemptRecord &upsert(int attempt);
    /// Ends the open latest attempt, if any, without a recorded finish of its own.
    int endOpen(const QString &outcome, const QString &error, const QDateTime &at);

    QList<AttemptRecord> m_attempts;
};

} // namespace frontend

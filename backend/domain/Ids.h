#pragma once

#include <QHashFunctions>
#include <QString>
#include <QUuid>

namespace backend {

/// A new UUID whose first 48 bits are the Unix time in milliseconds (RFC 9562 version 7), then
/// a counter that keeps ids of one process strictly increasing, then random bits. Ids made
/// later sort later, so the store's unique indexes over them grow at their right edge instead
/// of dirtying a random page per insert.
QString timeOrderedUuid();

/// A typed identifier: the tag keeps a ThreadId from being passed where a ProjectId is meant.
/// Clients choose ids (usually UUIDs); the codec only requires a non-empty, bounded string.
template<typename Tag> struct Id
{
    QString value;

    Id() = default;
    explicit Id(QString v)
        : value(std::move(v))
    {
    }

    static Id generate() { return Id(timeOrderedUuid()); }
    [[nodiscard]] bool isEmpty() const { return value.isEmpty(); }
    [[nodiscard]] const QString &toString() const { return value; }

    friend bool operator==(const Id &a, const Id &b) { return a.value == b.value; }
    friend bool operator<(const Id &a, const Id &b) { return a.value < b.value; }
    friend size_t qHash(const Id &id, size_t seed = 0) noexcept { return qHash(id.value, seed); }
};

using ProjectId = Id<struct ProjectIdTag>;
using ThreadId = Id<struct ThreadIdTag>;
using TurnId = Id<struct TurnIdTag>;
using MessageId = Id<struct MessageIdTag>;
using ActivityId = Id<struct ActivityIdTag>;
using CommandId = Id<struct CommandIdTag>;
using EventId = Id<struct EventIdTag>;
using WorkflowId = Id<struct WorkflowIdTag>;
/// A task's id is unique within its workflow; its aggregate id is "<workflowId>/<taskId>".
using TaskId = Id<struct TaskIdTag>;
using WorkerId = Id<struct WorkerIdTag>;

} // namespace backend

#pragma once

#include "backend/domain/ReplayedEvent.h"
#include "backend/domain/StoredEvent.h"
#include "backend/store/PersistenceError.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <expected>
#include <functional>
#include <memory>
#include <optional>

namespace backend {

/// How a command was answered the first time; makes dispatch idempotent by commandId. An
/// accepted command that stored events has no receipt row (schema 3): its receipt is read from
/// its events, whose ids the store derives from the command id (EventStore::eventIdFor).
struct Receipt
{
    QString commandId;
    bool accepted = false;
    qint64 firstSequence = 0; ///< sequences of the command's events (0, 0 when none)
    qint64 lastSequence = 0;
    QString errorCode; ///< the rejection, when not accepted
    QString errorMessage;
};

/// One command's share of a commit: its events (sequence, and with a commandId also eventId and
/// commandId, filled in by the store) or, for a rejected command, only the rejection to remember.
struct CommitEntry
{
    QString commandId;
    QList<StoredEvent> events;
    bool rejected = false;
    QString errorCode;
    QString errorMessage;
};

/// A saved read model: an opaque blob produced by the domain's read-model codec.
struct Snapshot
{
    qint64 sequence = 0;
    int modelVersion = 0;
    QByteArray data;
};

/// One row of a thread's message projection (bodies live here, not in the read model).
struct MessageRow
{
    qint64 sequence = 0; ///< sequence of the event that created the message (its order)
    QString threadId;
    QString messageId;
    QString turnId; ///< empty for messages outside a turn
    QString role; ///< "user" | "assistant" | "system"
    QString text;
    bool streaming = false; ///< true while an assistant message is still receiving deltas
    QDateTime createdAt;
    QDateTime updatedAt; ///< the latest time of the message's events
};

/// One row of a thread's activity projection.
struct ActivityRow
{
    qint64 sequence = 0;
    QString threadId;
    QString turnId;
    QString activityId;
    QString tone;
    QString kind;
    QString summary;
    QJsonObject payload;
    QDateTime occurredAt;
};

/// The append-only event store on SQLite (WAL mode, one writer). Owned and used by one thread:
/// each instance opens its own named Qt SQL connection on the thread that calls `open`.
class EventStore
{
public:
    /// The schema this build writes (PRAGMA user_version).
    static constexpr int kSchemaVersion = 4;

    /// SQLite's page cache of the writing connection, in KiB. The default 2 MiB is smaller than
    /// the index pages one group commit touches (random event and command ids), so dirty pages
    /// spilled to the WAL in the middle of a transaction and were written again at its end. The
    /// cache grows only as pages are used: a small database does not pay for the bound.
    static constexpr int kCacheSizeKiB = 32 * 1024;

    /// WAL frames after which a commit checkpoints them into the database file itself, when the
    /// background checkpointer fell behind (SQLite's own default: 1 000). The store rewrites the
    /// same hot pages (the events table's last page, the index pages of busy threads) commit after
    /// commit; a longer WAL copies each of them once per checkpoint instead of many times, and
    /// fewer commits stop to checkpoint and fsync. Bounded (about 16 MiB of WAL) so readers never
    /// search a very long one.
    static constexpr int kWalAutocheckpointPages = 4000;

    /// WAL frames from which a checkpoint is worth it: about 4 MiB, so a trickle of commands
    /// does not pay two fsyncs each. From here a commit asks the store's background
    /// checkpointer (a thread with a connection of its own) to copy the WAL; an idle moment
    /// asks too (checkpointIfLong).
    static constexpr int kIdleCheckpointPages = 1000;

    struct Options
    {
        bool readOnly = false; ///< open an existing database for queries only (never writes)
    };

    /// Opens or creates the database at `path`. A newer schema, a corrupt file or a file of
    /// another application is refused and left byte-for-byte untouched.
    static std::expected<std::unique_ptr<EventStore>, PersistenceError> open(const QString &path,
                                                                             Options options);
    static std::expected<std::unique_ptr<EventStore>, PersistenceError> open(const QString &path)
    {
        return open(path, Options {});
    }
    ~EventStore();
    EventStore(const EventStore &) = delete;
    EventStore &operator=(const EventStore &) = delete;

    /// Stores several commands' outcomes in ONE transaction: every entry's events get the
    /// next sequences in order and, when the entry has a commandId, the ids
    /// eventIdFor(commandId, 1), eventIdFor(commandId, 2), …; a receipt row is written for a
    /// rejected entry or one without events; and the message/activity projection tables are
    /// updated from the events. All or nothing. A commandId whose events are stored already is
    /// a Conflict; the caller looks up receipts() first. Returns the stored events of each entry
    /// (same order as `entries`). Takes the entries by value: their events are moved, not
    /// copied, into the result.
    std::expected<QList<QList<StoredEvent>>, PersistenceError> commit(QList<CommitEntry> entries);

    /// The id of the n-th (from 1) event of a command: "<commandId>:<n>". Derived rather than
    /// random so that the events' unique event_id index also records which commands were
    /// accepted: a command costs no receipt row and no second random-key index. The number
    /// after the last ':' makes the mapping one-to-one whatever characters command ids hold.
    [[nodiscard]] static QString eventIdFor(const QString &commandId, qsizetype n);

    /// Appends events in one transaction without a receipt (tests, tools). All or nothing.
    std::expected<QList<StoredEvent>, PersistenceError> appendAll(const QList<StoredEvent> &events);

    /// The receipt of a command, if it was ever answered.
    std::expected<std::optional<Receipt>, PersistenceError> receipt(const QString &commandId);

    /// The receipts of those of `commandIds` that were ever answered, keyed by command id: one
    /// query for a whole group commit instead of one per command.
    std::expected<QHash<QString, Receipt>, PersistenceError>
    receipts(const QList<QString> &commandIds);

    /// Events with sequence in [first, last], in order (a receipt's events).
    std::expected<QList<StoredEvent>, PersistenceError> readRange(qint64 first, qint64 last);

    /// Up to `limit` events with sequence > afterSequence, in order.
    std::expected<QList<StoredEvent>, PersistenceError> readFrom(qint64 afterSequence, int limit);

    /// Streams every event after `afterSequence`, in order, into `sink` (start-up replay) until
    /// it returns false: one statement, no page of StoredEvents, the payload left as JSON text.
    /// Returns how many events it handed over. The ReplayedEvent is reused: copy what must
    /// outlive the call.
    std::expected<qint64, PersistenceError>
    replay(qint64 afterSequence, const std::function<bool(const ReplayedEvent &)> &sink);

    /// Copies committed WAL frames into the database file without waiting for readers or
    /// blocking writers (a PASSIVE checkpoint), so the next commits do not pay for it. For idle
    /// moments; never needed for correctness.
    std::expected<void, PersistenceError> checkpoint();

    /// When the WAL has grown to kIdleCheckpointPages frames since the last one: asks the
    /// background checkpointer to copy it (returns at once), or — where that could not start —
    /// checkpoint(). The command loop calls it when its queue is empty, so commits rarely reach
    /// kWalAutocheckpointPages and stop to copy the WAL themselves.
    std::expected<void, PersistenceError> checkpointIfLong();

    /// The highest stored sequence (0 when empty).
    std::expected<qint64, PersistenceError> lastSequence();

    /// Saves a read-model snapshot taken at `sequence`; older snapshots beyond the newest two
    /// are pruned.
    std::expected<void, PersistenceError> saveSnapshot(const Snapshot &snapshot);

    /// The newest snapshot of exactly this model version, if any.
    std::expected<std::optional<Snapshot>, PersistenceError> latestSnapshot(int modelVersion);

    /// A thread's messages ordered by creation sequence: up to `limit` after `afterSequence`
    /// (ascending); with `beforeSequence` > 0 instead the `limit` newest before it (returned
    /// ascending) — the GUI pages back through history with it.
    std::expected<QList<MessageRow>, PersistenceError>
    messages(const QString &threadId, qint64 afterSequence, int limit, qint64 beforeSequence = 0);

    /// A thread's activities, paged like `messages`.
    std::expected<QList<ActivityRow>, PersistenceError>
    activities(const QString &threadId, qint64 afterSequence, int limit, qint64 beforeSequence = 0);

    [[nodiscard]] QString path() const;

private:
    struct Private;
    explicit EventStore(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace backend

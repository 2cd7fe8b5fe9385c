#pragma once

#include "backend/domain/StoredEvent.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

namespace frontend {

/// One line of a thread's history: a message or an activity, ordered by `sequence` (the
/// sequence of the event that created it).
struct HistoryItem
{
    enum class Kind { Message, Activity };
    Kind kind = Kind::Message;
    qint64 sequence = 0;
    QString id;
    QString turnId;
    QString role; ///< messages: "user" | "assistant" | "system"
    QString text; ///< messages: the body so far
    bool streaming = false;
    QString tone; ///< activities: "info" | "tool" | "approval" | "error"
    QString activityKind;
    QString summary;
    QDateTime at;
};

/// An answer to HistoryReader::requestPage. `asOf` is the last stored sequence the page
/// reflects: events up to it are already in `items`, events after it are not.
struct HistoryPage
{
    quint64 requestId = 0;
    QString threadId;
    qint64 asOf = 0;
    QList<HistoryItem> items; ///< ascending by sequence
    bool hasMore = false; ///< older items exist before items.first()
    QString error; ///< non-empty when the read failed
};

/// An answer to HistoryReader::requestTurnDiffs: the files each turn of a thread changed, as
/// its `thread.turn.diff-completed` events recorded them ({path, kind, additions, deletions,
/// binary}), by turn id.
struct TurnDiffs
{
    quint64 requestId = 0;
    QString threadId;
    QHash<QString, QJsonArray> filesByTurn;
    QString error; ///< non-empty when the read failed
};

/// An answer to HistoryReader::requestAggregateEvents: the stored events of one aggregate of
/// the asked types, in order, up to `asOf` (the last stored sequence when read). Only sequence,
/// type, payload and occurredAt are filled in.
struct AggregateEvents
{
    quint64 requestId = 0;
    QString aggregateId;
    qint64 asOf = 0;
    QList<backend::StoredEvent> events;
    QString error; ///< non-empty when the read failed
};

/// Reads pages of a thread's messages and activities (and its turns' changed files, or the events
/// of one aggregate) from the store on a thread of its own, through a read-only connection (WAL:
/// it never blocks the writer, and the GUI thread never waits on it). Each page is read in one
/// transaction together with the store's last sequence, so a model can follow live events from
/// exactly that point.
class HistoryReader : public QObject
{
    Q_OBJECT

public:
    explicit HistoryReader(QString databasePath, QObject *parent = nullptr);
    ~HistoryReader() override; ///< stops the reader thread; pending answers are dropped

    /// Asks for up to `limit` of the newest items with a sequence below `beforeSequence` (0: the
    /// newest of all). Answered by pageReady with the returned request id.
    quint64 requestPage(const QString &threadId, qint64 beforeSequence, int limit);

    /// Asks for the changed files of every turn of a thread. Answered by turnDiffsReady with
    /// the returned request id.
    quint64 requestTurnDiffs(const QString &threadId);

    /// Asks for the events of `types` of one aggregate (kind and id as the store keeps them,
    /// e.g. "task" and "<workflowId>/<taskId>"). Answered by aggregateEventsReady with the
    /// returned request id.
    quint64 requestAggregateEvents(const QString &aggregateKind, const QString &aggregateId,
                                   const QStringList &types);

Q_SIGNALS:
    void pageReady(const frontend::HistoryPage &page);
    void turnDiffsReady(const frontend::TurnDiffs &diffs);
    void aggregateEventsReady(const frontend::AggregateEvents &events);

private:
    QString m_databasePath;
    QThread m_thread;
    QObject *m_worker = nullptr; ///< lives on m_thread
    quint64 m_nextRequest = 0;
};

} // namespace frontend

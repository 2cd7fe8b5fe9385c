#pragma once

#include <QByteArray>
#include <QString>

namespace backend {

/// The part of a stored event that folding it into the read model needs, as the store streams
/// it at start-up: no event, command or causation ids, and the payload still as its UTF-8 JSON
/// text. Replay folds millions of these, so it skips building a StoredEvent and its QJsonObject.
struct ReplayedEvent
{
    qint64 sequence = 0;
    QString aggregateKind;
    QString aggregateId;
    qint64 streamVersion = 0;
    QString type;
    QByteArray payload; ///< compact JSON object, UTF-8
    qint64 occurredAtMs = 0; ///< UTC milliseconds since the epoch
};

} // namespace backend

#pragma once

#include <QStringList>
#include <QTextStream>

namespace app {

/// Exit statuses shared by the headless subcommands.
enum ExitStatus : int { ExitOk = 0, ExitRejected = 1, ExitFailure = 2 };

/// `weft dispatch [FILE|-]`: one JSON command per line in, one JSON line per stored event or
/// rejection out. 0 all accepted, 1 any rejected, 2 any malformed line or no database.
int runDispatch(const QString &databasePath, const QStringList &args, QTextStream &out,
                QTextStream &err);

/// `weft events [--after N] [--limit K]`: stored events as JSON lines.
int runEvents(const QString &databasePath, const QStringList &args, QTextStream &out,
              QTextStream &err);

/// `weft state`: the read model (after a replay) as one JSON document.
int runState(const QString &databasePath, const QStringList &args, QTextStream &out,
             QTextStream &err);

/// `weft messages THREAD_ID [--after N] [--limit K]`: a thread's messages as JSON lines.
int runMessages(const QString &databasePath, const QStringList &args, QTextStream &out,
                QTextStream &err);

} // namespace app

#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace app {

/// `weft run WORKFLOW.json [--workspace DIR] [--jobs N]` and `weft run --resume WORKFLOW_ID`:
/// runs a workflow to its end with the durable scheduler and real processes, printing progress.
/// Exit status 0 when every task succeeded, 1 when any failed or was canceled (or the run was
/// interrupted), 2 for a bad file, arguments or database. SIGINT drains. `args` excludes "run".
int runWorkflow(const QString &databasePath, const QStringList &args, QTextStream &out,
                QTextStream &err);

/// `weft status [WORKFLOW_ID]`: workflows and their task states as one JSON document.
int runStatus(const QString &databasePath, const QStringList &args, QTextStream &out,
              QTextStream &err);

} // namespace app

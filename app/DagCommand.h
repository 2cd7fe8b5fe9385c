#pragma once

#include <QStringList>
#include <QTextStream>

namespace app {

/// `weft dag …`: analyses a DAG file headlessly. `args` excludes "dag"; returns the exit status.
int runDag(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace app

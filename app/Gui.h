#pragma once

#include <QString>

namespace app {

/// Opens the main window on `databasePath` and runs the event loop (a QGuiApplication must
/// exist). Returns the application's exit status.
int runGui(const QString &databasePath);

} // namespace app

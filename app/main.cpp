#include "app/DagCommand.h"
#include "app/Gui.h"
#include "app/HeadlessCommands.h"
#include "app/RunCommand.h"

#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QStandardPaths>
#include <QTextStream>

#include <memory>

namespace {

const char *const kUsage = R"(Usage: weft [--db PATH] [COMMAND [ARGS...]]

Without a command, opens the Weft window.

Commands (headless):
  dispatch [FILE|-]                       run JSON commands (one per line), print events
  events [--after N] [--limit K]          print stored events as JSON lines
  state                                   print the read model as JSON
  messages THREAD_ID [--after N] [--limit K]
                                          print a thread's messages as JSON lines
  dag analyze FILE                        analyse a task graph file
  dag ready FILE --completed a,b,c        print the ready and blocked tasks
  run WORKFLOW.json [--workspace DIR] [--jobs N] [--label L]...
                                          run a workflow file to its end
  run --resume WORKFLOW_ID [--jobs N] [--label L]...
                                          carry an interrupted run on
  status [WORKFLOW_ID]                    print workflows and task states as JSON

Options:
  --db PATH      the database (default: the application data folder)
  --version      print the version and exit
  -h, --help     print this help and exit
)";

bool isHeadless(const QStringList &commandArgs)
{
    return !commandArgs.isEmpty();
}

QString defaultDatabasePath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(folder).filePath(QStringLiteral("weft.sqlite"));
}

} // namespace

int main(int argc, char *argv[])
{
    // Options are read before the application object exists: headless runs must not need a
    // display, so they get a QCoreApplication.
    QStringList raw;
    for (int i = 1; i < argc; ++i)
        raw.append(QString::fromLocal8Bit(argv[i]));

    QString databasePath;
    QStringList commandArgs;
    bool showVersion = false;
    bool showHelp = false;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QString &arg = raw.at(i);
        if (commandArgs.isEmpty() && arg == QLatin1String("--db")) {
            if (i + 1 >= raw.size()) {
                QTextStream(stderr) << "weft: --db needs a PATH\n";
                return 2;
            }
            databasePath = raw.at(++i);
        } else if (commandArgs.isEmpty() && arg.startsWith(QLatin1String("--db="))) {
            databasePath = arg.mid(5);
        } else if (commandArgs.isEmpty() && arg == QLatin1String("--version")) {
            showVersion = true;
        } else if (commandArgs.isEmpty()
                   && (arg == QLatin1String("--help") || arg == QLatin1String("-h"))) {
            showHelp = true;
        } else if (!commandArgs.isEmpty() && arg == QLatin1String("--db")
                   && commandArgs.first() != QLatin1String("dag")) {
            // --db after the command name is accepted too.
            if (i + 1 >= raw.size()) {
                QTextStream(stderr) << "weft: --db needs a PATH\n";
                return 2;
            }
            databasePath = raw.at(++i);
        } else {
            commandArgs.append(arg);
        }
    }

    std::unique_ptr<QCoreApplication> application;
    if (isHeadless(commandArgs) || showVersion || showHelp)
        application = std::make_unique<QCoreApplication>(argc, argv);
    else {
        application = std::make_unique<QGuiApplication>(argc, argv);
        // Matches the installed launcher, so Wayland shells pair the window with its icon.
        QGuiApplication::setDesktopFileName(QStringLiteral("org.weft.Weft"));
    }
    QCoreApplication::setApplicationName(QStringLiteral("weft"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WEFT_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);
    if (showVersion) {
        out << "weft " << WEFT_VERSION << Qt::endl;
        return 0;
    }
    if (showHelp) {
        out << kUsage;
        return 0;
    }
    if (databasePath.isEmpty()) {
        databasePath = defaultDatabasePath();
        QDir().mkpath(QFileInfo(databasePath).absolutePath());
    }

    if (commandArgs.isEmpty())
        return app::runGui(databasePath);

    const QString command = commandArgs.takeFirst();
    if (command == QLatin1String("dispatch"))
        return app::runDispatch(databasePath, commandArgs, out, err);
    if (command == QLatin1String("events"))
        return app::runEvents(databasePath, commandArgs, out, err);
    if (command == QLatin1String("state"))
        return app::runState(databasePath, commandArgs, out, err);
    if (command == QLatin1String("messages"))
        return app::runMessages(databasePath, commandArgs, out, err);
    if (command == QLatin1String("dag"))
        return app::runDag(commandArgs, out, err);
    if (command == QLatin1String("run"))
        return app::runWorkflow(databasePath, commandArgs, out, err);
    if (command == QLatin1String("status"))
        return app::runStatus(databasePath, commandArgs, out, err);
    err << "weft: unknown command " << command << " (see weft --help)" << Qt::endl;
    return 2;
}

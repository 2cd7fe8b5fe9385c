#include "app/Gui.h"

#include "frontend/AppClient.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(WeftPlugin)
Q_IMPORT_QML_PLUGIN(Weft_FrontendPlugin)

namespace app {

int runGui(const QString &databasePath)
{
    // Fusion draws with the platform's palette, so the window follows the system's light or
    // dark colours; a user's own QT_QUICK_CONTROLS_STYLE wins.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        qputenv("QT_QUICK_CONTROLS_STYLE", "Fusion");
    frontend::AppClient client(databasePath);
    QQmlApplicationEngine engine;
    // Static QML modules live in the binary's resources; the installed layout needs this path.
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("client"), QVariant::fromValue(&client)}});
    engine.load(QUrl(QStringLiteral("qrc:/Weft/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 2;
    return QGuiApplication::exec();
}

} // namespace app

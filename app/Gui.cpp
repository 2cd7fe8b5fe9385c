#include "app/Gui.h"

#include "frontend/AppClient.h"
#include "frontend/ColorScheme.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(WeftPlugin)
Q_IMPORT_QML_PLUGIN(Weft_FrontendPlugin)

namespace app {

int runGui(const QString &databasePath)
{
    // Fusion draws with the application palette, which ColorScheme keeps light or dark as the
    // system (or the user's override) asks; a user's own QT_QUICK_CONTROLS_STYLE wins.
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        qputenv("QT_QUICK_CONTROLS_STYLE", "Fusion");
    frontend::ColorScheme colorScheme;
    frontend::AppClient client(databasePath);
    QQmlApplicationEngine engine;
    // Static QML modules live in the binary's resources; the installed layout needs this path.
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("client"), QVariant::fromValue(&client)}});
    engine.load(QUrl(QStringLiteral("qrc:/Weft/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 2;
    // After the window exists: Qt Quick Controls take their first palette from the platform
    // theme alone, and follow the application palette only when it changes.
    colorScheme.start();
    return QGuiApplication::exec();
}

} // namespace app

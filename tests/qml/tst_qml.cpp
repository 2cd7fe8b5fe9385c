// The Qt Quick Test runner for Weft's QML cases (docs/QML-TESTING.md): the real views
// (module Weft) and the harness (module Weft.Testing) are linked in; each case is a file given
// with -input.
#include <QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(WeftPlugin)
Q_IMPORT_QML_PLUGIN(Weft_FrontendPlugin)
Q_IMPORT_QML_PLUGIN(Weft_TestingPlugin)

/// Gives every case's engine the path of the statically linked QML modules.
class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
};

QUICK_TEST_MAIN_WITH_SETUP(weft_qml, Setup)

#include "tst_qml.moc"

// The real main window (Main.qml on a real backend) under WEFT_COLOR_SCHEME: its pixels are
// dark in dark mode and light in light mode, and it turns dark live when the scheme changes.
#include "frontend/AppClient.h"
#include "frontend/ColorScheme.h"

#include <QDBusVariant>
#include <QGuiApplication>
#include <QPalette>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQml/QQmlExtensionPlugin>
#include <QtTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(WeftPlugin)
Q_IMPORT_QML_PLUGIN(Weft_FrontendPlugin)

using namespace Qt::StringLiterals;

class TestDarkWindow : public QObject
{
    Q_OBJECT

    /// The main window on a fresh database; nullptr when it did not load.
    QQuickWindow *openMainWindow()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_client = std::make_unique<frontend::AppClient>(m_dir->filePath(u"weft.sqlite"_s));
        if (!QTest::qWaitFor([&] { return m_client->isReady(); }, 20'000))
            return nullptr;
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_engine->addImportPath(u"qrc:/"_s);
        m_engine->setInitialProperties({{u"client"_s, QVariant::fromValue(m_client.get())}});
        m_engine->load(QUrl(u"qrc:/Weft/Main.qml"_s));
        if (m_engine->rootObjects().isEmpty())
            return nullptr;
        auto *window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().first());
        if (!window || !QTest::qWaitForWindowExposed(window))
            return nullptr;
        return window;
    }

    /// The mean lightness of the window's pixels: dark mode must darken the whole of it, not
    /// one corner.
    static double meanLightness(QQuickWindow *window)
    {
        const QImage image = window->grabWindow();
        double sum = 0;
        int count = 0;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7, ++count)
                sum += image.pixelColor(x, y).lightnessF();
        return count ? sum / count : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_platformPalette = QGuiApplication::palette();
        // The desktop's own portal must not decide these cases.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/weft-test-bus");
        qputenv("QT_QUICK_CONTROLS_STYLE", "Fusion");
    }

    void cleanup()
    {
        QGuiApplication::setPalette(m_platformPalette);
        m_engine.reset();
        m_client.reset();
        m_dir.reset();
        qunsetenv("WEFT_COLOR_SCHEME");
    }

    void given_dark_override_when_main_window_opens_then_it_paints_dark()
    {
        qputenv("WEFT_COLOR_SCHEME", "dark");
        // In the application's order (app/Gui.cpp): the scheme starts once the window exists.
        frontend::ColorScheme scheme;
        QQuickWindow *window = openMainWindow();
        QVERIFY(window);
        scheme.start();
        QVERIFY(scheme.isDark());
        QTRY_VERIFY_WITH_TIMEOUT(meanLightness(window) < 0.3, 10'000);
    }

    void given_open_light_window_when_portal_turns_dark_then_it_repaints_dark()
    {
        qputenv("WEFT_COLOR_SCHEME", "system");
        frontend::ColorScheme scheme;
        scheme.start();
        QQuickWindow *window = openMainWindow();
        QVERIFY(window);
        const double light = meanLightness(window);
        QVERIFY2(light > 0.7, qPrintable(QString::number(light)));

        scheme.onSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s,
                                QDBusVariant(1u));
        QVERIFY(scheme.isDark());
        QTRY_VERIFY_WITH_TIMEOUT(meanLightness(window) < 0.3, 10'000);
    }

private:
    QPalette m_platformPalette;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<frontend::AppClient> m_client;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
};

QTEST_MAIN(TestDarkWindow)

#include "tst_dark_window.moc"

// ColorScheme: the portal's replies, the override's precedence, the palettes it applies, and the
// live path over a private D-Bus session bus with a fake portal registered from this process.
#include "frontend/ColorScheme.h"
#include "frontend/DagScene.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QGuiApplication>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

using namespace Qt::StringLiterals;
using frontend::ColorScheme;
using Choice = ColorScheme::Choice;
using Portal = ColorScheme::PortalScheme;

namespace {

QVariant dbusVariant(const QVariant &inner)
{
    return QVariant::fromValue(QDBusVariant(inner));
}

/// The portal's Settings interface, answering Read with a variant inside a variant.
class FakePortal : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")

public:
    uint value = 1;

public Q_SLOTS:
    QDBusVariant Read(const QString &nameSpace, const QString &key)
    {
        if (nameSpace != "org.freedesktop.appearance"_L1 || key != "color-scheme"_L1)
            return QDBusVariant(QVariant(QString()));
        return QDBusVariant(dbusVariant(value));
    }
};

bool isDarkApplication()
{
    return ColorScheme::isDarkPalette(QGuiApplication::palette());
}

} // namespace

class TestColorScheme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(u"weft-color-scheme-test"_s);
        // The offscreen platform's palette is light: a dark application palette is ours.
        QVERIFY(!isDarkApplication());
    }

    void init()
    {
        qunsetenv("WEFT_COLOR_SCHEME");
        QSettings(ColorScheme::settingsFile(), QSettings::IniFormat)
            .remove(u"appearance/colorScheme"_s);
    }

    void cleanup()
    {
        // Each test's ColorScheme is gone; the next starts from the platform's palette.
        QGuiApplication::setPalette(ColorScheme::lightPalette());
        init();
    }

    void given_portal_values_when_parsed_then_one_is_dark_two_light_zero_none()
    {
        QCOMPARE(ColorScheme::parsePortalValue(QVariant(1u)), Portal::PreferDark);
        QCOMPARE(ColorScheme::parsePortalValue(QVariant(2u)), Portal::PreferLight);
        QCOMPARE(ColorScheme::parsePortalValue(QVariant(0u)), Portal::NoPreference);
        QCOMPARE(ColorScheme::parsePortalValue(dbusVariant(1u)), Portal::PreferDark);
    }

    void given_variant_in_a_variant_when_parsed_then_the_inner_value_counts()
    {
        QCOMPARE(ColorScheme::parsePortalValue(dbusVariant(dbusVariant(1u))), Portal::PreferDark);
        QCOMPARE(ColorScheme::parsePortalValue(dbusVariant(dbusVariant(2u))), Portal::PreferLight);
    }

    void given_wrong_type_or_range_when_parsed_then_ignored()
    {
        QCOMPARE(ColorScheme::parsePortalValue(dbusVariant(u"1"_s)), std::nullopt);
        QCOMPARE(ColorScheme::parsePortalValue(dbusVariant(true)), std::nullopt);
        QCOMPARE(ColorScheme::parsePortalValue(dbusVariant(3u)), std::nullopt);
        QCOMPARE(ColorScheme::parsePortalValue(QVariant()), std::nullopt);
    }

    void given_choice_words_when_parsed_then_known_ones_are_read()
    {
        QCOMPARE(ColorScheme::parseChoice(u"Dark"_s), Choice::Dark);
        QCOMPARE(ColorScheme::parseChoice(u" light "_s), Choice::Light);
        QCOMPARE(ColorScheme::parseChoice(u"system"_s), Choice::System);
        QCOMPARE(ColorScheme::parseChoice(u"auto"_s), std::nullopt);
    }

    void given_overrides_when_resolved_then_environment_beats_setting_beats_portal()
    {
        QCOMPARE(ColorScheme::effectiveChoice(Choice::Dark, Choice::Light), Choice::Dark);
        QCOMPARE(ColorScheme::effectiveChoice(Choice::System, Choice::Dark), Choice::System);
        QCOMPARE(ColorScheme::effectiveChoice(std::nullopt, Choice::Light), Choice::Light);
        QCOMPARE(ColorScheme::effectiveChoice(std::nullopt, std::nullopt), Choice::System);
        QVERIFY(!ColorScheme::resolveDark(Choice::Light, Portal::PreferDark, true));
        QVERIFY(ColorScheme::resolveDark(Choice::Dark, Portal::PreferLight, false));
        QVERIFY(ColorScheme::resolveDark(Choice::System, Portal::PreferDark, false));
        QVERIFY(!ColorScheme::resolveDark(Choice::System, Portal::PreferLight, true));
        QVERIFY(ColorScheme::resolveDark(Choice::System, Portal::NoPreference, true));
        QVERIFY(!ColorScheme::resolveDark(Choice::System, std::nullopt, false));
    }

    void given_palettes_when_built_then_text_roles_contrast_with_their_background()
    {
        for (const QPalette &p : {ColorScheme::darkPalette(), ColorScheme::lightPalette()}) {
            using R = QPalette::ColorRole;
            const std::pair<R, R> pairs[] = {
                {R::WindowText, R::Window},         {R::Text, R::Base},
                {R::PlaceholderText, R::Base},      {R::ButtonText, R::Button},
                {R::HighlightedText, R::Highlight}, {R::Link, R::Base},
                {R::LinkVisited, R::Base},          {R::ToolTipText, R::ToolTipBase},
            };
            for (auto [fg, bg] : pairs) {
                const double ratio = contrast(p.color(fg), p.color(bg));
                QVERIFY2(ratio >= 4.5,
                         qPrintable(u"role %1 on %2: %3"_s.arg(int(fg)).arg(int(bg)).arg(ratio)));
            }
            // Disabled text is weaker than enabled text, yet still readable.
            const double disabled = contrast(p.color(QPalette::Disabled, QPalette::Text),
                                             p.color(QPalette::Disabled, QPalette::Base));
            QVERIFY(disabled >= 2.5);
            QVERIFY(disabled < contrast(p.color(QPalette::Text), p.color(QPalette::Base)));
        }
        QVERIFY(ColorScheme::isDarkPalette(ColorScheme::darkPalette()));
        QVERIFY(!ColorScheme::isDarkPalette(ColorScheme::lightPalette()));
    }

    void given_palettes_when_dag_nodes_drawn_then_every_state_title_contrasts()
    {
        using namespace frontend;
        const QColor title(kNodeTitle.r, kNodeTitle.g, kNodeTitle.b);
        const std::pair<const char *, QPalette> palettes[]
            = {{"dark", ColorScheme::darkPalette()}, {"light", ColorScheme::lightPalette()}};
        for (const auto &[mode, p] : palettes) {
            for (int state = 0; state < kRunStateCount; ++state) {
                const Rgba c = stateColour(std::uint8_t(state));
                const QColor fill(c.r, c.g, c.b);
                const double full = contrast(fill, title);
                QVERIFY2(
                    full >= 4.5,
                    qPrintable(u"%1 mode, state %2: title on the fill %3"_s.arg(QLatin1String(mode))
                                   .arg(state)
                                   .arg(full)));
                // A faded node: its fill over the view's background, its title the palette's
                // text partly over that.
                const QColor fadedFill = over(fill, kFadedAlpha, p.color(QPalette::Base));
                const QColor fadedTitle
                    = over(p.color(QPalette::Text), kFadedTitleOpacity, fadedFill);
                const double faded = contrast(fadedFill, fadedTitle);
                QVERIFY2(faded >= 4.5,
                         qPrintable(u"%1 mode, state %2: faded title %3"_s.arg(QLatin1String(mode))
                                        .arg(state)
                                        .arg(faded)));
            }
        }
    }

    void given_light_platform_when_set_dark_then_light_then_application_palette_follows()
    {
        const QColor platformWindow = QGuiApplication::palette().color(QPalette::Window);
        ColorScheme scheme;
        QSignalSpy changed(&scheme, &ColorScheme::darkChanged);
        scheme.setPreference(u"dark"_s);
        QVERIFY(scheme.isDark());
        QCOMPARE(changed.size(), 1);
        const QPalette dark = QGuiApplication::palette();
        QVERIFY(dark.color(QPalette::Window).lightnessF() < 0.3);
        QVERIFY(dark.color(QPalette::Text).lightnessF() > 0.8);
        QCOMPARE(scheme.preference(), u"dark"_s);

        scheme.setPreference(u"light"_s);
        QVERIFY(!scheme.isDark());
        QCOMPARE(changed.size(), 2);
        QCOMPARE(QGuiApplication::palette().color(QPalette::Window), platformWindow);
        QVERIFY(QGuiApplication::palette().color(QPalette::Text).lightnessF() < 0.3);
    }

    void given_stored_dark_setting_when_started_then_dark()
    {
        QSettings(ColorScheme::settingsFile(), QSettings::IniFormat)
            .setValue(u"appearance/colorScheme"_s, u"dark"_s);
        ColorScheme scheme;
        scheme.onSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s,
                                QDBusVariant(2u));
        QVERIFY(scheme.isDark());
        QVERIFY(isDarkApplication());
    }

    void given_environment_light_when_portal_prefers_dark_then_light_stays()
    {
        qputenv("WEFT_COLOR_SCHEME", "light");
        QSettings(ColorScheme::settingsFile(), QSettings::IniFormat)
            .setValue(u"appearance/colorScheme"_s, u"dark"_s);
        ColorScheme scheme;
        scheme.onSettingChanged(u"org.freedesktop.appearance"_s, u"color-scheme"_s,
                                QDBusVariant(1u));
        QVERIFY(!scheme.isDark());
        QVERIFY(!isDarkApplication());
    }

    void given_no_override_when_portal_signals_then_scheme_follows_and_ignores_noise()
    {
        ColorScheme scheme;
        const QString ns = u"org.freedesktop.appearance"_s;
        scheme.onSettingChanged(ns, u"color-scheme"_s, QDBusVariant(1u));
        QVERIFY(scheme.isDark());
        QVERIFY(isDarkApplication());
        // Another key, another namespace, a value of the wrong type: nothing changes.
        scheme.onSettingChanged(ns, u"accent-color"_s, QDBusVariant(2u));
        scheme.onSettingChanged(u"org.gnome.desktop.interface"_s, u"color-scheme"_s,
                                QDBusVariant(2u));
        scheme.onSettingChanged(ns, u"color-scheme"_s, QDBusVariant(u"prefer-light"_s));
        QVERIFY(scheme.isDark());
        scheme.onSettingChanged(ns, u"color-scheme"_s, QDBusVariant(0u));
        QVERIFY(!scheme.isDark());
        QVERIFY(!isDarkApplication());
    }

    void given_fake_portal_on_private_bus_when_read_and_changed_then_palette_follows_live()
    {
        const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
        if (daemon.isEmpty())
            QSKIP("dbus-daemon is not installed (Debian package dbus-daemon)");
        QProcess bus;
        bus.start(daemon, {u"--session"_s, u"--nofork"_s, u"--print-address"_s});
        QVERIFY(bus.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return bus.canReadLine(); }, 20'000));
        const QString address = QString::fromUtf8(bus.readLine()).trimmed();
        QVERIFY(!address.isEmpty());
        const auto stop = qScopeGuard([&] {
            QDBusConnection::disconnectFromBus(u"portal"_s);
            QDBusConnection::disconnectFromBus(u"client"_s);
            bus.terminate();
            bus.waitForFinished();
        });

        QDBusConnection portalBus = QDBusConnection::connectToBus(address, u"portal"_s);
        QVERIFY(portalBus.isConnected());
        FakePortal portal;
        QVERIFY(portalBus.registerObject(u"/org/freedesktop/portal/desktop"_s, &portal,
                                         QDBusConnection::ExportAllSlots));
        QVERIFY(portalBus.registerService(u"org.freedesktop.portal.Desktop"_s));

        const QDBusConnection clientBus = QDBusConnection::connectToBus(address, u"client"_s);
        QVERIFY(clientBus.isConnected());
        ColorScheme scheme;
        scheme.followPortal(clientBus);
        QTRY_VERIFY_WITH_TIMEOUT(scheme.isDark(), 20'000);
        QVERIFY(isDarkApplication());

        QDBusMessage changed
            = QDBusMessage::createSignal(u"/org/freedesktop/portal/desktop"_s,
                                         u"org.freedesktop.portal.Settings"_s, u"SettingChanged"_s);
        changed << u"org.freedesktop.appearance"_s << u"color-scheme"_s
                << QVariant::fromValue(QDBusVariant(2u));
        QVERIFY(portalBus.send(changed));
        QTRY_VERIFY_WITH_TIMEOUT(!scheme.isDark(), 20'000);
        QVERIFY(!isDarkApplication());
    }

    void given_bus_without_portal_when_followed_then_platform_palette_stays_silently()
    {
        const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
        if (daemon.isEmpty())
            QSKIP("dbus-daemon is not installed (Debian package dbus-daemon)");
        QTest::failOnWarning(QRegularExpression(u".*"_s));
        QProcess bus;
        bus.start(daemon, {u"--session"_s, u"--nofork"_s, u"--print-address"_s});
        QVERIFY(bus.waitForStarted());
        QVERIFY(QTest::qWaitFor([&] { return bus.canReadLine(); }, 20'000));
        const QString address = QString::fromUtf8(bus.readLine()).trimmed();
        const auto stop = qScopeGuard([&] {
            QDBusConnection::disconnectFromBus(u"lonely"_s);
            bus.terminate();
            bus.waitForFinished();
        });
        const QDBusConnection clientBus = QDBusConnection::connectToBus(address, u"lonely"_s);
        QVERIFY(clientBus.isConnected());
        ColorScheme scheme;
        QSignalSpy answered(&scheme, &ColorScheme::portalAnswered);
        scheme.followPortal(clientBus);
        QVERIFY(answered.wait(20'000));
        QVERIFY(!scheme.isDark());
        QVERIFY(!isDarkApplication());
    }

    void given_no_session_bus_when_started_then_platform_palette_stays_silently()
    {
        QTest::failOnWarning(QRegularExpression(u".*"_s));
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/weft-test-bus");
        ColorScheme scheme;
        scheme.start();
        QVERIFY(!scheme.isDark());
        QVERIFY(!isDarkApplication());
    }

private:
    static double luminance(const QColor &c)
    {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF());
    }
    /// `top` drawn at `alpha` over an opaque `bottom`.
    static QColor over(const QColor &top, qreal alpha, const QColor &bottom)
    {
        const auto mix = [alpha](double t, double b) { return t * alpha + b * (1 - alpha); };
        return QColor::fromRgbF(float(mix(top.redF(), bottom.redF())),
                                float(mix(top.greenF(), bottom.greenF())),
                                float(mix(top.blueF(), bottom.blueF())));
    }
    static double contrast(const QColor &a, const QColor &b)
    {
        const double la = luminance(a);
        const double lb = luminance(b);
        return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
    }
};

QTEST_MAIN(TestColorScheme)

#include "tst_color_scheme.moc"

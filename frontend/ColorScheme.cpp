#include "frontend/ColorScheme.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QDir>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QSettings>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcColorScheme, "weft.gui.colorscheme", QtWarningMsg)

namespace frontend {

namespace {

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kPortalInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString kAppearance = QStringLiteral("org.freedesktop.appearance");
const QString kColorSchemeKey = QStringLiteral("color-scheme");
const QString kSettingKey = QStringLiteral("appearance/colorScheme");
constexpr const char *kEnvironment = "WEFT_COLOR_SCHEME";

/// One colour per role for the active (and inactive) group and the roles the disabled group
/// greys; the rest of the disabled group is the active colour.
struct Colours
{
    QRgb window, windowText, base, alternateBase, text, placeholder, button, buttonText, brightText,
        light, midlight, mid, dark, shadow, highlight, highlightedText, link, linkVisited,
        toolTipBase, toolTipText;
    QRgb disabledText, disabledHighlight, disabledHighlightedText, disabledPlaceholder;
};

// Text, placeholder, highlighted text, links and tooltips keep at least 4.5:1 against the
// colour they sit on (WCAG AA); the disabled text stays legible but plainly weaker.
constexpr Colours kDark {
    0x2a2e32, 0xe8e8e8, 0x1e2124, 0x262a2e, 0xe8e8e8, 0x9aa0a6, 0x31363b, 0xe8e8e8,
    0xffffff, 0x4a5057, 0x3b4046, 0x25282c, 0x17191b, 0x0c0d0e, 0x2f6fc9, 0xffffff,
    0x6cb2ff, 0xc3a3ff, 0x31363b, 0xe8e8e8, 0x80858a, 0x3b4046, 0xa0a5aa, 0x6a6f74,
};
constexpr Colours kLight {
    0xefefef, 0x1b1b1b, 0xffffff, 0xf5f5f5, 0x1b1b1b, 0x6e6e6e, 0xefefef, 0x1b1b1b,
    0xffffff, 0xffffff, 0xe3e3e3, 0xb8b8b8, 0x9f9f9f, 0x767676, 0x2f6fc9, 0xffffff,
    0x0b57d0, 0x7b3fbf, 0xffffdc, 0x1b1b1b, 0x8c8c8c, 0xd0d0d0, 0x6e6e6e, 0xa8a8a8,
};

QPalette makePalette(const Colours &c)
{
    QPalette p;
    const auto set = [&p](QPalette::ColorRole role, QRgb rgb) {
        p.setColor(QPalette::All, role, QColor(rgb));
    };
    set(QPalette::Window, c.window);
    set(QPalette::WindowText, c.windowText);
    set(QPalette::Base, c.base);
    set(QPalette::AlternateBase, c.alternateBase);
    set(QPalette::Text, c.text);
    set(QPalette::PlaceholderText, c.placeholder);
    set(QPalette::Button, c.button);
    set(QPalette::ButtonText, c.buttonText);
    set(QPalette::BrightText, c.brightText);
    set(QPalette::Light, c.light);
    set(QPalette::Midlight, c.midlight);
    set(QPalette::Mid, c.mid);
    set(QPalette::Dark, c.dark);
    set(QPalette::Shadow, c.shadow);
    set(QPalette::Highlight, c.highlight);
    set(QPalette::HighlightedText, c.highlightedText);
    set(QPalette::Link, c.link);
    set(QPalette::LinkVisited, c.linkVisited);
    set(QPalette::ToolTipBase, c.toolTipBase);
    set(QPalette::ToolTipText, c.toolTipText);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(c.disabledText));
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(c.disabledHighlight));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, QColor(c.disabledHighlightedText));
    p.setColor(QPalette::Disabled, QPalette::PlaceholderText, QColor(c.disabledPlaceholder));
    return p;
}

std::optional<ColorScheme::Choice> storedChoice()
{
    const QSettings settings(ColorScheme::settingsFile(), QSettings::IniFormat);
    return ColorScheme::parseChoice(settings.value(kSettingKey).toString());
}

std::optional<ColorScheme::Choice> environmentChoice()
{
    const QString text = qEnvironmentVariable(kEnvironment);
    if (text.isEmpty())
        return std::nullopt;
    const auto choice = ColorScheme::parseChoice(text);
    if (!choice)
        qCWarning(lcColorScheme) << kEnvironment << "should be dark, light or system, not" << text;
    return choice;
}

QString choiceName(ColorScheme::Choice choice)
{
    switch (choice) {
    case ColorScheme::Choice::Light:
        return QStringLiteral("light");
    case ColorScheme::Choice::Dark:
        return QStringLiteral("dark");
    case ColorScheme::Choice::System:
        break;
    }
    return QStringLiteral("system");
}

} // namespace

ColorScheme::ColorScheme(QObject *parent)
    : QObject(parent)
    , m_platformPalette(QGuiApplication::palette())
    , m_platformDark(isDarkPalette(m_platformPalette))
    , m_environment(environmentChoice())
    , m_dark(m_platformDark)
{
}

void ColorScheme::start()
{
    apply();
    // Without a session bus (a bare console, a container) the platform's palette stays.
    const QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected())
        followPortal(bus);
}

void ColorScheme::followPortal(const QDBusConnection &bus)
{
    QDBusConnection connection(bus);
    // No sender name in the match: with one, QtDBus would ask the bus for the name's owner
    // with a blocking call. The path and interface are the portal's alone.
    connection.connect(QString(), kPortalPath, kPortalInterface, QStringLiteral("SettingChanged"),
                       this, SLOT(onSettingChanged(QString, QString, QDBusVariant)));
    QDBusMessage read = QDBusMessage::createMethodCall(kPortalService, kPortalPath,
                                                       kPortalInterface, QStringLiteral("Read"));
    read << kAppearance << kColorSchemeKey;
    auto *watcher = new QDBusPendingCallWatcher(connection.asyncCall(read), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this](QDBusPendingCallWatcher *call) {
                call->deleteLater();
                const QDBusPendingReply<QDBusVariant> reply = *call;
                // No portal, or one without the appearance setting: the platform decides.
                if (reply.isError())
                    qCDebug(lcColorScheme) << "no portal colour scheme:" << reply.error().name();
                else
                    setPortal(parsePortalValue(QVariant::fromValue(reply.value())));
                Q_EMIT portalAnswered();
            });
}

QString ColorScheme::settingsFile()
{
    // Named here rather than by organisation and application: Weft sets no organisation name
    // (it would move the database's folder), and QSettings() would then write under
    // "Unknown Organization".
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("weft.conf"));
}

QString ColorScheme::preference() const
{
    return choiceName(storedChoice().value_or(Choice::System));
}

void ColorScheme::setPreference(const QString &preference)
{
    const auto choice = parseChoice(preference);
    if (!choice || choiceName(*choice) == this->preference())
        return;
    QSettings(settingsFile(), QSettings::IniFormat).setValue(kSettingKey, choiceName(*choice));
    Q_EMIT preferenceChanged();
    apply();
}

std::optional<ColorScheme::PortalScheme> ColorScheme::parsePortalValue(const QVariant &value)
{
    // Read answers a variant inside a variant (the portal's documented quirk); ReadOne and
    // SettingChanged a single one. A few levels cover every portal seen.
    QVariant v = value;
    for (int depth = 0; depth < 4 && v.metaType() == QMetaType::fromType<QDBusVariant>(); ++depth)
        v = v.value<QDBusVariant>().variant();
    switch (v.metaType().id()) {
    case QMetaType::UInt:
    case QMetaType::Int:
    case QMetaType::UChar:
    case QMetaType::UShort:
    case QMetaType::Short:
    case QMetaType::ULongLong:
    case QMetaType::LongLong:
        break;
    default:
        return std::nullopt;
    }
    switch (v.toLongLong()) {
    case 0:
        return PortalScheme::NoPreference;
    case 1:
        return PortalScheme::PreferDark;
    case 2:
        return PortalScheme::PreferLight;
    default:
        return std::nullopt;
    }
}

std::optional<ColorScheme::Choice> ColorScheme::parseChoice(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("dark"))
        return Choice::Dark;
    if (t == QLatin1String("light"))
        return Choice::Light;
    if (t == QLatin1String("system"))
        return Choice::System;
    return std::nullopt;
}

ColorScheme::Choice ColorScheme::effectiveChoice(std::optional<Choice> environment,
                                                 std::optional<Choice> setting)
{
    return environment.value_or(setting.value_or(Choice::System));
}

bool ColorScheme::resolveDark(Choice choice, std::optional<PortalScheme> portal, bool platformDark)
{
    if (choice != Choice::System)
        return choice == Choice::Dark;
    if (portal == PortalScheme::PreferDark)
        return true;
    if (portal == PortalScheme::PreferLight)
        return false;
    return platformDark;
}

QPalette ColorScheme::darkPalette()
{
    return makePalette(kDark);
}

QPalette ColorScheme::lightPalette()
{
    return makePalette(kLight);
}

bool ColorScheme::isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Active, QPalette::Window).lightnessF() < 0.5;
}

void ColorScheme::onSettingChanged(const QString &nameSpace, const QString &key,
                                   const QDBusVariant &value)
{
    if (nameSpace != kAppearance || key != kColorSchemeKey)
        return;
    setPortal(parsePortalValue(QVariant::fromValue(value)));
}

void ColorScheme::setPortal(std::optional<PortalScheme> portal)
{
    // A value of the wrong type says nothing: the last good one stays.
    if (!portal)
        return;
    m_portal = portal;
    apply();
}

void ColorScheme::apply()
{
    const bool dark
        = resolveDark(effectiveChoice(m_environment, storedChoice()), m_portal, m_platformDark);
    // The platform's own palette when it already matches, so a themed desktop keeps its
    // colours; ours only where Qt's would be the wrong brightness.
    if (dark != m_platformDark) {
        QGuiApplication::setPalette(dark ? darkPalette() : lightPalette());
        m_replaced = true;
    } else if (m_replaced) {
        QGuiApplication::setPalette(m_platformPalette);
        m_replaced = false;
    }
    if (dark != m_dark) {
        m_dark = dark;
        Q_EMIT darkChanged();
    }
}

} // namespace frontend

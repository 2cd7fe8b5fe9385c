#pragma once

#include <QDBusConnection>
#include <QDBusVariant>
#include <QObject>
#include <QPalette>
#include <QString>
#include <QVariant>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace frontend {

/// Light or dark: the application palette every view draws with. Qt 6.4's platform themes on
/// a Linux desktop keep a light palette when the desktop prefers dark (there is no
/// QStyleHints::colorScheme before 6.5), so this reads the freedesktop portal's
/// `org.freedesktop.appearance color-scheme` over D-Bus, asynchronously, follows its
/// `SettingChanged` signal, and sets a complete palette on QGuiApplication. An override — the
/// environment's `WEFT_COLOR_SCHEME`, else the setting `appearance/colorScheme` (settingsFile),
/// each `dark`, `light` or `system` — beats the portal. Without a session bus or a portal the
/// platform's own palette stays, silently.
class ColorScheme : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ColorScheme is created by the application")
    Q_PROPERTY(bool dark READ isDark NOTIFY darkChanged)
    Q_PROPERTY(QString preference READ preference WRITE setPreference NOTIFY preferenceChanged)

public:
    /// A user's choice: follow the system, or always light or dark.
    enum class Choice { System, Light, Dark };
    /// The portal's value: 0 no preference, 1 prefer dark, 2 prefer light.
    enum class PortalScheme { NoPreference = 0, PreferDark = 1, PreferLight = 2 };

    /// Remembers the platform's palette (what Qt chose) to restore it for light.
    explicit ColorScheme(QObject *parent = nullptr);

    /// Reads the override, applies the scheme, and follows the portal on the session bus. Call it
    /// once the QML window exists: Qt Quick Controls 6.4 take their first palette from the
    /// platform theme, not from the application palette, and only a later change reaches them.
    void start();
    /// Follows the portal on `bus` (start uses the session bus; tests a private one).
    void followPortal(const QDBusConnection &bus);

    [[nodiscard]] bool isDark() const { return m_dark; }
    /// The stored setting: "system", "light" or "dark".
    [[nodiscard]] QString preference() const;
    /// Stores the setting and applies it (the environment's override still wins).
    void setPreference(const QString &preference);
    /// The INI file the setting is stored in (`[appearance] colorScheme=`).
    [[nodiscard]] static QString settingsFile();

    /// The portal's reply or signal value, a variant possibly nested in another
    /// (QDBusVariant); nothing for a value of another type or out of range.
    [[nodiscard]] static std::optional<PortalScheme> parsePortalValue(const QVariant &value);
    /// "dark", "light" or "system" (any case); nothing for anything else.
    [[nodiscard]] static std::optional<Choice> parseChoice(const QString &text);
    /// The environment's choice beats the setting's; neither means follow the system.
    [[nodiscard]] static Choice effectiveChoice(std::optional<Choice> environment,
                                                std::optional<Choice> setting);
    /// Dark or not: an explicit choice, else the portal's preference, else the platform's.
    [[nodiscard]] static bool resolveDark(Choice choice, std::optional<PortalScheme> portal,
                                          bool platformDark);
    /// Every role of every colour group, the disabled one greyed.
    [[nodiscard]] static QPalette darkPalette();
    [[nodiscard]] static QPalette lightPalette();
    /// Whether a palette's window is dark.
    [[nodiscard]] static bool isDarkPalette(const QPalette &palette);

public Q_SLOTS:
    /// The portal's SettingChanged signal; other namespaces and keys are ignored.
    void onSettingChanged(const QString &nameSpace, const QString &key, const QDBusVariant &value);

Q_SIGNALS:
    void darkChanged();
    void preferenceChanged();
    /// The portal's first answer (a value, or an error such as no portal) was handled.
    void portalAnswered();

private:
    void setPortal(std::optional<PortalScheme> portal);
    void apply();

    QPalette m_platformPalette;
    bool m_platformDark = false;
    std::optional<Choice> m_environment; ///< read once: a bad value is reported once
    std::optional<PortalScheme> m_portal;
    bool m_dark = false;
    bool m_replaced = false; ///< the application palette is one of ours
};

} // namespace frontend

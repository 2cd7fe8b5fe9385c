#pragma once

#include "backend/domain/Provider.h"
#include "backend/providers/ProviderError.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <expected>
#include <optional>

class QSettings;

namespace backend {

/// Named provider specs a user picks from ("claude", "codex", "shell", or their own), kept in
/// the settings. A value type; loading and saving are pure JSON conversions plus thin file and
/// QSettings helpers.
///
/// JSON shape: `{"claude": {"kind": "process", "commandTemplate": ["claude", "-p",
/// "{message}"]}, "shell": {"kind": "shell"}}`.
class ProviderPresets
{
public:
    /// The presets every Weft knows: "claude" = ["claude", "-p", "{message}"], "codex" =
    /// ["codex", "exec", "{message}"], "shell" = the shell provider.
    [[nodiscard]] static ProviderPresets builtIns();

    /// Presets from a JSON object (name → spec). Kinds are checked by the provider factory,
    /// not here; a spec needs a non-empty kind and, when present, a string-array template.
    static std::expected<ProviderPresets, ProviderError> fromJson(const QJsonObject &json);
    [[nodiscard]] QJsonObject toJson() const;

    /// The built-ins overlaid with the presets of a JSON file; a missing file is no error.
    static std::expected<ProviderPresets, ProviderError> loadFile(const QString &path);
    /// The built-ins overlaid with the JSON text under `key` (default "providers/presets").
    static std::expected<ProviderPresets, ProviderError>
    fromSettings(const QSettings &settings,
                 const QString &key = QStringLiteral("providers/presets"));
    /// Stores these presets as JSON text under `key`.
    void saveTo(QSettings &settings,
                const QString &key = QStringLiteral("providers/presets")) const;

    [[nodiscard]] std::optional<ProviderSpec> find(const QString &name) const;
    [[nodiscard]] QStringList names() const { return m_specs.keys(); }
    [[nodiscard]] bool isEmpty() const { return m_specs.isEmpty(); }
    void insert(const QString &name, ProviderSpec spec) { m_specs.insert(name, std::move(spec)); }
    bool remove(const QString &name) { return m_specs.remove(name) > 0; }
    /// These presets with `overrides` laid over them (same name: the override wins).
    [[nodiscard]] ProviderPresets mergedWith(const ProviderPresets &overrides) const;

    friend bool operator==(const ProviderPresets &, const ProviderPresets &) = default;

private:
    QMap<QString, ProviderSpec> m_specs;
};

} // namespace backend

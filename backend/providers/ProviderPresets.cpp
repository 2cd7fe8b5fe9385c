#include "backend/providers/ProviderPresets.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

namespace backend {

namespace {

std::unexpected<ProviderError> invalid(const QString &message)
{
    return std::unexpected(ProviderError {ProviderError::Code::InvalidPresets, message});
}

std::expected<ProviderPresets, ProviderError> overBuiltIns(const QByteArray &text,
                                                           const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return invalid(QStringLiteral("%1: not a JSON object of presets (%2)")
                           .arg(source, parseError.errorString()));
    auto presets = ProviderPresets::fromJson(document.object());
    if (!presets)
        return invalid(QStringLiteral("%1: %2").arg(source, presets.error().message));
    return ProviderPresets::builtIns().mergedWith(*presets);
}

} // namespace

ProviderPresets ProviderPresets::builtIns()
{
    ProviderPresets presets;
    presets.insert(QStringLiteral("claude"),
                   {QStringLiteral("process"),
                    {QStringLiteral("claude"), QStringLiteral("-p"), QStringLiteral("{message}")}});
    presets.insert(
        QStringLiteral("codex"),
        {QStringLiteral("process"),
         {QStringLiteral("codex"), QStringLiteral("exec"), QStringLiteral("{message}")}});
    presets.insert(QStringLiteral("shell"), {QStringLiteral("shell"), {}});
    return presets;
}

std::expected<ProviderPresets, ProviderError> ProviderPresets::fromJson(const QJsonObject &json)
{
    ProviderPresets presets;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const QString &name = it.key();
        if (name.trimmed().isEmpty())
            return invalid(QStringLiteral("a preset needs a name"));
        if (!it.value().isObject())
            return invalid(QStringLiteral("preset \"%1\" is not an object").arg(name));
        const QJsonObject object = it.value().toObject();
        ProviderSpec spec;
        spec.kind = object.value(QStringLiteral("kind")).toString();
        if (spec.kind.trimmed().isEmpty())
            return invalid(QStringLiteral("preset \"%1\" needs a \"kind\"").arg(name));
        const QJsonValue commandTemplate = object.value(QStringLiteral("commandTemplate"));
        if (!commandTemplate.isUndefined() && !commandTemplate.isNull()) {
            if (!commandTemplate.isArray())
                return invalid(
                    QStringLiteral("preset \"%1\": \"commandTemplate\" is not an array").arg(name));
            for (const QJsonValue &element : commandTemplate.toArray()) {
                if (!element.isString())
                    return invalid(
                        QStringLiteral("preset \"%1\": \"commandTemplate\" holds a non-string")
                            .arg(name));
                spec.commandTemplate.append(element.toString());
            }
        }
        presets.insert(name, std::move(spec));
    }
    return presets;
}

QJsonObject ProviderPresets::toJson() const
{
    QJsonObject json;
    for (auto it = m_specs.constBegin(); it != m_specs.constEnd(); ++it) {
        QJsonObject spec {{QStringLiteral("kind"), it->kind}};
        if (!it->commandTemplate.isEmpty())
            spec.insert(QStringLiteral("commandTemplate"),
                        QJsonArray::fromStringList(it->commandTemplate));
        json.insert(it.key(), spec);
    }
    return json;
}

std::expected<ProviderPresets, ProviderError> ProviderPresets::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return builtIns();
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(
            ProviderError {ProviderError::Code::Io,
                           QStringLiteral("cannot read %1: %2").arg(path, file.errorString())});
    return overBuiltIns(file.readAll(), path);
}

std::expected<ProviderPresets, ProviderError>
ProviderPresets::fromSettings(const QSettings &settings, const QString &key)
{
    const QString text = settings.value(key).toString();
    if (text.isEmpty())
        return builtIns();
    return overBuiltIns(text.toUtf8(), key);
}

void ProviderPresets::saveTo(QSettings &settings, const QString &key) const
{
    settings.setValue(key,
                      QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact)));
}

std::optional<ProviderSpec> ProviderPresets::find(const QString &name) const
{
    const auto it = m_specs.constFind(name);
    if (it == m_specs.constEnd())
        return std::nullopt;
    return *it;
}

ProviderPresets ProviderPresets::mergedWith(const ProviderPresets &overrides) const
{
    ProviderPresets merged = *this;
    for (auto it = overrides.m_specs.constBegin(); it != overrides.m_specs.constEnd(); ++it)
        merged.m_specs.insert(it.key(), it.value());
    return merged;
}

} // namespace backend

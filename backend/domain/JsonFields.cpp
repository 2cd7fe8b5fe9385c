#include "backend/domain/JsonFields.h"

#include <QTimeZone>

#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace backend::json {

namespace {

template<typename E, std::size_t N>
using WordTable = std::array<std::pair<E, QLatin1StringView>, N>;

constexpr WordTable<ActivityTone, 4> kTones {{
    {ActivityTone::Info, QLatin1StringView("info")},
    {ActivityTone::Tool, QLatin1StringView("tool")},
    {ActivityTone::Approval, QLatin1StringView("approval")},
    {ActivityTone::Error, QLatin1StringView("error")},
}};

constexpr WordTable<TurnOutcome, 3> kOutcomes {{
    {TurnOutcome::Completed, QLatin1StringView("completed")},
    {TurnOutcome::Error, QLatin1StringView("error")},
    {TurnOutcome::Interrupted, QLatin1StringView("interrupted")},
}};

constexpr WordTable<MessageRole, 3> kRoles {{
    {MessageRole::User, QLatin1StringView("user")},
    {MessageRole::Assistant, QLatin1StringView("assistant")},
    {MessageRole::System, QLatin1StringView("system")},
}};

constexpr WordTable<ThreadStatus, 7> kStatuses {{
    {ThreadStatus::Idle, QLatin1StringView("idle")},
    {ThreadStatus::Starting, QLatin1StringView("starting")},
    {ThreadStatus::Running, QLatin1StringView("running")},
    {ThreadStatus::Ready, QLatin1StringView("ready")},
    {ThreadStatus::Interrupted, QLatin1StringView("interrupted")},
    {ThreadStatus::Stopped, QLatin1StringView("stopped")},
    {ThreadStatus::Error, QLatin1StringView("error")},
}};

constexpr WordTable<TurnState, 4> kTurnStates {{
    {TurnState::Running, QLatin1StringView("running")},
    {TurnState::Completed, QLatin1StringView("completed")},
    {TurnState::Interrupted, QLatin1StringView("interrupted")},
    {TurnState::Error, QLatin1StringView("error")},
}};

template<typename E, std::size_t N> QString wordOf(const WordTable<E, N> &table, E value)
{
    for (const auto &[v, word] : table) {
        if (v == value)
            return word;
    }
    Q_UNREACHABLE();
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const WordTable<E, N> &table, const QString &word)
{
    for (const auto &[v, w] : table) {
        if (w == word)
            return v;
    }
    return std::nullopt;
}

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString gotSuffix(const QJsonValue &value)
{
    return QStringLiteral(" (got %1)").arg(typeName(value));
}

} // namespace

FieldReader::FieldReader(const QJsonObject &object, QString prefix)
    : m_object(object)
    , m_prefix(std::move(prefix))
{
}

QString FieldReader::path(QLatin1StringView key) const
{
    return m_prefix.isEmpty() ? QString(key) : m_prefix + QLatin1Char('.') + key;
}

void FieldReader::fail(CodecError::Code code, QLatin1StringView key, const QString &what)
{
    if (m_error)
        return;
    const QString field = path(key);
    m_error = CodecError {code, field, field + QLatin1Char(' ') + what};
}

bool FieldReader::isAbsent(QLatin1StringView key) const
{
    const QJsonValue value = m_object.value(key);
    return value.isUndefined() || value.isNull();
}

std::optional<QJsonValue> FieldReader::required(QLatin1StringView key)
{
    if (m_error)
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined()) {
        fail(CodecError::Code::MissingField, key, QStringLiteral("is required"));
        return std::nullopt;
    }
    return value;
}

QString FieldReader::idString(QLatin1StringView key)
{
    const std::optional<QJsonValue> value = required(key);
    if (!value)
        return {};
    const QString s = value->toString();
    if (!value->isString() || s.isEmpty() || s.size() > kMaxIdLength) {
        fail(CodecError::Code::InvalidField, key,
             QStringLiteral("must be a non-empty string of at most %1 characters").arg(kMaxIdLength)
                 + (value->isString() ? QString() : gotSuffix(*value)));
        return {};
    }
    return s;
}

QString FieldReader::string(QLatin1StringView key, Content content)
{
    const std::optional<QJsonValue> value = required(key);
    if (!value)
        return {};
    const QString s = value->toString();
    const bool bad = !value->isString() || (content == Content::NonEmpty && s.isEmpty())
        || (content == Content::NonBlank && s.trimmed().isEmpty());
    if (bad) {
        fail(CodecError::Code::InvalidField, key,
             (content == Content::Any ? QStringLiteral("must be a string")
                                      : QStringLiteral("must be a non-empty string"))
                 + (value->isString() ? QString() : gotSuffix(*value)));
        return {};
    }
    return s;
}

std::optional<QString> FieldReader::optionalString(QLatin1StringView key)
{
    if (m_error || isAbsent(key))
        return std::nullopt;
    return string(key);
}

QString FieldReader::stringOrEmpty(QLatin1StringView key)
{
    return optionalString(key).value_or(QString());
}

bool FieldReader::boolean(QLatin1StringView key, bool defaultValue)
{
    if (m_error || isAbsent(key))
        return defaultValue;
    const QJsonValue value = m_object.value(key);
    if (!value.isBool()) {
        fail(CodecError::Code::InvalidField, key,
             QStringLiteral("must be a boolean") + gotSuffix(value));
        return defaultValue;
    }
    return value.toBool();
}

qint64 FieldReader::integer(QLatin1StringView key)
{
    const std::optional<QJsonValue> value = required(key);
    if (!value)
        return 0;
    // toInteger() yields the default for a non-integral or out-of-range number, so two
    // different defaults tell "is an integer" apart from "is not".
    const qint64 a = value->toInteger(0);
    const qint64 b = value->toInteger(1);
    if (!value->isDouble() || a != b) {
        fail(CodecError::Code::InvalidField, key,
             QStringLiteral("must be an integer") + gotSuffix(*value));
        return 0;
    }
    return a;
}

std::optional<int> FieldReader::optionalInt(QLatin1StringView key)
{
    if (m_error || isAbsent(key))
        return std::nullopt;
    const qint64 value = integer(key);
    if (m_error)
        return std::nullopt;
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        fail(CodecError::Code::InvalidField, key, QStringLiteral("must be a 32-bit integer"));
        return std::nullopt;
    }
    return static_cast<int>(value);
}

QJsonObject FieldReader::object(QLatin1StringView key, bool isRequired)
{
    if (m_error)
        return {};
    if (isAbsent(key)) {
        if (isRequired)
            fail(CodecError::Code::MissingField, key, QStringLiteral("is required"));
        return {};
    }
    const QJsonValue value = m_object.value(key);
    if (!value.isObject()) {
        fail(CodecError::Code::InvalidField, key,
             QStringLiteral("must be an object") + gotSuffix(value));
        return {};
    }
    return value.toObject();
}

ProviderSpec FieldReader::provider(QLatin1StringView key)
{
    const QJsonObject json = object(key, true);
    if (m_error)
        return {};
    FieldReader nested(json, path(key));
    ProviderSpec spec;
    spec.kind = nested.string(QLatin1StringView("kind"), Content::NonEmpty);
    const auto templateKey = QLatin1StringView("commandTemplate");
    if (!nested.error() && !nested.isAbsent(templateKey)) {
        const QJsonValue value = json.value(templateKey);
        if (!value.isArray()) {
            nested.fail(CodecError::Code::InvalidField, templateKey,
                        QStringLiteral("must be an array of strings") + gotSuffix(value));
        } else {
            const QJsonArray array = value.toArray();
            spec.commandTemplate.reserve(array.size());
            for (qsizetype i = 0; i < array.size() && !nested.error(); ++i) {
                const QJsonValue arg = array.at(i);
                if (!arg.isString()) {
                    const QString field = nested.path(templateKey) + QStringLiteral("[%1]").arg(i);
                    nested.m_error
                        = CodecError {CodecError::Code::InvalidField, field,
                                      field + QStringLiteral(" must be a string") + gotSuffix(arg)};
                    break;
                }
                spec.commandTemplate.append(arg.toString());
            }
        }
    }
    if (nested.error()) {
        m_error = nested.error();
        return {};
    }
    return spec;
}

std::optional<ProviderSpec> FieldReader::optionalProvider(QLatin1StringView key)
{
    if (m_error || isAbsent(key))
        return std::nullopt;
    return provider(key);
}

std::optional<ProviderChange> FieldReader::providerChange(QLatin1StringView key)
{
    if (m_error || m_object.value(key).isUndefined())
        return std::nullopt;
    if (m_object.value(key).isNull())
        return ProviderCleared {};
    const ProviderSpec spec = provider(key);
    if (m_error)
        return std::nullopt;
    return spec;
}

QDateTime FieldReader::timestamp(QLatin1StringView key)
{
    const std::optional<QJsonValue> value = required(key);
    if (!value || value->isNull())
        return {};
    QDateTime at = QDateTime::fromString(value->toString(), Qt::ISODateWithMs);
    if (!value->isString() || !at.isValid()) {
        fail(CodecError::Code::InvalidField, key,
             QStringLiteral("must be an ISO 8601 timestamp such as 2026-11-23T09:45:00.123Z")
                 + (value->isString() ? QString() : gotSuffix(*value)));
        return {};
    }
    return at.toUTC();
}

QString toWord(ActivityTone tone)
{
    return wordOf(kTones, tone);
}
QString toWord(TurnOutcome outcome)
{
    return wordOf(kOutcomes, outcome);
}
QString toWord(MessageRole role)
{
    return wordOf(kRoles, role);
}
QString toWord(ThreadStatus status)
{
    return wordOf(kStatuses, status);
}
QString toWord(TurnState state)
{
    return wordOf(kTurnStates, state);
}

std::optional<ActivityTone> activityToneFromWord(const QString &word)
{
    return valueOf(kTones, word);
}
std::optional<TurnOutcome> turnOutcomeFromWord(const QString &word)
{
    return valueOf(kOutcomes, word);
}
std::optional<MessageRole> messageRoleFromWord(const QString &word)
{
    return valueOf(kRoles, word);
}
std::optional<ThreadStatus> threadStatusFromWord(const QString &word)
{
    return valueOf(kStatuses, word);
}
std::optional<TurnState> turnStateFromWord(const QString &word)
{
    return valueOf(kTurnStates, word);
}

QJsonObject providerToJson(const ProviderSpec &provider)
{
    return QJsonObject {
        {QStringLiteral("kind"), provider.kind},
        {QStringLiteral("commandTemplate"), QJsonArray::fromStringList(provider.commandTemplate)},
    };
}

QJsonValue providerChangeToJson(const ProviderChange &change)
{
    if (const auto *spec = std::get_if<ProviderSpec>(&change))
        return providerToJson(*spec);
    return QJsonValue::Null;
}

QJsonValue timestampToJson(const QDateTime &at)
{
    if (!at.isValid())
        return QJsonValue::Null;
    return at.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace backend::json

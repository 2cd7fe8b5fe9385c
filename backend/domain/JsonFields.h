#pragma once

#include "backend/domain/CodecError.h"
#include "backend/domain/Commands.h"
#include "backend/domain/Events.h"
#include "backend/domain/Ids.h"
#include "backend/domain/Provider.h"
#include "backend/domain/ReadModel.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <type_traits>

// Private to the codecs of backend/domain: typed readers of JSON fields and the wire words of
// the domain's enums. Not part of the domain's public contract.
namespace backend::json {

/// Reads typed fields out of one JSON object. The first failure is kept (later reads return
/// defaults and change nothing), so a decoder reads every field in wire order and checks
/// `error()` once at the end; the error names the field by its dotted path ("provider.kind",
/// "provider.commandTemplate[2]").
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object, QString prefix = {});

    /// A required id: a non-empty string of at most kMaxIdLength characters.
    template<typename IdType> IdType id(QLatin1StringView key) { return IdType(idString(key)); }
    /// An optional id: absent or null is std::nullopt, otherwise as id().
    template<typename IdType> std::optional<IdType> optionalId(QLatin1StringView key)
    {
        if (m_error || isAbsent(key))
            return std::nullopt;
        return IdType(idString(key));
    }

    /// A required string; `nonEmpty` refuses "" (untrimmed), `nonBlank` refuses whitespace too.
    enum class Content { Any, NonEmpty, NonBlank };
    QString string(QLatin1StringView key, Content content = Content::Any);
    /// An optional string: absent or null is std::nullopt.
    std::optional<QString> optionalString(QLatin1StringView key);
    /// A string that may be absent or null (then empty); used for envelope fields.
    QString stringOrEmpty(QLatin1StringView key);

    bool boolean(QLatin1StringView key, bool defaultValue);
    qint64 integer(QLatin1StringView key);
    std::optional<int> optionalInt(QLatin1StringView key);
    /// An object; absent or null is an empty object, or MissingField when `required`.
    QJsonObject object(QLatin1StringView key, bool required = false);

    ProviderSpec provider(QLatin1StringView key);
    std::optional<ProviderSpec> optionalProvider(QLatin1StringView key);
    /// An update's provider: absent is std::nullopt (unchanged), null a removal, an object the
    /// new provider (read as provider()).
    std::optional<ProviderChange> providerChange(QLatin1StringView key);

    /// A required enum given by its wire word; Parse maps a word to the value or std::nullopt.
    template<typename E, typename Parse>
    E enumeration(QLatin1StringView key, Parse parse, const char *expected,
                  std::optional<E> defaultValue = std::nullopt)
    {
        if (defaultValue && isAbsent(key))
            return *defaultValue;
        const QString word = string(key);
        if (m_error)
            return E {};
        if (const std::optional<E> value = parse(word))
            return *value;
        fail(CodecError::Code::InvalidField, key,
             QStringLiteral("must be one of %1").arg(QLatin1String(expected)));
        return E {};
    }

    /// A timestamp as ISO 8601 with milliseconds; null is an invalid (unset) QDateTime.
    QDateTime timestamp(QLatin1StringView key);

    /// The raw value of a key (undefined when absent), for readers of composite fields.
    [[nodiscard]] QJsonValue value(QLatin1StringView key) const { return m_object.value(key); }
    /// Records an error found by a nested reader, unless one is already recorded.
    void adopt(const CodecError &error)
    {
        if (!m_error)
            m_error = error;
    }

    [[nodiscard]] bool isAbsent(QLatin1StringView key) const;
    [[nodiscard]] QString path(QLatin1StringView key) const;
    void fail(CodecError::Code code, QLatin1StringView key, const QString &what);

    [[nodiscard]] const std::optional<CodecError> &error() const { return m_error; }

private:
    QString idString(QLatin1StringView key);
    /// The value of a present key, or std::nullopt after recording MissingField.
    std::optional<QJsonValue> required(QLatin1StringView key);

    const QJsonObject &m_object;
    QString m_prefix;
    std::optional<CodecError> m_error;
};

inline constexpr qsizetype kMaxIdLength = 200;

// The wire words of the domain's enums.
QString toWord(ActivityTone tone);
QString toWord(TurnOutcome outcome);
QString toWord(MessageRole role);
QString toWord(ThreadStatus status);
QString toWord(TurnState state);
std::optional<ActivityTone> activityToneFromWord(const QString &word);
std::optional<TurnOutcome> turnOutcomeFromWord(const QString &word);
std::optional<MessageRole> messageRoleFromWord(const QString &word);
std::optional<ThreadStatus> threadStatusFromWord(const QString &word);
std::optional<TurnState> turnStateFromWord(const QString &word);

QJsonObject providerToJson(const ProviderSpec &provider);
/// A removal is null, a new provider its object.
QJsonValue providerChangeToJson(const ProviderChange &change);

/// Inserts `value` under `key` unless it is std::nullopt (absent optionals are absent keys).
template<typename Object, typename T>
void insertOptional(Object &object, QLatin1StringView key, const std::optional<T> &value)
{
    if (!value)
        return;
    if constexpr (std::is_same_v<T, ProviderSpec>)
        object.insert(key, providerToJson(*value));
    else if constexpr (std::is_same_v<T, ProviderChange>)
        object.insert(key, providerChangeToJson(*value));
    else if constexpr (requires { value->value; })
        object.insert(key, value->value); // a typed Id
    else
        object.insert(key, *value);
}

/// ISO 8601 UTC with milliseconds ("2026-11-23T09:45:00.123Z"); null for an invalid datetime.
QJsonValue timestampToJson(const QDateTime &at);

} // namespace backend::json

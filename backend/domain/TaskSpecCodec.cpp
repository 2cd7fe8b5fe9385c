#include "backend/domain/WorkflowCodec.h"

#include "backend/domain/JsonFields.h"
#include "backend/domain/WorkflowCodecFields.h"
#include "backend/domain/WorkflowWords.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

namespace backend {

namespace {

using json::FieldReader;

QLatin1StringView k(const char *key)
{
    return QLatin1StringView(key);
}

void failAt(FieldReader &r, const QString &field, const QString &what)
{
    r.adopt(CodecError {CodecError::Code::InvalidField, field, field + QLatin1Char(' ') + what});
}

std::optional<Backoff> decodeBackoff(FieldReader &parent, QLatin1StringView key)
{
    const QJsonObject json = parent.object(key, true);
    if (parent.error())
        return std::nullopt;
    FieldReader r(json, parent.path(key));
    Backoff b;
    b.kind = r.enumeration<Backoff::Kind>(k("type"), backoffKindFromWord, "fixed or exponential");
    if (!r.error()) {
        if (b.kind == Backoff::Kind::Fixed) {
            b.delayMs = r.integer(k("delayMs"));
        } else {
            b.baseMs = r.integer(k("baseMs"));
            b.maxMs = r.integer(k("maxMs"));
            b.jitter = json::number(r, k("jitter"), 0.0);
        }
    }
    if (r.error()) {
        parent.adopt(*r.error());
        return std::nullopt;
    }
    return b;
}

std::optional<RetryPolicy> decodeRetry(FieldReader &parent, QLatin1StringView key)
{
    if (parent.error() || parent.isAbsent(key))
        return std::nullopt;
    const QJsonObject json = parent.object(key);
    if (parent.error())
        return std::nullopt;
    FieldReader r(json, parent.path(key));
    RetryPolicy policy;
    const qint64 attempts = r.integer(k("maxAttempts"));
    if (!r.error()
        && (attempts < std::numeric_limits<int>::min()
            || attempts > std::numeric_limits<int>::max()))
        r.fail(CodecError::Code::InvalidField, k("maxAttempts"),
               QStringLiteral("must be a 32-bit integer"));
    policy.maxAttempts = int(attempts);
    if (auto backoff = decodeBackoff(r, k("backoff")))
        policy.backoff = *backoff;
    if (r.error()) {
        parent.adopt(*r.error());
        return std::nullopt;
    }
    return policy;
}

} // namespace

namespace json {

double number(FieldReader &r, QLatin1StringView key, double defaultValue)
{
    if (r.error() || r.isAbsent(key))
        return defaultValue;
    const QJsonValue value = r.value(key);
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        r.fail(CodecError::Code::InvalidField, key, QStringLiteral("must be a number"));
        return defaultValue;
    }
    return value.toDouble();
}

QStringList stringList(FieldReader &r, QLatin1StringView key)
{
    if (r.error() || r.isAbsent(key))
        return {};
    const QJsonValue value = r.value(key);
    if (!value.isArray()) {
        r.fail(CodecError::Code::InvalidField, key, QStringLiteral("must be an array of strings"));
        return {};
    }
    const QJsonArray array = value.toArray();
    QStringList list;
    list.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            failAt(r, r.path(key) + QStringLiteral("[%1]").arg(i),
                   QStringLiteral("must be a string"));
            return {};
        }
        list.append(array.at(i).toString());
    }
    return list;
}

std::optional<QDateTime> optionalTimestamp(FieldReader &r, QLatin1StringView key)
{
    if (r.error() || r.isAbsent(key))
        return std::nullopt;
    const QDateTime at = r.timestamp(key);
    if (r.error())
        return std::nullopt;
    return at;
}

QDateTime requiredTimestamp(FieldReader &r, QLatin1StringView key)
{
    if (!r.error() && !r.isAbsent(key))
        return r.timestamp(key);
    if (!r.error())
        r.fail(r.value(key).isNull() ? CodecError::Code::InvalidField
                                     : CodecError::Code::MissingField,
               key, QStringLiteral("is required (an ISO 8601 timestamp)"));
    return {};
}

} // namespace json

std::expected<TaskSpec, CodecError> decodeTaskSpec(const QJsonObject &json, const QString &prefix)
{
    FieldReader r(json, prefix);
    TaskSpec s;
    s.title = r.optionalString(k("title")).value_or(QString());
    s.command = json::stringList(r, k("command"));
    s.shell = r.optionalString(k("shell"));
    s.cwd = r.optionalString(k("cwd"));
    const QJsonObject env = r.object(k("env"));
    for (auto it = env.constBegin(); it != env.constEnd() && !r.error(); ++it) {
        if (!it.value().isString()) {
            failAt(r, r.path(k("env")) + QLatin1Char('.') + it.key(),
                   QStringLiteral("must be a string"));
            break;
        }
        s.env.insert(it.key(), it.value().toString());
    }
    s.priority = r.optionalInt(k("priority")).value_or(0);
    s.concurrencyKey = r.optionalString(k("concurrencyKey"));
    s.retry = decodeRetry(r, k("retry"));
    if (!r.error() && !r.isAbsent(k("timeoutMs")))
        s.timeoutMs = r.integer(k("timeoutMs"));
    s.notBefore = json::optionalTimestamp(r, k("notBefore"));
    s.cron = r.optionalString(k("cron"));
    s.parentTaskId = r.optionalId<TaskId>(k("parentTaskId"));
    s.labels = json::stringList(r, k("labels"));
    s.weight = json::number(r, k("weight"), 1.0);
    if (r.error())
        return std::unexpected(*r.error());
    return s;
}

QJsonObject encodeTaskSpec(const TaskSpec &s)
{
    QJsonObject o;
    o.insert(k("title"), s.title);
    if (!s.command.isEmpty())
        o.insert(k("command"), QJsonArray::fromStringList(s.command));
    json::insertOptional(o, k("shell"), s.shell);
    json::insertOptional(o, k("cwd"), s.cwd);
    if (!s.env.isEmpty()) {
        QJsonObject env;
        for (auto it = s.env.cbegin(); it != s.env.cend(); ++it)
            env.insert(it.key(), it.value());
        o.insert(k("env"), env);
    }
    o.insert(k("priority"), s.priority);
    json::insertOptional(o, k("concurrencyKey"), s.concurrencyKey);
    if (s.retry) {
        const Backoff &b = s.retry->backoff;
        QJsonObject backoff {{k("type"), toWord(b.kind)}};
        if (b.kind == Backoff::Kind::Fixed) {
            backoff.insert(k("delayMs"), b.delayMs);
        } else {
            backoff.insert(k("baseMs"), b.baseMs);
            backoff.insert(k("maxMs"), b.maxMs);
            backoff.insert(k("jitter"), b.jitter);
        }
        o.insert(k("retry"),
                 QJsonObject {{k("maxAttempts"), s.retry->maxAttempts}, {k("backoff"), backoff}});
    }
    if (s.timeoutMs)
        o.insert(k("timeoutMs"), *s.timeoutMs);
    if (s.notBefore)
        o.insert(k("notBefore"), json::timestampToJson(*s.notBefore));
    json::insertOptional(o, k("cron"), s.cron);
    json::insertOptional(o, k("parentTaskId"), s.parentTaskId);
    if (!s.labels.isEmpty())
        o.insert(k("labels"), QJsonArray::fromStringList(s.labels));
    o.insert(k("weight"), s.weight);
    return o;
}

} // namespace backend

#include "backend/domain/EventCodec.h"

#include "backend/domain/FlatJson.h"
#include "backend/domain/JsonFields.h"
#include "backend/domain/JsonObjectWriter.h"
#include "backend/domain/TurnDiffCodec.h"
#include "backend/domain/WorkflowCodecFields.h"

#include <QHash>
#include <QJsonDocument>

#include <utility>

namespace backend {

namespace {

using json::FieldReader;

QLatin1StringView k(const char *key)
{
    return QLatin1StringView(key);
}

// decodeFields/encodeFields: one pair per event, fields in wire order. Stored payloads were
// written by encodeEventPayload, so decoding checks shape, not content.

void decodeFields(FieldReader &r, ProjectCreated &e)
{
    e.projectId = r.id<ProjectId>(k("projectId"));
    e.title = r.string(k("title"));
    e.workspaceRoot = r.string(k("workspaceRoot"));
    e.defaultProvider = r.optionalProvider(k("defaultProvider"));
}
void encodeFields(json::ObjectWriter &o, const ProjectCreated &e)
{
    o.insert(k("projectId"), e.projectId.value);
    o.insert(k("title"), e.title);
    o.insert(k("workspaceRoot"), e.workspaceRoot);
    json::insertOptional(o, k("defaultProvider"), e.defaultProvider);
}

void decodeFields(FieldReader &r, ProjectMetaUpdated &e)
{
    e.projectId = r.id<ProjectId>(k("projectId"));
    e.title = r.optionalString(k("title"));
    e.workspaceRoot = r.optionalString(k("workspaceRoot"));
    e.defaultProvider = r.providerChange(k("defaultProvider"));
}
void encodeFields(json::ObjectWriter &o, const ProjectMetaUpdated &e)
{
    o.insert(k("projectId"), e.projectId.value);
    json::insertOptional(o, k("title"), e.title);
    json::insertOptional(o, k("workspaceRoot"), e.workspaceRoot);
    json::insertOptional(o, k("defaultProvider"), e.defaultProvider);
}

void decodeFields(FieldReader &r, ProjectDeleted &e)
{
    e.projectId = r.id<ProjectId>(k("projectId"));
}
void encodeFields(json::ObjectWriter &o, const ProjectDeleted &e)
{
    o.insert(k("projectId"), e.projectId.value);
}

void decodeFields(FieldReader &r, ThreadCreated &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.projectId = r.id<ProjectId>(k("projectId"));
    e.title = r.string(k("title"));
    e.provider = r.optionalProvider(k("provider"));
    e.branch = r.optionalString(k("branch"));
    e.worktreePath = r.optionalString(k("worktreePath"));
}
void encodeFields(json::ObjectWriter &o, const ThreadCreated &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("projectId"), e.projectId.value);
    o.insert(k("title"), e.title);
    json::insertOptional(o, k("provider"), e.provider);
    json::insertOptional(o, k("branch"), e.branch);
    json::insertOptional(o, k("worktreePath"), e.worktreePath);
}

void decodeFields(FieldReader &r, ThreadMetaUpdated &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.title = r.optionalString(k("title"));
    e.provider = r.providerChange(k("provider"));
    e.branch = r.optionalString(k("branch"));
    e.worktreePath = r.optionalString(k("worktreePath"));
}
void encodeFields(json::ObjectWriter &o, const ThreadMetaUpdated &e)
{
    o.insert(k("threadId"), e.threadId.value);
    json::insertOptional(o, k("title"), e.title);
    json::insertOptional(o, k("provider"), e.provider);
    json::insertOptional(o, k("branch"), e.branch);
    json::insertOptional(o, k("worktreePath"), e.worktreePath);
}

template<typename E>
requires std::is_same_v<E, ThreadArchived> || std::is_same_v<E, ThreadUnarchived>
void decodeFields(FieldReader &r, E &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
}
template<typename E>
requires std::is_same_v<E, ThreadArchived> || std::is_same_v<E, ThreadUnarchived>
void encodeFields(json::ObjectWriter &o, const E &e)
{
    o.insert(k("threadId"), e.threadId.value);
}

void decodeFields(FieldReader &r, ThreadDeleted &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.projectId = r.id<ProjectId>(k("projectId"));
}
void encodeFields(json::ObjectWriter &o, const ThreadDeleted &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("projectId"), e.projectId.value);
}

void decodeFields(FieldReader &r, ThreadMessageSent &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.messageId = r.id<MessageId>(k("messageId"));
    e.role = r.enumeration<MessageRole>(k("role"), json::messageRoleFromWord,
                                        "user, assistant or system");
    e.text = r.string(k("text"));
    e.turnId = r.optionalId<TurnId>(k("turnId"));
    e.streaming = r.boolean(k("streaming"), false);
}
void encodeFields(json::ObjectWriter &o, const ThreadMessageSent &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("messageId"), e.messageId.value);
    o.insert(k("role"), json::toWord(e.role));
    o.insert(k("text"), e.text);
    json::insertOptional(o, k("turnId"), e.turnId);
    o.insert(k("streaming"), e.streaming);
}

void decodeFields(FieldReader &r, ThreadTurnStarted &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.turnId = r.id<TurnId>(k("turnId"));
    e.userMessageId = r.id<MessageId>(k("userMessageId"));
}
void encodeFields(json::ObjectWriter &o, const ThreadTurnStarted &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("turnId"), e.turnId.value);
    o.insert(k("userMessageId"), e.userMessageId.value);
}

void decodeFields(FieldReader &r, ThreadStatusChanged &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.status = r.enumeration<ThreadStatus>(
        k("status"), json::threadStatusFromWord,
        "idle, starting, running, ready, interrupted, stopped or error");
}
void encodeFields(json::ObjectWriter &o, const ThreadStatusChanged &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("status"), json::toWord(e.status));
}

void decodeFields(FieldReader &r, ThreadTurnInterruptRequested &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.turnId = r.id<TurnId>(k("turnId"));
}
void encodeFields(json::ObjectWriter &o, const ThreadTurnInterruptRequested &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("turnId"), e.turnId.value);
}

void decodeFields(FieldReader &r, ThreadActivityAppended &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.turnId = r.id<TurnId>(k("turnId"));
    e.activityId = r.id<ActivityId>(k("activityId"));
    e.tone = r.enumeration<ActivityTone>(k("tone"), json::activityToneFromWord,
                                         "info, tool, approval or error");
    e.kind = r.string(k("kind"));
    e.summary = r.string(k("summary"));
    e.payload = r.object(k("payload"));
}
void encodeFields(json::ObjectWriter &o, const ThreadActivityAppended &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("turnId"), e.turnId.value);
    o.insert(k("activityId"), e.activityId.value);
    o.insert(k("tone"), json::toWord(e.tone));
    o.insert(k("kind"), e.kind);
    o.insert(k("summary"), e.summary);
    o.insert(k("payload"), e.payload);
}

void decodeFields(FieldReader &r, ThreadTurnCompleted &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.turnId = r.id<TurnId>(k("turnId"));
    e.outcome = r.enumeration<TurnOutcome>(k("outcome"), json::turnOutcomeFromWord,
                                           "completed, error or interrupted");
    e.exitCode = r.optionalInt(k("exitCode"));
    e.error = r.optionalString(k("error"));
}
void encodeFields(json::ObjectWriter &o, const ThreadTurnCompleted &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("turnId"), e.turnId.value);
    o.insert(k("outcome"), json::toWord(e.outcome));
    json::insertOptional(o, k("exitCode"), e.exitCode);
    json::insertOptional(o, k("error"), e.error);
}

void decodeFields(FieldReader &r, ThreadTurnDiffCompleted &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.turnId = r.id<TurnId>(k("turnId"));
    e.checkpointTurnCount = int(r.integer(k("checkpointTurnCount")));
    e.checkpointRef = r.string(k("checkpointRef"));
    e.files = json::readTurnDiffFiles(r, k("files"));
}
void encodeFields(json::ObjectWriter &o, const ThreadTurnDiffCompleted &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("turnId"), e.turnId.value);
    o.insert(k("checkpointTurnCount"), e.checkpointTurnCount);
    o.insert(k("checkpointRef"), e.checkpointRef);
    o.insert(k("files"), json::turnDiffFilesToJson(e.files));
}

void decodeFields(FieldReader &r, ThreadReverted &e)
{
    e.threadId = r.id<ThreadId>(k("threadId"));
    e.turnCount = int(r.integer(k("turnCount")));
    e.removedTurnIds = json::readTurnIds(r, k("removedTurnIds"));
}
void encodeFields(json::ObjectWriter &o, const ThreadReverted &e)
{
    o.insert(k("threadId"), e.threadId.value);
    o.insert(k("turnCount"), e.turnCount);
    o.insert(k("removedTurnIds"), json::turnIdsToJson(e.removedTurnIds));
}

using Decoder = std::expected<std::optional<Event>, CodecError> (*)(const QJsonObject &);

template<typename E>
std::expected<std::optional<Event>, CodecError> decodeAs(const QJsonObject &payload)
{
    FieldReader reader(payload);
    E event;
    decodeFields(reader, event);
    if (reader.error())
        return std::unexpected(*reader.error());
    return std::optional<Event>(std::move(event));
}

// One decoder per alternative of Event, so a new event without a decoder fails to build.
template<std::size_t... I> QHash<QString, Decoder> makeDecoders(std::index_sequence<I...>)
{
    return QHash<QString, Decoder> {
        {QString::fromLatin1(std::variant_alternative_t<I, Event>::kType),
         &decodeAs<std::variant_alternative_t<I, Event>>}...};
}

const QHash<QString, Decoder> &decoders()
{
    static const QHash<QString, Decoder> table
        = makeDecoders(std::make_index_sequence<std::variant_size_v<Event>>());
    return table;
}

QJsonValue stringOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QByteArray encodeEventPayloadJson(const Event &event)
{
    return std::visit(
        [](const auto &e) {
            json::ObjectWriter o;
            encodeFields(o, e);
            return o.take();
        },
        event);
}

QJsonObject encodeEventPayload(const Event &event)
{
    // One encoder: the object is read back from the text (a cold path: tests and tools).
    return QJsonDocument::fromJson(encodeEventPayloadJson(event)).object();
}

std::expected<std::optional<Event>, CodecError> decodeEvent(const QString &type,
                                                            const QJsonObject &payload)
{
    const auto decoder = decoders().constFind(type);
    if (decoder == decoders().cend())
        return std::optional<Event>(); // a newer Weft's event: skipped, not an error
    return (*decoder)(payload);
}

namespace {
namespace fold {

// Replay's fast path for the events that make up most of a history (a message event per
// streamed delta, a status change and a start per turn): the few fields a fold reads, straight
// from the payload's text. Each returns std::nullopt whenever it is not certain to agree with
// the full decoder, which then decides (and reports any error) as before.

using json::flat::Field;

std::optional<QString> id(const Field &f)
{
    if (f.kind != Field::String)
        return std::nullopt;
    QString s = json::flat::text(f);
    if (s.isEmpty() || s.size() > json::kMaxIdLength)
        return std::nullopt;
    return s;
}

template<typename IdType> bool readId(const Field &f, IdType &out)
{
    auto s = id(f);
    if (s)
        out = IdType(std::move(*s));
    return s.has_value();
}

template<typename IdType> bool readOptionalId(const Field &f, std::optional<IdType> &out)
{
    if (f.isAbsentOrNull()) {
        out.reset();
        return true;
    }
    IdType value;
    if (!readId(f, value))
        return false;
    out = std::move(value);
    return true;
}

template<typename E, typename Parse> bool readWord(const Field &f, Parse parse, E &out)
{
    if (f.kind != Field::String || f.escaped)
        return false;
    const std::optional<E> value = parse(QString::fromLatin1(f.raw));
    if (value)
        out = *value;
    return value.has_value();
}

/// With `withText` false the text is checked but not copied: folds count messages, bodies live
/// in the store.
std::optional<Event> messageSent(QByteArrayView json, bool withText)
{
    static const std::array<QLatin1StringView, 6> keys {
        k("threadId"), k("messageId"), k("role"), k("text"), k("turnId"), k("streaming")};
    std::array<Field, 6> f;
    if (!json::flat::scan(json, keys, f))
        return std::nullopt;
    ThreadMessageSent e;
    const bool ok = readId(f[0], e.threadId) && readId(f[1], e.messageId)
        && readWord(f[2], json::messageRoleFromWord, e.role) && f[3].kind == Field::String
        && readOptionalId(f[4], e.turnId)
        && (f[5].isAbsentOrNull() || f[5].kind == Field::True || f[5].kind == Field::False);
    if (!ok)
        return std::nullopt;
    e.streaming = f[5].kind == Field::True;
    if (withText) {
        e.text = f[3].escaped ? json::flat::text(f[3]) : QString::fromUtf8(f[3].raw);
        if (e.text.isNull() && f[3].escaped)
            return std::nullopt; // a \u escape
    }
    return Event(std::move(e));
}

std::optional<Event> turnStarted(QByteArrayView json)
{
    static const std::array<QLatin1StringView, 3> keys {k("threadId"), k("turnId"),
                                                        k("userMessageId")};
    std::array<Field, 3> f;
    ThreadTurnStarted e;
    if (!json::flat::scan(json, keys, f) || !readId(f[0], e.threadId) || !readId(f[1], e.turnId)
        || !readId(f[2], e.userMessageId))
        return std::nullopt;
    return Event(std::move(e));
}

std::optional<Event> statusChanged(QByteArrayView json)
{
    static const std::array<QLatin1StringView, 2> keys {k("threadId"), k("status")};
    std::array<Field, 2> f;
    ThreadStatusChanged e;
    if (!json::flat::scan(json, keys, f) || !readId(f[0], e.threadId)
        || !readWord(f[1], json::threadStatusFromWord, e.status))
        return std::nullopt;
    return Event(std::move(e));
}

std::optional<Event> fast(const QString &type, QByteArrayView json)
{
    if (type == QLatin1StringView(ThreadMessageSent::kType))
        return messageSent(json, false);
    if (type == QLatin1StringView(ThreadStatusChanged::kType))
        return statusChanged(json);
    if (type == QLatin1StringView(ThreadTurnStarted::kType))
        return turnStarted(json);
    return std::nullopt;
}

} // namespace fold
} // namespace

std::expected<std::optional<Event>, CodecError> decodeEventJson(const QString &type,
                                                                QByteArrayView json)
{
    // The most frequent event (a message per streamed delta) is read without a QJsonDocument.
    if (type == QLatin1StringView(ThreadMessageSent::kType)) {
        if (std::optional<Event> event = fold::messageSent(json, true))
            return event;
    }
    const auto decoder = decoders().constFind(type);
    if (decoder == decoders().cend())
        return std::optional<Event>();
    QJsonParseError parseError;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return std::unexpected(CodecError {CodecError::Code::Malformed, QString(),
                                           QStringLiteral("The payload is not a JSON object.")});
    }
    return (*decoder)(document.object());
}

std::expected<std::optional<Event>, CodecError> decodeEvent(const QString &type,
                                                            const EventPayload &payload)
{
    if (payload.isText())
        return decodeEventJson(type, payload.json());
    return decodeEvent(type, payload.object());
}

std::expected<std::optional<Event>, CodecError> decodeEventForFold(const QString &type,
                                                                   QByteArrayView json)
{
    if (std::optional<Event> event = fold::fast(type, json))
        return event;
    return decodeEventJson(type, json);
}

QJsonObject storedEventToJson(const StoredEvent &event)
{
    return QJsonObject {
        {k("sequence"), event.sequence},
        {k("eventId"), event.eventId},
        {k("type"), event.type},
        {k("aggregateKind"), event.aggregateKind},
        {k("aggregateId"), event.aggregateId},
        {k("streamVersion"), event.streamVersion},
        {k("commandId"), event.commandId},
        {k("causationEventId"), stringOrNull(event.causationEventId)},
        {k("correlationId"), stringOrNull(event.correlationId)},
        {k("occurredAt"), json::timestampToJson(event.occurredAt)},
        {k("payload"), event.payload.object()},
    };
}

std::expected<StoredEvent, CodecError> storedEventFromJson(const QJsonObject &json)
{
    FieldReader r(json);
    StoredEvent e;
    e.sequence = r.integer(k("sequence"));
    e.eventId = r.string(k("eventId"), FieldReader::Content::NonEmpty);
    e.type = r.string(k("type"), FieldReader::Content::NonEmpty);
    e.aggregateKind = r.string(k("aggregateKind"));
    e.aggregateId = r.string(k("aggregateId"));
    e.streamVersion = r.integer(k("streamVersion"));
    e.commandId = r.stringOrEmpty(k("commandId"));
    e.causationEventId = r.stringOrEmpty(k("causationEventId"));
    e.correlationId = r.stringOrEmpty(k("correlationId"));
    e.occurredAt = r.timestamp(k("occurredAt"));
    e.payload = r.object(k("payload"), true);
    if (r.error())
        return std::unexpected(*r.error());
    return e;
}

} // namespace backend

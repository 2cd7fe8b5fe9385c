#include "backend/domain/CommandCodec.h"

#include "backend/domain/JsonFields.h"
#include "backend/domain/TurnDiffCodec.h"
#include "backend/domain/WorkflowCodecFields.h"

#include <QHash>

#include <utility>

// Wire rules beyond the header's contract:
// - ids are non-empty strings of at most 200 characters;
// - an optional field that is absent or null is std::nullopt, except the provider of an update
//   (`defaultProvider` of project.meta.update, `provider` of thread.meta.update), where null
//   removes it; `force` defaults to false, `payload` to {} and `tone` to "info"; `outcome` is
//   required;
// - project.create needs a non-empty title and workspaceRoot, thread.turn.start a text that is
//   not blank; other strings are checked for their type only (the decider judges content);
// - a "schemaVersion" field, when present, must be 1; encodeCommand does not write it.

namespace backend {

namespace {

using json::FieldReader;
using Content = FieldReader::Content;

constexpr int kCommandSchemaVersion = 1;

QLatin1StringView k(const char *key)
{
    return QLatin1StringView(key);
}

// decodeFields/encodeFields: one pair per command, fields in wire order.

void decodeFields(FieldReader &r, ProjectCreate &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.projectId = r.id<ProjectId>(k("projectId"));
    c.title = r.string(k("title"), Content::NonEmpty);
    c.workspaceRoot = r.string(k("workspaceRoot"), Content::NonEmpty);
    c.defaultProvider = r.optionalProvider(k("defaultProvider"));
}
void encodeFields(QJsonObject &o, const ProjectCreate &c)
{
    o.insert(k("projectId"), c.projectId.value);
    o.insert(k("title"), c.title);
    o.insert(k("workspaceRoot"), c.workspaceRoot);
    json::insertOptional(o, k("defaultProvider"), c.defaultProvider);
}

void decodeFields(FieldReader &r, ProjectMetaUpdate &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.projectId = r.id<ProjectId>(k("projectId"));
    c.title = r.optionalString(k("title"));
    c.workspaceRoot = r.optionalString(k("workspaceRoot"));
    c.defaultProvider = r.providerChange(k("defaultProvider"));
}
void encodeFields(QJsonObject &o, const ProjectMetaUpdate &c)
{
    o.insert(k("projectId"), c.projectId.value);
    json::insertOptional(o, k("title"), c.title);
    json::insertOptional(o, k("workspaceRoot"), c.workspaceRoot);
    json::insertOptional(o, k("defaultProvider"), c.defaultProvider);
}

void decodeFields(FieldReader &r, ProjectDelete &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.projectId = r.id<ProjectId>(k("projectId"));
    c.force = r.boolean(k("force"), false);
}
void encodeFields(QJsonObject &o, const ProjectDelete &c)
{
    o.insert(k("projectId"), c.projectId.value);
    o.insert(k("force"), c.force);
}

void decodeFields(FieldReader &r, ThreadCreate &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.projectId = r.id<ProjectId>(k("projectId"));
    c.title = r.string(k("title"));
    c.provider = r.optionalProvider(k("provider"));
    c.branch = r.optionalString(k("branch"));
    c.worktreePath = r.optionalString(k("worktreePath"));
}
void encodeFields(QJsonObject &o, const ThreadCreate &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("projectId"), c.projectId.value);
    o.insert(k("title"), c.title);
    json::insertOptional(o, k("provider"), c.provider);
    json::insertOptional(o, k("branch"), c.branch);
    json::insertOptional(o, k("worktreePath"), c.worktreePath);
}

void decodeFields(FieldReader &r, ThreadMetaUpdate &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.title = r.optionalString(k("title"));
    c.provider = r.providerChange(k("provider"));
    c.branch = r.optionalString(k("branch"));
    c.worktreePath = r.optionalString(k("worktreePath"));
}
void encodeFields(QJsonObject &o, const ThreadMetaUpdate &c)
{
    o.insert(k("threadId"), c.threadId.value);
    json::insertOptional(o, k("title"), c.title);
    json::insertOptional(o, k("provider"), c.provider);
    json::insertOptional(o, k("branch"), c.branch);
    json::insertOptional(o, k("worktreePath"), c.worktreePath);
}

// archive, unarchive and delete of a thread carry only the thread's id.
template<typename C>
requires std::is_same_v<C, ThreadArchive> || std::is_same_v<C, ThreadUnarchive> || std::is_same_v<
    C, ThreadDelete>
void decodeFields(FieldReader &r, C &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
}
template<typename C>
requires std::is_same_v<C, ThreadArchive> || std::is_same_v<C, ThreadUnarchive> || std::is_same_v<
    C, ThreadDelete>
void encodeFields(QJsonObject &o, const C &c)
{
    o.insert(k("threadId"), c.threadId.value);
}

void decodeFields(FieldReader &r, ThreadTurnStart &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.turnId = r.id<TurnId>(k("turnId"));
    c.messageId = r.id<MessageId>(k("messageId"));
    c.text = r.string(k("text"), Content::NonBlank);
}
void encodeFields(QJsonObject &o, const ThreadTurnStart &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("turnId"), c.turnId.value);
    o.insert(k("messageId"), c.messageId.value);
    o.insert(k("text"), c.text);
}

void decodeFields(FieldReader &r, ThreadTurnInterrupt &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.turnId = r.id<TurnId>(k("turnId"));
}
void encodeFields(QJsonObject &o, const ThreadTurnInterrupt &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("turnId"), c.turnId.value);
}

void decodeFields(FieldReader &r, ThreadMessageAssistantDelta &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.messageId = r.id<MessageId>(k("messageId"));
    c.turnId = r.id<TurnId>(k("turnId"));
    c.delta = r.string(k("delta"));
}
void encodeFields(QJsonObject &o, const ThreadMessageAssistantDelta &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("messageId"), c.messageId.value);
    o.insert(k("turnId"), c.turnId.value);
    o.insert(k("delta"), c.delta);
}

void decodeFields(FieldReader &r, ThreadMessageAssistantComplete &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.messageId = r.id<MessageId>(k("messageId"));
    c.turnId = r.id<TurnId>(k("turnId"));
}
void encodeFields(QJsonObject &o, const ThreadMessageAssistantComplete &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("messageId"), c.messageId.value);
    o.insert(k("turnId"), c.turnId.value);
}

void decodeFields(FieldReader &r, ThreadMessageSystemAppend &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.messageId = r.id<MessageId>(k("messageId"));
    c.turnId = r.optionalId<TurnId>(k("turnId"));
    c.text = r.string(k("text"), Content::NonBlank);
}
void encodeFields(QJsonObject &o, const ThreadMessageSystemAppend &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("messageId"), c.messageId.value);
    if (c.turnId)
        o.insert(k("turnId"), c.turnId->value);
    o.insert(k("text"), c.text);
}

void decodeFields(FieldReader &r, ThreadActivityAppend &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.turnId = r.id<TurnId>(k("turnId"));
    c.tone = r.enumeration<ActivityTone>(k("tone"), json::activityToneFromWord,
                                         "info, tool, approval or error", ActivityTone::Info);
    c.kind = r.string(k("kind"));
    c.summary = r.string(k("summary"));
    c.payload = r.object(k("payload"));
}
void encodeFields(QJsonObject &o, const ThreadActivityAppend &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("turnId"), c.turnId.value);
    o.insert(k("tone"), json::toWord(c.tone));
    o.insert(k("kind"), c.kind);
    o.insert(k("summary"), c.summary);
    o.insert(k("payload"), c.payload);
}

void decodeFields(FieldReader &r, ThreadTurnComplete &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.turnId = r.id<TurnId>(k("turnId"));
    c.outcome = r.enumeration<TurnOutcome>(k("outcome"), json::turnOutcomeFromWord,
                                           "completed, error or interrupted");
    c.exitCode = r.optionalInt(k("exitCode"));
    c.error = r.optionalString(k("error"));
}
void encodeFields(QJsonObject &o, const ThreadTurnComplete &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("turnId"), c.turnId.value);
    o.insert(k("outcome"), json::toWord(c.outcome));
    json::insertOptional(o, k("exitCode"), c.exitCode);
    json::insertOptional(o, k("error"), c.error);
}

void decodeFields(FieldReader &r, ThreadTurnDiffComplete &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.turnId = r.id<TurnId>(k("turnId"));
    c.checkpointTurnCount = int(r.integer(k("checkpointTurnCount")));
    c.checkpointRef = r.string(k("checkpointRef"));
    c.files = json::readTurnDiffFiles(r, k("files"));
}
void encodeFields(QJsonObject &o, const ThreadTurnDiffComplete &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("turnId"), c.turnId.value);
    o.insert(k("checkpointTurnCount"), c.checkpointTurnCount);
    o.insert(k("checkpointRef"), c.checkpointRef);
    o.insert(k("files"), json::turnDiffFilesToJson(c.files));
}

void decodeFields(FieldReader &r, ThreadCheckpointRevert &c)
{
    c.commandId = r.id<CommandId>(k("commandId"));
    c.threadId = r.id<ThreadId>(k("threadId"));
    c.turnCount = int(r.integer(k("turnCount")));
}
void encodeFields(QJsonObject &o, const ThreadCheckpointRevert &c)
{
    o.insert(k("threadId"), c.threadId.value);
    o.insert(k("turnCount"), c.turnCount);
}

using Decoder = std::expected<Command, CodecError> (*)(const QJsonObject &);

template<typename C> std::expected<Command, CodecError> decodeAs(const QJsonObject &json)
{
    FieldReader reader(json);
    C command;
    decodeFields(reader, command);
    if (reader.error())
        return std::unexpected(*reader.error());
    return Command(std::move(command));
}

// One decoder per alternative of Command, so a new command without a decoder fails to build.
template<std::size_t... I> QHash<QString, Decoder> makeDecoders(std::index_sequence<I...>)
{
    return QHash<QString, Decoder> {
        {QString::fromLatin1(std::variant_alternative_t<I, Command>::kType),
         &decodeAs<std::variant_alternative_t<I, Command>>}...};
}

const QHash<QString, Decoder> &decoders()
{
    static const QHash<QString, Decoder> table
        = makeDecoders(std::make_index_sequence<std::variant_size_v<Command>>());
    return table;
}

} // namespace

std::expected<Command, CodecError> decodeCommand(const QJsonObject &json)
{
    FieldReader reader(json);
    if (!reader.isAbsent(k("schemaVersion"))) {
        const qint64 version = reader.integer(k("schemaVersion"));
        if (reader.error())
            return std::unexpected(*reader.error());
        if (version != kCommandSchemaVersion) {
            return std::unexpected(CodecError {
                CodecError::Code::UnsupportedVersion, QStringLiteral("schemaVersion"),
                QStringLiteral("Command schema version %1 is not supported (this Weft reads "
                               "version %2).")
                    .arg(version)
                    .arg(kCommandSchemaVersion)});
        }
    }
    const QString type = reader.string(k("type"), Content::NonEmpty);
    if (reader.error())
        return std::unexpected(*reader.error());
    const auto decoder = decoders().constFind(type);
    if (decoder == decoders().cend()) {
        return std::unexpected(
            CodecError {CodecError::Code::UnknownType, QStringLiteral("type"),
                        QStringLiteral("Unknown command type \"%1\".").arg(type)});
    }
    return (*decoder)(json);
}

QJsonObject encodeCommand(const Command &command)
{
    return std::visit(
        [](const auto &c) {
            QJsonObject o;
            o.insert(k("type"), QString::fromLatin1(c.kType));
            o.insert(k("commandId"), c.commandId.value);
            encodeFields(o, c);
            return o;
        },
        command);
}

} // namespace backend

#include "WorkflowSamples.h"
#include "backend/domain/CodecError.h"
#include "backend/domain/CommandCodec.h"
#include "backend/domain/EventCodec.h"
#include "backend/domain/FlatJson.h"
#include "backend/domain/ReadModelCodec.h"

#include <QDataStream>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace backend;

Q_DECLARE_METATYPE(backend::CodecError::Code)

namespace {

QJsonObject parse(const char *line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(line), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", qPrintable(error.errorString()));
    return doc.object();
}

template<typename T> std::optional<T> decodeLine(const char *line)
{
    const auto decoded = decodeCommand(parse(line));
    if (!decoded) {
        qWarning("decode failed: %s", qPrintable(decoded.error().message));
        return std::nullopt;
    }
    if (!std::holds_alternative<T>(*decoded)) {
        qWarning("decoded to %s", qPrintable(commandTypeOf(*decoded)));
        return std::nullopt;
    }
    return std::get<T>(*decoded);
}

/// The error of decoding a command line that must fail.
CodecError commandError(const QJsonObject &json)
{
    const auto decoded = decodeCommand(json);
    if (decoded)
        qFatal("expected a CodecError for %s", QJsonDocument(json).toJson().constData());
    return decoded.error();
}

QDateTime at(int hour, int minute, int second, int ms)
{
    return QDateTime(QDate(2026, 11, 23), QTime(hour, minute, second, ms), Qt::UTC);
}

const ProviderSpec kClaude {
    QStringLiteral("process"),
    {QStringLiteral("claude"), QStringLiteral("-p"), QStringLiteral("{message}")}};

// One of each command, with optionals both set and unset across the list.
QList<Command> sampleCommands()
{
    const CommandId cid(QStringLiteral("cmd-1"));
    const ProjectId pid(QStringLiteral("p-1"));
    const ThreadId tid(QStringLiteral("t-1"));
    const TurnId turn(QStringLiteral("turn-1"));
    const MessageId msg(QStringLiteral("m-1"));
    QJsonObject payload {{QStringLiteral("path"), QStringLiteral("src/main.cpp")},
                         {QStringLiteral("lines"), 42}};
    return {
        ProjectCreate {cid, pid, QStringLiteral("Weft"), QStringLiteral("/home/me/weft")},
        ProjectCreate {cid, pid, QStringLiteral("Weft"), QStringLiteral("/w"), kClaude},
        ProjectMetaUpdate {cid, pid, QStringLiteral("New"), std::nullopt},
        ProjectMetaUpdate {cid, pid, std::nullopt, QStringLiteral("/srv/weft")},
        ProjectMetaUpdate {cid, pid, std::nullopt, std::nullopt,
                           ProviderSpec {QStringLiteral("shell"), {}}},
        ProjectMetaUpdate {cid, pid, std::nullopt, std::nullopt, ProviderCleared {}},
        ProjectDelete {cid, pid, true},
        ProjectDelete {cid, pid, false},
        ThreadCreate {cid, tid, pid, QStringLiteral("Fix"), kClaude, QStringLiteral("main"),
                      QStringLiteral("/wt/fix")},
        ThreadCreate {cid, tid, pid, QStringLiteral("Shell"),
                      ProviderSpec {QStringLiteral("shell"), {}}, std::nullopt, std::nullopt},
        ThreadCreate {cid, tid, pid, QStringLiteral("Default"), std::nullopt, std::nullopt,
                      std::nullopt},
        ThreadMetaUpdate {cid, tid, QStringLiteral("Renamed"), kClaude, std::nullopt,
                          QStringLiteral("/wt/x")},
        ThreadMetaUpdate {cid, tid, std::nullopt, std::nullopt, QStringLiteral("dev"),
                          std::nullopt},
        ThreadMetaUpdate {cid, tid, std::nullopt, ProviderCleared {}, std::nullopt, std::nullopt},
        ThreadArchive {cid, tid},
        ThreadUnarchive {cid, tid},
        ThreadDelete {cid, tid},
        ThreadTurnStart {cid, tid, turn, msg, QStringLiteral("Explain the build.\nThanks")},
        ThreadTurnInterrupt {cid, tid, turn},
        ThreadMessageAssistantDelta {cid, tid, msg, turn, QStringLiteral("Hel")},
        ThreadMessageAssistantDelta {cid, tid, msg, turn, QString()},
        ThreadMessageAssistantComplete {cid, tid, msg, turn},
        ThreadMessageSystemAppend {cid, tid, msg, turn, QStringLiteral("Weft restarted.")},
        ThreadMessageSystemAppend {cid, tid, msg, std::nullopt, QStringLiteral("Note")},
        ThreadActivityAppend {cid, tid, turn, ActivityTone::Tool, QStringLiteral("tool.call"),
                              QStringLiteral("Read src/main.cpp"), payload},
        ThreadActivityAppend {cid,
                              tid,
                              turn,
                              ActivityTone::Approval,
                              QStringLiteral("approval"),
                              QStringLiteral("Allow?"),
                              {}},
        ThreadTurnComplete {cid, tid, turn, TurnOutcome::Error, 2, QStringLiteral("exit 2")},
        ThreadTurnComplete {cid, tid, turn, TurnOutcome::Completed, std::nullopt, std::nullopt},
        ThreadTurnComplete {cid, tid, turn, TurnOutcome::Interrupted, -15, std::nullopt},
        ThreadTurnDiffComplete {
            cid,
            tid,
            turn,
            3,
            QStringLiteral("refs/weft/checkpoints/t-1/turn/3"),
            {TurnDiffFile {QStringLiteral("src/a.cpp"), QStringLiteral("modified"), 4, 2, false},
             TurnDiffFile {QStringLiteral("logo.png"), QStringLiteral("added"), 0, 0, true}}},
        ThreadTurnDiffComplete {cid, tid, turn, 1, QStringLiteral("refs/x"), {}},
        ThreadCheckpointRevert {cid, tid, 2},
    };
}

// One of each event, with optionals both set and unset across the list.
QList<Event> sampleEvents()
{
    const ProjectId pid(QStringLiteral("p-1"));
    const ThreadId tid(QStringLiteral("t-1"));
    const TurnId turn(QStringLiteral("turn-1"));
    const MessageId msg(QStringLiteral("m-1"));
    return {
        ProjectCreated {pid, QStringLiteral("Weft"), QStringLiteral("/home/me/weft")},
        ProjectCreated {pid, QStringLiteral("Weft"), QStringLiteral("/w"), kClaude},
        ProjectMetaUpdated {pid, QStringLiteral("New"), std::nullopt},
        ProjectMetaUpdated {pid, std::nullopt, QStringLiteral("/srv")},
        ProjectMetaUpdated {pid, std::nullopt, std::nullopt,
                            ProviderSpec {QStringLiteral("shell"), {}}},
        ProjectMetaUpdated {pid, std::nullopt, std::nullopt, ProviderCleared {}},
        ProjectDeleted {pid},
        ThreadCreated {tid, pid, QStringLiteral("Fix"), kClaude, QStringLiteral("main"),
                       std::nullopt},
        ThreadCreated {tid, pid, QStringLiteral("Fix"), ProviderSpec {QStringLiteral("shell"), {}},
                       std::nullopt, QStringLiteral("/wt")},
        ThreadCreated {tid, pid, QStringLiteral("Default"), std::nullopt, std::nullopt,
                       std::nullopt},
        ThreadMetaUpdated {tid, QStringLiteral("T"), kClaude, QStringLiteral("b"),
                           QStringLiteral("/w")},
        ThreadMetaUpdated {tid, std::nullopt, std::nullopt, std::nullopt, std::nullopt},
        ThreadMetaUpdated {tid, std::nullopt, ProviderCleared {}, std::nullopt, std::nullopt},
        ThreadArchived {tid},
        ThreadUnarchived {tid},
        ThreadDeleted {tid, pid},
        ThreadMessageSent {tid, msg, MessageRole::User, QStringLiteral("hello"), turn, false},
        ThreadMessageSent {tid, msg, MessageRole::Assistant, QStringLiteral("He"), turn, true},
        ThreadMessageSent {tid, msg, MessageRole::System, QStringLiteral("note"), std::nullopt,
                           false},
        ThreadTurnStarted {tid, turn, msg},
        ThreadStatusChanged {tid, ThreadStatus::Running},
        ThreadStatusChanged {tid, ThreadStatus::Stopped},
        ThreadTurnInterruptRequested {tid, turn},
        ThreadActivityAppended {tid, turn, ActivityId(QStringLiteral("a-1")), ActivityTone::Error,
                                QStringLiteral("error"), QStringLiteral("Boom"),
                                QJsonObject {{QStringLiteral("code"), 7}}},
        ThreadTurnCompleted {tid, turn, TurnOutcome::Completed, 0, std::nullopt},
        ThreadTurnCompleted {tid, turn, TurnOutcome::Error, std::nullopt, QStringLiteral("crash")},
        ThreadTurnDiffCompleted {
            tid,
            turn,
            2,
            QStringLiteral("refs/weft/checkpoints/t-1/turn/2"),
            {TurnDiffFile {QStringLiteral("gone.txt"), QStringLiteral("deleted"), 0, 7, false}}},
        ThreadReverted {
            tid, 1, {TurnId(QStringLiteral("turn-2")), TurnId(QStringLiteral("turn-3"))}},
        ThreadReverted {tid, 0, {}},
    };
}

TurnView turnView(const QString &id, TurnState state, int minute)
{
    TurnView t;
    t.id = TurnId(id);
    t.state = state;
    t.userMessageId = MessageId(id + QStringLiteral("-user"));
    t.startedAt = at(9, minute, 0, 1);
    if (state != TurnState::Running)
        t.completedAt = at(9, minute, 30, 999);
    if (state == TurnState::Error) {
        t.exitCode = 1;
        t.error = QStringLiteral("failed");
    }
    t.interruptRequested = state == TurnState::Interrupted;
    return t;
}

ThreadView threadView(const QString &id, const ProjectId &project, int turns)
{
    ThreadView t;
    t.id = ThreadId(id);
    t.projectId = project;
    t.title = QStringLiteral("Thread ") + id;
    t.provider = kClaude;
    t.status = ThreadStatus::Ready;
    t.createdAt = at(9, 0, 0, 123);
    t.updatedAt = at(10, 1, 2, 3);
    static constexpr TurnState kStates[]
        = {TurnState::Completed, TurnState::Error, TurnState::Interrupted, TurnState::Completed};
    for (int i = 0; i < turns; ++i) {
        const QString turnId = id + QStringLiteral("-turn-") + QString::number(i);
        const bool last = i == turns - 1;
        TurnView turn = turnView(turnId, last ? TurnState::Running : kStates[i % 4], i % 60);
        t.turns.insert(turn.id, turn);
        t.turnOrder.append(turn.id);
        t.messageIds.insert(turn.userMessageId);
        const MessageId reply(turnId + QStringLiteral("-reply"));
        t.messageIds.insert(reply);
        t.assistantMessageTurns.insert(reply, turn.id);
    }
    if (turns > 0) {
        t.latestTurnId = t.turnOrder.last();
        t.runningTurnId = t.turnOrder.last();
        t.status = ThreadStatus::Running;
    }
    t.messageCount = 2 * turns;
    t.activityCount = 3 * turns;
    t.version = 1 + 4 * turns;
    return t;
}

/// A model with deleted and live projects, archived and deleted threads, turns in every state
/// and optionals both set and unset. `reversed` inserts everything in the opposite order.
ReadModel richModel(bool reversed = false)
{
    QList<ProjectView> projects;
    for (int i = 0; i < 3; ++i) {
        ProjectView p;
        p.id = ProjectId(QStringLiteral("project-%1").arg(i));
        p.title = QStringLiteral("Project %1").arg(i);
        p.workspaceRoot = QStringLiteral("/home/me/p%1").arg(i);
        p.deleted = i == 2;
        if (i == 1)
            p.defaultProvider = kClaude;
        p.createdAt = at(8, i, 0, 5);
        p.updatedAt = at(9, i, 0, 500);
        p.version = i + 1;
        projects.append(p);
    }
    QList<ThreadView> threads;
    threads.append(threadView(QStringLiteral("t-a"), projects[0].id, 5));
    ThreadView b = threadView(QStringLiteral("t-b"), projects[0].id, 0);
    b.branch = QStringLiteral("feature/x");
    b.worktreePath = QStringLiteral("/wt/x");
    b.archived = true;
    b.provider = ProviderSpec {QStringLiteral("shell"), {}};
    threads.append(b);
    ThreadView c = threadView(QStringLiteral("t-c"), projects[2].id, 2);
    c.deleted = true;
    c.runningTurnId.reset();
    c.status = ThreadStatus::Stopped;
    c.branch = QString(); // set, but empty
    c.provider.reset(); // the project's default
    c.updatedAt = QDateTime();
    threads.append(c);
    // Enough ids to outgrow the snapshot's linear id table, and references the projector would
    // never make (a turn in turnOrder without a TurnView): a snapshot must keep them anyway.
    ThreadView d = threadView(QStringLiteral("t-d"), ProjectId(QStringLiteral("gone")), 40);
    d.turnOrder.append(TurnId(QStringLiteral("ghost-turn")));
    d.assistantMessageTurns.insert(MessageId(QStringLiteral("orphan")),
                                   TurnId(QStringLiteral("ghost-turn")));
    d.latestTurnId = TurnId(QStringLiteral("ghost-turn"));
    threads.append(d);
    if (reversed) {
        std::reverse(projects.begin(), projects.end());
        std::reverse(threads.begin(), threads.end());
    }
    ReadModel model;
    model.sequence = 12345;
    for (const auto &p : projects)
        model.projects.insert(p.id, p);
    for (const auto &t : threads)
        model.threads.insert(t.id, t);
    return model;
}

} // namespace

class TestCodecs : public QObject
{
    Q_OBJECT

private slots:
    // --- commands: round trips and sample lines ---

    void given_everyCommandType_when_encodedThenDecoded_then_roundTrips()
    {
        // encodeCommand writes every field (absent only for a nullopt), so it is injective:
        // encode(decode(encode(c))) == encode(c) means decode(encode(c)) equals c.
        QSet<QString> typesSeen;
        for (const Command &command : sampleCommands() + samples::workflowSampleCommands()) {
            const QJsonObject json = encodeCommand(command);
            const auto decoded = decodeCommand(json);
            QVERIFY2(decoded,
                     qPrintable(commandTypeOf(command) + QLatin1String(": ")
                                + (decoded ? QString() : decoded.error().message)));
            QCOMPARE(decoded->index(), command.index());
            QCOMPARE(encodeCommand(*decoded), json);
            typesSeen.insert(commandTypeOf(command));
        }
        QCOMPARE(typesSeen.size(), qsizetype(std::variant_size_v<Command>));
    }

    void given_projectCreateLine_when_decoded_then_fieldsMatch()
    {
        const auto c = decodeLine<ProjectCreate>(
            R"({"type":"project.create","commandId":"c1","projectId":"p1","title":"Weft",)"
            R"("workspaceRoot":"/home/me/weft"})");
        QVERIFY(c);
        QCOMPARE(c->commandId.value, QStringLiteral("c1"));
        QCOMPARE(c->projectId.value, QStringLiteral("p1"));
        QCOMPARE(c->title, QStringLiteral("Weft"));
        QCOMPARE(c->workspaceRoot, QStringLiteral("/home/me/weft"));
    }

    void given_projectCreateLineWithDefaultProvider_when_decoded_then_defaultIsSet()
    {
        const auto c = decodeLine<ProjectCreate>(
            R"({"type":"project.create","commandId":"c1","projectId":"p1","title":"Weft",)"
            R"("workspaceRoot":"/w","defaultProvider":{"kind":"process",)"
            R"("commandTemplate":["claude","-p","{message}"]}})");
        QVERIFY(c);
        QCOMPARE(c->defaultProvider, std::optional<ProviderSpec>(kClaude));
        const auto d = decodeLine<ProjectCreate>(
            R"({"type":"project.create","commandId":"c1","projectId":"p1","title":"Weft",)"
            R"("workspaceRoot":"/w"})");
        QVERIFY(d);
        QVERIFY(!d->defaultProvider);
    }

    void given_projectMetaUpdateWithBadDefaultProvider_when_decoded_then_errorNamesTheField()
    {
        CodecError e = commandError(
            parse(R"({"type":"project.meta.update","commandId":"c","projectId":"p",)"
                  R"("defaultProvider":{"kind":"process","commandTemplate":["a",3]}})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("defaultProvider.commandTemplate[1]"));
        e = commandError(parse(R"({"type":"project.create","commandId":"c","projectId":"p",)"
                               R"("title":"T","workspaceRoot":"/w","defaultProvider":"claude"})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("defaultProvider"));
        e = commandError(parse(R"({"type":"project.create","commandId":"c","projectId":"p",)"
                               R"("title":"T","workspaceRoot":"/w","defaultProvider":{}})"));
        QCOMPARE(e.code, CodecError::Code::MissingField);
        QCOMPARE(e.field, QStringLiteral("defaultProvider.kind"));
    }

    void given_metaUpdateLines_when_decoded_then_absentKeepsNullRemovesObjectReplaces()
    {
        const auto project = [](const char *tail) {
            return decodeLine<ProjectMetaUpdate>(
                (QByteArray(R"({"type":"project.meta.update","commandId":"c","projectId":"p")")
                 + tail)
                    .constData());
        };
        const auto absent = project("}");
        QVERIFY(absent);
        QVERIFY(!absent->defaultProvider);
        const auto removed = project(R"(,"defaultProvider":null})");
        QVERIFY(removed);
        QCOMPARE(removed->defaultProvider, std::optional<ProviderChange>(ProviderCleared {}));
        const auto replaced = project(R"(,"defaultProvider":{"kind":"shell"}})");
        QVERIFY(replaced);
        QCOMPARE(replaced->defaultProvider,
                 std::optional<ProviderChange>(ProviderSpec {QStringLiteral("shell"), {}}));

        const auto thread = [](const char *tail) {
            return decodeLine<ThreadMetaUpdate>(
                (QByteArray(R"({"type":"thread.meta.update","commandId":"c","threadId":"t")")
                 + tail)
                    .constData());
        };
        const auto kept = thread(R"(,"title":"T"})");
        QVERIFY(kept);
        QVERIFY(!kept->provider);
        const auto toDefault = thread(R"(,"provider":null})");
        QVERIFY(toDefault);
        QCOMPARE(toDefault->provider, std::optional<ProviderChange>(ProviderCleared {}));
    }

    void given_metaUpdateLinesWithMalformedProvider_when_decoded_then_errorNamesTheField_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<CodecError::Code>("code");
        QTest::addColumn<QString>("field");
        const QByteArray project(
            R"({"type":"project.meta.update","commandId":"c","projectId":"p",)");
        const QByteArray thread(R"({"type":"thread.meta.update","commandId":"c","threadId":"t",)");
        QTest::newRow("default a string")
            << project + R"("defaultProvider":"claude"})" << CodecError::Code::InvalidField
            << QStringLiteral("defaultProvider");
        QTest::newRow("default false")
            << project + R"("defaultProvider":false})" << CodecError::Code::InvalidField
            << QStringLiteral("defaultProvider");
        QTest::newRow("default without kind")
            << project + R"("defaultProvider":{}})" << CodecError::Code::MissingField
            << QStringLiteral("defaultProvider.kind");
        QTest::newRow("thread provider a number")
            << thread + R"("provider":3})" << CodecError::Code::InvalidField
            << QStringLiteral("provider");
        QTest::newRow("thread provider template element")
            << thread + R"("provider":{"kind":"process","commandTemplate":[null]}})"
            << CodecError::Code::InvalidField << QStringLiteral("provider.commandTemplate[0]");
    }

    void given_metaUpdateLinesWithMalformedProvider_when_decoded_then_errorNamesTheField()
    {
        QFETCH(QByteArray, line);
        QFETCH(CodecError::Code, code);
        QFETCH(QString, field);
        const CodecError e = commandError(QJsonDocument::fromJson(line).object());
        QCOMPARE(e.code, code);
        QCOMPARE(e.field, field);
    }

    void given_removedProviders_when_encoded_then_writtenAsNull()
    {
        const ProjectMetaUpdated project {ProjectId(QStringLiteral("p")), std::nullopt,
                                          std::nullopt, ProviderCleared {}};
        QCOMPARE(encodeEventPayloadJson(project),
                 QByteArray(R"({"defaultProvider":null,"projectId":"p"})"));
        const ThreadMetaUpdated thread {ThreadId(QStringLiteral("t")), std::nullopt,
                                        ProviderCleared {}, std::nullopt, std::nullopt};
        QCOMPARE(encodeEventPayloadJson(thread), QByteArray(R"({"provider":null,"threadId":"t"})"));
        ThreadMetaUpdate command;
        command.commandId = CommandId(QStringLiteral("c"));
        command.threadId = ThreadId(QStringLiteral("t"));
        command.provider = ProviderCleared {};
        const QJsonObject json = encodeCommand(command);
        QVERIFY(json.contains(QStringLiteral("provider")));
        QVERIFY(json.value(QStringLiteral("provider")).isNull());
    }

    void given_threadCreateLineWithoutProvider_when_decoded_then_providerIsUnset()
    {
        const auto c = decodeLine<ThreadCreate>(
            R"({"type":"thread.create","commandId":"c1","threadId":"t1","projectId":"p1",)"
            R"("title":"Fix"})");
        QVERIFY(c);
        QVERIFY(!c->provider);
    }

    void given_eventsStoredBeforeDefaultProviders_when_decoded_then_noDefault()
    {
        // Payloads exactly as earlier builds wrote them: no defaultProvider key.
        auto decoded = decodeEventJson(QStringLiteral("project.created"),
                                       R"({"projectId":"p","title":"T","workspaceRoot":"/w"})");
        QVERIFY(decoded && *decoded);
        const auto *created = std::get_if<ProjectCreated>(&**decoded);
        QVERIFY(created);
        QVERIFY(!created->defaultProvider);
        decoded = decodeEventJson(QStringLiteral("project.meta-updated"),
                                  R"({"projectId":"p","title":"U"})");
        QVERIFY(decoded && *decoded);
        QVERIFY(!std::get<ProjectMetaUpdated>(**decoded).defaultProvider);
        decoded = decodeEventJson(QStringLiteral("thread.meta-updated"),
                                  R"({"threadId":"t","title":"U"})");
        QVERIFY(decoded && *decoded);
        QVERIFY(!std::get<ThreadMetaUpdated>(**decoded).provider);
        decoded = decodeEventJson(QStringLiteral("thread.created"),
                                  R"({"projectId":"p","provider":{"commandTemplate":[],)"
                                  R"("kind":"shell"},"threadId":"t","title":"T"})");
        QVERIFY(decoded && *decoded);
        QCOMPARE(std::get<ThreadCreated>(**decoded).provider,
                 std::optional<ProviderSpec>(ProviderSpec {QStringLiteral("shell"), {}}));
    }

    void given_projectMetaUpdateLine_when_decoded_then_absentAndNullAreNullopt()
    {
        const auto c = decodeLine<ProjectMetaUpdate>(
            R"({"type":"project.meta.update","commandId":"c1","projectId":"p1","title":null})");
        QVERIFY(c);
        QCOMPARE(c->projectId.value, QStringLiteral("p1"));
        QVERIFY(!c->title);
        QVERIFY(!c->workspaceRoot);
        const auto d = decodeLine<ProjectMetaUpdate>(
            R"({"type":"project.meta.update","commandId":"c1","projectId":"p1","title":"T",)"
            R"("workspaceRoot":"/w"})");
        QVERIFY(d);
        QCOMPARE(d->title, std::optional<QString>(QStringLiteral("T")));
        QCOMPARE(d->workspaceRoot, std::optional<QString>(QStringLiteral("/w")));
    }

    void given_projectDeleteLine_when_decoded_then_forceDefaultsToFalse()
    {
        const auto c = decodeLine<ProjectDelete>(
            R"({"type":"project.delete","commandId":"c1","projectId":"p1"})");
        QVERIFY(c);
        QCOMPARE(c->force, false);
        const auto d = decodeLine<ProjectDelete>(
            R"({"type":"project.delete","commandId":"c1","projectId":"p1","force":true})");
        QVERIFY(d);
        QCOMPARE(d->force, true);
    }

    void given_threadCreateLine_when_decoded_then_fieldsMatch()
    {
        const auto c = decodeLine<ThreadCreate>(
            R"({"type":"thread.create","commandId":"c1","threadId":"t1","projectId":"p1",)"
            R"("title":"Fix","provider":{"kind":"process","commandTemplate":["claude","-p",)"
            R"("{message}"]},"branch":"main"})");
        QVERIFY(c);
        QCOMPARE(c->threadId.value, QStringLiteral("t1"));
        QCOMPARE(c->projectId.value, QStringLiteral("p1"));
        QCOMPARE(c->title, QStringLiteral("Fix"));
        QCOMPARE(c->provider, std::optional<ProviderSpec>(kClaude));
        QCOMPARE(c->branch, std::optional<QString>(QStringLiteral("main")));
        QVERIFY(!c->worktreePath);
    }

    void given_providerWithoutCommandTemplate_when_decoded_then_templateIsEmpty()
    {
        const auto c = decodeLine<ThreadCreate>(
            R"({"type":"thread.create","commandId":"c1","threadId":"t1","projectId":"p1",)"
            R"("title":"Sh","provider":{"kind":"shell"}})");
        QVERIFY(c);
        QVERIFY(c->provider);
        QCOMPARE(c->provider->kind, QStringLiteral("shell"));
        QVERIFY(c->provider->commandTemplate.isEmpty());
    }

    void given_threadMetaUpdateLine_when_decoded_then_fieldsMatch()
    {
        const auto c = decodeLine<ThreadMetaUpdate>(
            R"({"type":"thread.meta.update","commandId":"c1","threadId":"t1",)"
            R"("provider":{"kind":"shell"},"worktreePath":"/wt"})");
        QVERIFY(c);
        QVERIFY(!c->title);
        QCOMPARE(c->provider,
                 std::optional<ProviderChange>(ProviderSpec {QStringLiteral("shell"), {}}));
        QVERIFY(!c->branch);
        QCOMPARE(c->worktreePath, std::optional<QString>(QStringLiteral("/wt")));
    }

    void given_threadArchiveUnarchiveDeleteLines_when_decoded_then_threadIdMatches()
    {
        const auto a = decodeLine<ThreadArchive>(
            R"({"type":"thread.archive","commandId":"c1","threadId":"t1"})");
        QVERIFY(a);
        QCOMPARE(a->threadId.value, QStringLiteral("t1"));
        const auto u = decodeLine<ThreadUnarchive>(
            R"({"type":"thread.unarchive","commandId":"c2","threadId":"t2"})");
        QVERIFY(u);
        QCOMPARE(u->commandId.value, QStringLiteral("c2"));
        QCOMPARE(u->threadId.value, QStringLiteral("t2"));
        const auto d = decodeLine<ThreadDelete>(
            R"({"type":"thread.delete","commandId":"c3","threadId":"t3"})");
        QVERIFY(d);
        QCOMPARE(d->threadId.value, QStringLiteral("t3"));
    }

    void given_threadTurnStartLine_when_decoded_then_fieldsMatch()
    {
        const auto c = decodeLine<ThreadTurnStart>(
            R"({"type":"thread.turn.start","commandId":"c1","threadId":"t1","turnId":"u1",)"
            R"("messageId":"m1","text":"  Explain  "})");
        QVERIFY(c);
        QCOMPARE(c->turnId.value, QStringLiteral("u1"));
        QCOMPARE(c->messageId.value, QStringLiteral("m1"));
        QCOMPARE(c->text, QStringLiteral("  Explain  ")); // kept as written
    }

    void given_threadTurnInterruptLine_when_decoded_then_fieldsMatch()
    {
        const auto c = decodeLine<ThreadTurnInterrupt>(
            R"({"type":"thread.turn.interrupt","commandId":"c1","threadId":"t1","turnId":"u1"})");
        QVERIFY(c);
        QCOMPARE(c->threadId.value, QStringLiteral("t1"));
        QCOMPARE(c->turnId.value, QStringLiteral("u1"));
    }

    void given_assistantDeltaAndCompleteLines_when_decoded_then_fieldsMatch()
    {
        const auto d = decodeLine<ThreadMessageAssistantDelta>(
            R"({"type":"thread.message.assistant.delta","commandId":"c1","threadId":"t1",)"
            R"("messageId":"m2","turnId":"u1","delta":"Hel"})");
        QVERIFY(d);
        QCOMPARE(d->messageId.value, QStringLiteral("m2"));
        QCOMPARE(d->turnId.value, QStringLiteral("u1"));
        QCOMPARE(d->delta, QStringLiteral("Hel"));
        const auto c = decodeLine<ThreadMessageAssistantComplete>(
            R"({"type":"thread.message.assistant.complete","commandId":"c2","threadId":"t1",)"
            R"("messageId":"m2","turnId":"u1"})");
        QVERIFY(c);
        QCOMPARE(c->messageId.value, QStringLiteral("m2"));
    }

    void given_activityAppendLine_when_decoded_then_fieldsMatchAndDefaultsApply()
    {
        const auto c = decodeLine<ThreadActivityAppend>(
            R"({"type":"thread.activity.append","commandId":"c1","threadId":"t1","turnId":"u1",)"
            R"("tone":"approval","kind":"approval.request","summary":"Run make?",)"
            R"("payload":{"cmd":"make"}})");
        QVERIFY(c);
        QCOMPARE(c->tone, ActivityTone::Approval);
        QCOMPARE(c->kind, QStringLiteral("approval.request"));
        QCOMPARE(c->summary, QStringLiteral("Run make?"));
        QCOMPARE(c->payload, (QJsonObject {{QStringLiteral("cmd"), QStringLiteral("make")}}));
        const auto d = decodeLine<ThreadActivityAppend>(
            R"({"type":"thread.activity.append","commandId":"c1","threadId":"t1","turnId":"u1",)"
            R"("kind":"note","summary":""})");
        QVERIFY(d);
        QCOMPARE(d->tone, ActivityTone::Info);
        QVERIFY(d->payload.isEmpty());
    }

    void given_turnCompleteLine_when_decoded_then_fieldsMatch()
    {
        const auto c = decodeLine<ThreadTurnComplete>(
            R"({"type":"thread.turn.complete","commandId":"c1","threadId":"t1","turnId":"u1",)"
            R"("outcome":"error","exitCode":127,"error":"not found"})");
        QVERIFY(c);
        QCOMPARE(c->outcome, TurnOutcome::Error);
        QCOMPARE(c->exitCode, std::optional<int>(127));
        QCOMPARE(c->error, std::optional<QString>(QStringLiteral("not found")));
        const auto d = decodeLine<ThreadTurnComplete>(
            R"({"type":"thread.turn.complete","commandId":"c1","threadId":"t1","turnId":"u1",)"
            R"("outcome":"interrupted","exitCode":null})");
        QVERIFY(d);
        QCOMPARE(d->outcome, TurnOutcome::Interrupted);
        QVERIFY(!d->exitCode);
        QVERIFY(!d->error);
    }

    void given_encodedCommand_when_inspected_then_usesTheWireNames()
    {
        const QJsonObject json = encodeCommand(
            ThreadCreate {CommandId(QStringLiteral("c1")), ThreadId(QStringLiteral("t1")),
                          ProjectId(QStringLiteral("p1")), QStringLiteral("Fix"), kClaude,
                          std::nullopt, std::nullopt});
        QCOMPARE(json,
                 parse(R"({"type":"thread.create","commandId":"c1","threadId":"t1",)"
                       R"("projectId":"p1","title":"Fix","provider":{"kind":"process",)"
                       R"("commandTemplate":["claude","-p","{message}"]}})"));
    }

    // --- commands: errors ---

    void given_missingRequiredField_when_decoded_then_missingFieldNamesIt()
    {
        const CodecError e = commandError(parse(
            R"({"type":"project.create","commandId":"c1","title":"W","workspaceRoot":"/w"})"));
        QCOMPARE(e.code, CodecError::Code::MissingField);
        QCOMPARE(e.field, QStringLiteral("projectId"));
        QCOMPARE(e.codeName(), QStringLiteral("missing_field"));
    }

    void given_missingCommandId_when_decoded_then_missingFieldCommandId()
    {
        const CodecError e = commandError(parse(R"({"type":"thread.archive","threadId":"t"})"));
        QCOMPARE(e.code, CodecError::Code::MissingField);
        QCOMPARE(e.field, QStringLiteral("commandId"));
    }

    void given_nonStringId_when_decoded_then_invalidFieldNamesItAndTheExpectation()
    {
        const CodecError e
            = commandError(parse(R"({"type":"thread.archive","commandId":42,"threadId":"t"})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("commandId"));
        QVERIFY2(e.message.startsWith(QStringLiteral("commandId must be a non-empty string")),
                 qPrintable(e.message));
        QCOMPARE(e.codeName(), QStringLiteral("invalid_field"));
    }

    void given_emptyOrOverlongId_when_decoded_then_invalidField()
    {
        CodecError e
            = commandError(parse(R"({"type":"thread.archive","commandId":"c","threadId":""})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("threadId"));
        QJsonObject json = parse(R"({"type":"thread.archive","commandId":"c"})");
        json.insert(QStringLiteral("threadId"), QString(201, QLatin1Char('x')));
        e = commandError(json);
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("threadId"));
        json.insert(QStringLiteral("threadId"), QString(200, QLatin1Char('x')));
        QVERIFY(decodeCommand(json));
    }

    void given_providerKindOfWrongType_when_decoded_then_invalidFieldIsDotted()
    {
        const CodecError e = commandError(
            parse(R"({"type":"thread.create","commandId":"c","threadId":"t","projectId":"p",)"
                  R"("title":"T","provider":{"kind":7}})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("provider.kind"));
        QVERIFY2(e.message.startsWith(QStringLiteral("provider.kind ")), qPrintable(e.message));
    }

    void given_providerWithoutKind_when_decoded_then_missingFieldIsDotted()
    {
        const CodecError e = commandError(
            parse(R"({"type":"thread.create","commandId":"c","threadId":"t","projectId":"p",)"
                  R"("title":"T","provider":{"commandTemplate":[]}})"));
        QCOMPARE(e.code, CodecError::Code::MissingField);
        QCOMPARE(e.field, QStringLiteral("provider.kind"));
    }

    void given_nonStringTemplateArgument_when_decoded_then_fieldNamesItsIndex()
    {
        const CodecError e = commandError(
            parse(R"({"type":"thread.create","commandId":"c","threadId":"t","projectId":"p",)"
                  R"("title":"T","provider":{"kind":"process","commandTemplate":["a","b",3]}})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("provider.commandTemplate[2]"));
    }

    void given_providerNotAnObject_when_decoded_then_invalidFieldProvider()
    {
        const CodecError e
            = commandError(parse(R"({"type":"thread.meta.update","commandId":"c","threadId":"t",)"
                                 R"("provider":"claude"})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("provider"));
    }

    void given_blankTurnText_when_decoded_then_invalidFieldText()
    {
        for (const char *text : {"", "   \n\t"}) {
            QJsonObject json = parse(R"({"type":"thread.turn.start","commandId":"c",)"
                                     R"("threadId":"t","turnId":"u","messageId":"m"})");
            json.insert(QStringLiteral("text"), QString::fromLatin1(text));
            const CodecError e = commandError(json);
            QCOMPARE(e.code, CodecError::Code::InvalidField);
            QCOMPARE(e.field, QStringLiteral("text"));
        }
    }

    void given_emptyProjectTitle_when_decoded_then_invalidFieldTitle()
    {
        const CodecError e = commandError(
            parse(R"({"type":"project.create","commandId":"c","projectId":"p","title":"",)"
                  R"("workspaceRoot":"/w"})"));
        QCOMPARE(e.code, CodecError::Code::InvalidField);
        QCOMPARE(e.field, QStringLiteral("title"));
    }

    void given_wrongScalarTypes_when_decoded_then_invalidFieldNamesEach()
    {
        struct Case
        {
            const char *line;
            const char *field;
        };
        const Case cases[] = {
            {R"({"type":"project.delete","commandId":"c","projectId":"p","force":"yes"})", "force"},
            {R"({"type":"thread.turn.complete","commandId":"c","threadId":"t","turnId":"u",)"
             R"("outcome":"completed","exitCode":1.5})",
             "exitCode"},
            {R"({"type":"thread.turn.complete","commandId":"c","threadId":"t","turnId":"u",)"
             R"("outcome":"completed","exitCode":"0"})",
             "exitCode"},
            {R"({"type":"thread.turn.complete","commandId":"c","threadId":"t","turnId":"u",)"
             R"("outcome":"done"})",
             "outcome"},
            {R"({"type":"thread.activity.append","commandId":"c","threadId":"t","turnId":"u",)"
             R"("tone":"loud","kind":"k","summary":"s"})",
             "tone"},
            {R"({"type":"thread.activity.append","commandId":"c","threadId":"t","turnId":"u",)"
             R"("kind":"k","summary":"s","payload":[1]})",
             "payload"},
            {R"({"type":"project.meta.update","commandId":"c","projectId":"p","title":5})",
             "title"},
            {R"({"type":"thread.create","commandId":"c","threadId":"t","projectId":"p",)"
             R"("title":"T","provider":{"kind":"shell"},"branch":true})",
             "branch"},
        };
        for (const Case &c : cases) {
            const CodecError e = commandError(parse(c.line));
            QCOMPARE(e.code, CodecError::Code::InvalidField);
            QCOMPARE(e.field, QString::fromLatin1(c.field));
        }
    }

    void given_missingOutcome_when_decoded_then_missingFieldOutcome()
    {
        const CodecError e = commandError(parse(
            R"({"type":"thread.turn.complete","commandId":"c","threadId":"t","turnId":"u"})"));
        QCOMPARE(e.code, CodecError::Code::MissingField);
        QCOMPARE(e.field, QStringLiteral("outcome"));
    }

    void given_unknownType_when_decoded_then_unknownTypeError()
    {
        const CodecError e = commandError(parse(R"({"type":"thread.explode","commandId":"c"})"));
        QCOMPARE(e.code, CodecError::Code::UnknownType);
        QCOMPARE(e.field, QStringLiteral("type"));
        QCOMPARE(e.codeName(), QStringLiteral("unknown_type"));
    }

    void given_missingType_when_decoded_then_missingFieldType()
    {
        const CodecError e = commandError(parse(R"({"commandId":"c","threadId":"t"})"));
        QCOMPARE(e.code, CodecError::Code::MissingField);
        QCOMPARE(e.field, QStringLiteral("type"));
    }

    void given_unknownExtraFields_when_decoded_then_ignored()
    {
        const auto c = decodeLine<ThreadArchive>(
            R"({"type":"thread.archive","commandId":"c","threadId":"t","colour":"blue",)"
            R"("nested":{"a":[1,2]}})");
        QVERIFY(c);
        QCOMPARE(c->threadId.value, QStringLiteral("t"));
    }

    void given_schemaVersion1_when_decoded_then_accepted()
    {
        QVERIFY(decodeLine<ThreadArchive>(
            R"({"schemaVersion":1,"type":"thread.archive","commandId":"c","threadId":"t"})"));
    }

    void given_schemaVersion2_when_decoded_then_unsupportedVersion()
    {
        const CodecError e = commandError(
            parse(R"({"schemaVersion":2,"type":"thread.archive","commandId":"c","threadId":"t"})"));
        QCOMPARE(e.code, CodecError::Code::UnsupportedVersion);
        QCOMPARE(e.field, QStringLiteral("schemaVersion"));
        QCOMPARE(e.codeName(), QStringLiteral("unsupported_version"));
    }

    void given_everyErrorCode_when_named_then_stableSnakeCase()
    {
        using C = CodecError::Code;
        QCOMPARE((CodecError {C::UnknownType, {}, {}}.codeName()), QStringLiteral("unknown_type"));
        QCOMPARE((CodecError {C::MissingField, {}, {}}.codeName()),
                 QStringLiteral("missing_field"));
        QCOMPARE((CodecError {C::InvalidField, {}, {}}.codeName()),
                 QStringLiteral("invalid_field"));
        QCOMPARE((CodecError {C::UnsupportedVersion, {}, {}}.codeName()),
                 QStringLiteral("unsupported_version"));
        QCOMPARE((CodecError {C::Malformed, {}, {}}.codeName()), QStringLiteral("malformed"));
    }

    // --- events ---

    void given_everyEventType_when_payloadEncodedThenDecoded_then_roundTrips()
    {
        // As for commands: encodeEventPayload is injective, so comparing re-encodings compares
        // the events field by field.
        QSet<QString> typesSeen;
        for (const Event &event : sampleEvents() + samples::workflowSampleEvents()) {
            const QString type = eventTypeOf(event);
            const QJsonObject payload = encodeEventPayload(event);
            const auto decoded = decodeEvent(type, payload);
            QVERIFY2(decoded,
                     qPrintable(type + QLatin1String(": ")
                                + (decoded ? QString() : decoded.error().message)));
            QVERIFY(decoded->has_value());
            QCOMPARE((*decoded)->index(), event.index());
            QCOMPARE(encodeEventPayload(**decoded), payload);
            typesSeen.insert(type);
        }
        QCOMPARE(typesSeen.size(), qsizetype(std::variant_size_v<Event>));
    }

    void given_everyEventType_when_payloadEncodedToText_then_textIsQtsCompactTextOfItsObject()
    {
        // The store has always held QJsonDocument::toJson(Compact) of the payload object: the
        // text encoder must write that very text, so old files and new ones read alike.
        for (const Event &event : sampleEvents() + samples::workflowSampleEvents()) {
            const QByteArray text = encodeEventPayloadJson(event);
            QJsonParseError error;
            const QJsonDocument parsed = QJsonDocument::fromJson(text, &error);
            QVERIFY2(error.error == QJsonParseError::NoError && parsed.isObject(),
                     qPrintable(eventTypeOf(event)));
            QCOMPARE(parsed.toJson(QJsonDocument::Compact), text);
        }
        const QByteArray message = encodeEventPayloadJson(ThreadMessageSent {
            ThreadId(QStringLiteral("t1")), MessageId(QStringLiteral("m1")), MessageRole::Assistant,
            QStringLiteral("say \"h\u00e9\"\n"), TurnId(QStringLiteral("u1")), true});
        QCOMPARE(message,
                 QByteArray("{\"messageId\":\"m1\",\"role\":\"assistant\",\"streaming\":true,"
                            "\"text\":\"say \\\"h\xc3\xa9\\\"\\n\",\"threadId\":\"t1\","
                            "\"turnId\":\"u1\"}"));
    }

    void given_randomTexts_when_messagePayloadDecodedFromText_then_everyFieldIsExact()
    {
        // The stored-text path (a scanner, not QJsonDocument) must find where a string with
        // escaped quotes and backslashes ends and unescape it exactly; \u escapes (control
        // characters) send it to the QJsonDocument path, which must agree.
        const QStringList pieces {
            QStringLiteral("a"),          QStringLiteral("word "),  QStringLiteral("\""),
            QStringLiteral("\\"),         QStringLiteral("\\\""),   QStringLiteral("/"),
            QStringLiteral("\n"),         QStringLiteral("\r\n"),   QStringLiteral("\t"),
            QStringLiteral("\b\f"),       QStringLiteral("\u00e9"), QStringLiteral("\u4e2d"),
            QStringLiteral("\U0001F600"), QString(QChar(0x01)),     QStringLiteral("\"x\":1,")};
        QRandomGenerator random(20261206);
        for (int round = 0; round < 3000; ++round) {
            QString text;
            const int count = int(random.bounded(0, 40));
            for (int i = 0; i < count; ++i)
                text += pieces.at(int(random.bounded(qsizetype(pieces.size()))));
            const Event event = ThreadMessageSent {
                ThreadId(QStringLiteral("t\"1")), MessageId(QStringLiteral("m1")),
                MessageRole::Assistant,           text,
                TurnId(QStringLiteral("u1")),     true};
            const QByteArray json = encodeEventPayloadJson(event);
            const auto decoded
                = decodeEventJson(QString::fromLatin1(ThreadMessageSent::kType), json);
            QVERIFY2(decoded && *decoded, json.constData());
            QCOMPARE(encodeEventPayloadJson(**decoded), json);
            QCOMPARE(std::get<ThreadMessageSent>(**decoded).text, text);

            // The scanner itself, which a fallback would otherwise hide: it is sure of every
            // field, and of the text unless a \u escape is in it.
            std::array<json::flat::Field, 3> fields;
            QVERIFY2(json::flat::scan(json,
                                      std::array {QLatin1StringView("text"),
                                                  QLatin1StringView("threadId"),
                                                  QLatin1StringView("turnId")},
                                      fields),
                     json.constData());
            const QString scanned = json::flat::text(fields[0]);
            QCOMPARE(scanned.isNull(), json.contains("\\u"));
            if (!scanned.isNull())
                QCOMPARE(scanned, text);
            QCOMPARE(json::flat::text(fields[1]), QStringLiteral("t\"1"));
            QCOMPARE(json::flat::text(fields[2]), QStringLiteral("u1"));
        }
    }

    void given_messageSentEvent_when_encoded_then_payloadHasTheWireShape()
    {
        const QJsonObject withTurn = encodeEventPayload(ThreadMessageSent {
            ThreadId(QStringLiteral("t")), MessageId(QStringLiteral("m")), MessageRole::Assistant,
            QStringLiteral("Hi"), TurnId(QStringLiteral("u")), true});
        QCOMPARE(withTurn,
                 parse(R"({"threadId":"t","messageId":"m","role":"assistant",)"
                       R"("text":"Hi","turnId":"u","streaming":true})"));
        const QJsonObject withoutTurn = encodeEventPayload(
            ThreadMessageSent {ThreadId(QStringLiteral("t")), MessageId(QStringLiteral("m")),
                               MessageRole::System, QStringLiteral("x"), std::nullopt, false});
        QVERIFY(!withoutTurn.contains(QStringLiteral("turnId")));
        QCOMPARE(withoutTurn.value(QStringLiteral("role")).toString(), QStringLiteral("system"));
    }

    void given_activityAndDeletedEvents_when_encoded_then_payloadHasTheWireShape()
    {
        const QJsonObject activity = encodeEventPayload(ThreadActivityAppended {
            ThreadId(QStringLiteral("t")), TurnId(QStringLiteral("u")),
            ActivityId(QStringLiteral("a")), ActivityTone::Tool, QStringLiteral("tool.call"),
            QStringLiteral("Read"), QJsonObject {{QStringLiteral("n"), 1}}});
        QCOMPARE(activity,
                 parse(R"({"threadId":"t","turnId":"u","activityId":"a","tone":"tool",)"
                       R"("kind":"tool.call","summary":"Read","payload":{"n":1}})"));
        const QJsonObject deleted = encodeEventPayload(
            ThreadDeleted {ThreadId(QStringLiteral("t")), ProjectId(QStringLiteral("p"))});
        QCOMPARE(deleted, parse(R"({"threadId":"t","projectId":"p"})"));
    }

    void given_statusWords_when_encoded_then_lowerCaseWords()
    {
        const ThreadStatus statuses[]
            = {ThreadStatus::Idle,  ThreadStatus::Starting,    ThreadStatus::Running,
               ThreadStatus::Ready, ThreadStatus::Interrupted, ThreadStatus::Stopped,
               ThreadStatus::Error};
        const char *words[]
            = {"idle", "starting", "running", "ready", "interrupted", "stopped", "error"};
        for (int i = 0; i < 7; ++i) {
            const QJsonObject payload = encodeEventPayload(
                ThreadStatusChanged {ThreadId(QStringLiteral("t")), statuses[i]});
            QCOMPARE(payload.value(QStringLiteral("status")).toString(),
                     QString::fromLatin1(words[i]));
            const auto decoded = decodeEvent(QStringLiteral("thread.status-changed"), payload);
            QVERIFY(decoded && decoded->has_value());
            QCOMPARE(std::get<ThreadStatusChanged>(**decoded).status, statuses[i]);
        }
    }

    void given_unknownEventType_when_decoded_then_nullopt()
    {
        const auto decoded = decodeEvent(QStringLiteral("thread.teleported"),
                                         parse(R"({"threadId":"t","where":"mars"})"));
        QVERIFY(decoded);
        QVERIFY(!decoded->has_value());
    }

    void given_knownEventWithBadPayload_when_decoded_then_errorNamesTheField()
    {
        auto decoded = decodeEvent(QStringLiteral("thread.turn-started"),
                                   parse(R"({"threadId":"t","turnId":"u"})"));
        QVERIFY(!decoded);
        QCOMPARE(decoded.error().code, CodecError::Code::MissingField);
        QCOMPARE(decoded.error().field, QStringLiteral("userMessageId"));

        decoded = decodeEvent(QStringLiteral("thread.message-sent"),
                              parse(R"({"threadId":"t","messageId":"m","role":"robot",)"
                                    R"("text":"x","streaming":false})"));
        QVERIFY(!decoded);
        QCOMPARE(decoded.error().code, CodecError::Code::InvalidField);
        QCOMPARE(decoded.error().field, QStringLiteral("role"));

        decoded = decodeEvent(QStringLiteral("thread.created"),
                              parse(R"({"threadId":"t","projectId":"p","title":"T",)"
                                    R"("provider":{"kind":"process","commandTemplate":"x"}})"));
        QVERIFY(!decoded);
        QCOMPARE(decoded.error().field, QStringLiteral("provider.commandTemplate"));
    }

    // --- stored events ---

    void given_storedEvent_when_toJsonAndBack_then_equalWithMilliseconds()
    {
        StoredEvent e;
        e.sequence = 9007199254740000; // beyond 32 bits, within a double's exact integers
        e.eventId = QStringLiteral("e-1");
        e.aggregateKind = QStringLiteral("thread");
        e.aggregateId = QStringLiteral("t-1");
        e.streamVersion = 7;
        e.type = QStringLiteral("thread.turn-started");
        e.payload = encodeEventPayload(ThreadTurnStarted {ThreadId(QStringLiteral("t-1")),
                                                          TurnId(QStringLiteral("u")),
                                                          MessageId(QStringLiteral("m"))});
        e.occurredAt = at(9, 45, 0, 123);
        e.commandId = QStringLiteral("c-1");
        e.causationEventId = QStringLiteral("e-0");
        e.correlationId = QStringLiteral("c-0");

        const QJsonObject json = storedEventToJson(e);
        QCOMPARE(json.value(QStringLiteral("occurredAt")).toString(),
                 QStringLiteral("2026-11-23T09:45:00.123Z"));
        QCOMPARE(json.value(QStringLiteral("causationEventId")).toString(), QStringLiteral("e-0"));
        // Through text, as the CLI prints and reads it.
        const QJsonObject reparsed
            = QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact)).object();
        const auto back = storedEventFromJson(reparsed);
        QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
        QCOMPARE(*back, e);
        QCOMPARE(back->occurredAt.time().msec(), 123);
    }

    void given_storedEventWithoutCausation_when_toJson_then_nullAndBackToEmpty()
    {
        StoredEvent e;
        e.sequence = 1;
        e.eventId = QStringLiteral("e-1");
        e.aggregateKind = QStringLiteral("project");
        e.aggregateId = QStringLiteral("p");
        e.streamVersion = 1;
        e.type = QStringLiteral("project.deleted");
        e.payload = parse(R"({"projectId":"p"})");
        e.occurredAt = at(0, 0, 0, 0);
        e.commandId = QStringLiteral("c");
        const QJsonObject json = storedEventToJson(e);
        QVERIFY(json.value(QStringLiteral("causationEventId")).isNull());
        QVERIFY(json.value(QStringLiteral("correlationId")).isNull());
        QCOMPARE(json.value(QStringLiteral("occurredAt")).toString(),
                 QStringLiteral("2026-11-23T00:00:00.000Z"));
        const auto back = storedEventFromJson(json);
        QVERIFY(back);
        QCOMPARE(*back, e);
    }

    void given_storedEventJsonWithBadFields_when_decoded_then_errorNamesTheField()
    {
        StoredEvent e;
        e.eventId = QStringLiteral("e");
        e.type = QStringLiteral("project.deleted");
        e.occurredAt = at(1, 2, 3, 4);
        QJsonObject json = storedEventToJson(e);
        json.insert(QStringLiteral("occurredAt"), QStringLiteral("yesterday"));
        auto back = storedEventFromJson(json);
        QVERIFY(!back);
        QCOMPARE(back.error().field, QStringLiteral("occurredAt"));

        json = storedEventToJson(e);
        json.insert(QStringLiteral("sequence"), QStringLiteral("1"));
        back = storedEventFromJson(json);
        QVERIFY(!back);
        QCOMPARE(back.error().field, QStringLiteral("sequence"));

        json = storedEventToJson(e);
        json.remove(QStringLiteral("payload"));
        back = storedEventFromJson(json);
        QVERIFY(!back);
        QCOMPARE(back.error().code, CodecError::Code::MissingField);
        QCOMPARE(back.error().field, QStringLiteral("payload"));
    }

    void given_nonUtcOccurredAt_when_toJson_then_writtenInUtc()
    {
        StoredEvent e;
        e.eventId = QStringLiteral("e");
        e.type = QStringLiteral("project.deleted");
        e.occurredAt
            = QDateTime(QDate(2026, 11, 23), QTime(11, 45, 0, 5), Qt::OffsetFromUTC, 2 * 3600);
        QCOMPARE(storedEventToJson(e).value(QStringLiteral("occurredAt")).toString(),
                 QStringLiteral("2026-11-23T09:45:00.005Z"));
    }

    // --- snapshots ---

    void given_richModel_when_snapshotEncodedThenDecoded_then_equal()
    {
        const ReadModel model = richModel();
        const auto back = decodeSnapshot(encodeSnapshot(model));
        QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
        QVERIFY(*back == model);
        // The pieces operator== does not make obvious: optionals, instants, flags.
        const ThreadView &c = back->threads.value(ThreadId(QStringLiteral("t-c")));
        QCOMPARE(c.branch, std::optional<QString>(QString()));
        QVERIFY(!c.worktreePath);
        QVERIFY(!c.runningTurnId);
        QVERIFY(!c.updatedAt.isValid());
        QVERIFY(c.deleted);
        const ThreadView &a = back->threads.value(ThreadId(QStringLiteral("t-a")));
        QCOMPARE(a.turnOrder.size(), qsizetype(5));
        QCOMPARE(a.createdAt, at(9, 0, 0, 123));
        QCOMPARE(a.turns.value(a.turnOrder[1]).exitCode, std::optional<int>(1));
        QCOMPARE(back->sequence, qint64(12345));
    }

    void given_emptyModel_when_snapshotEncodedThenDecoded_then_equal()
    {
        const auto back = decodeSnapshot(encodeSnapshot(ReadModel {}));
        QVERIFY(back);
        QVERIFY(*back == ReadModel {});
    }

    void given_truncatedSnapshot_when_decoded_then_errorForEveryLength()
    {
        const QByteArray full = encodeSnapshot(richModel());
        for (qsizetype n = 0; n < full.size(); ++n) {
            const auto back = decodeSnapshot(full.left(n));
            QVERIFY2(!back, qPrintable(QStringLiteral("prefix of %1 bytes decoded").arg(n)));
            QCOMPARE(back.error().code, CodecError::Code::Malformed);
        }
    }

    void given_snapshotWithTrailingBytes_when_decoded_then_malformed()
    {
        const auto back = decodeSnapshot(encodeSnapshot(richModel()) + QByteArray("x"));
        QVERIFY(!back);
        QCOMPARE(back.error().code, CodecError::Code::Malformed);
    }

    void given_wrongMagic_when_decoded_then_malformed()
    {
        QByteArray blob = encodeSnapshot(richModel());
        blob[0] = 'X';
        auto back = decodeSnapshot(blob);
        QVERIFY(!back);
        QCOMPARE(back.error().code, CodecError::Code::Malformed);
        back = decodeSnapshot(QByteArray("definitely not a snapshot of anything at all"));
        QVERIFY(!back);
        QCOMPARE(back.error().code, CodecError::Code::Malformed);
    }

    void given_otherVersion_when_decoded_then_unsupportedVersion()
    {
        QByteArray blob = encodeSnapshot(richModel());
        // The version follows the 4-byte magic, little-endian.
        blob[4] = char(kReadModelVersion + 1);
        const auto back = decodeSnapshot(blob);
        QVERIFY(!back);
        QCOMPARE(back.error().code, CodecError::Code::UnsupportedVersion);
    }

    void given_corruptCountOrEnum_when_decoded_then_malformedNotACrash()
    {
        const QByteArray good = encodeSnapshot(ReadModel {});
        // header (8) + sequence (8) + project count (4): make the count absurd.
        QByteArray hugeCount = good;
        hugeCount[16] = char(0xff);
        hugeCount[17] = char(0xff);
        hugeCount[18] = char(0xff);
        hugeCount[19] = char(0x7f);
        auto back = decodeSnapshot(hugeCount);
        QVERIFY(!back);
        QCOMPARE(back.error().code, CodecError::Code::Malformed);

        // Flip every byte of a rich snapshot in turn: each result is an error or a model, and
        // none crashes or hangs.
        const QByteArray rich = encodeSnapshot(richModel());
        for (qsizetype i = 8; i < rich.size(); ++i) {
            QByteArray corrupt = rich;
            corrupt[i] = char(~corrupt[i]);
            (void)decodeSnapshot(corrupt);
        }
    }

    void given_tenThousandThreads_when_snapshotRoundTrips_then_equal()
    {
        ReadModel model;
        const ProjectId project(QStringLiteral("project"));
        model.projects.insert(project,
                              ProjectView {project, QStringLiteral("P"), QStringLiteral("/p"),
                                           false, at(1, 0, 0, 0), at(2, 0, 0, 0), 1});
        for (int i = 0; i < 10000; ++i) {
            const QString id
                = QUuid::createUuidV5(QUuid(), QString::number(i)).toString(QUuid::WithoutBraces);
            model.threads.insert(ThreadId(id), threadView(id, project, 5));
        }
        // Two rounds: the first pays for first-touch page faults of fresh memory (which dominate
        // in a VM), the second is the steady state.
        for (const char *round : {"first", "second"}) {
            QElapsedTimer timer;
            timer.start();
            const QByteArray blob = encodeSnapshot(model);
            const qint64 encodeMs = timer.restart();
            const auto back = decodeSnapshot(blob);
            const qint64 decodeMs = timer.elapsed();
            QVERIFY(back);
            qInfo("snapshot of 10000 threads x 5 turns, %s round: %lld bytes, encode %lld ms, "
                  "decode %lld ms",
                  round, qint64(blob.size()), encodeMs, decodeMs);
            // Timing is reported, not asserted: speed is the benchmark's job (tests/bench/engine).
            QVERIFY(*back == model);
        }
    }

    // --- readModelToJson ---

    void given_sameModelBuiltInDifferentOrders_when_toJson_then_identicalBytes()
    {
        const ReadModel a = richModel(false);
        const ReadModel b = richModel(true);
        QVERIFY(a == b);
        const QByteArray ja = QJsonDocument(readModelToJson(a)).toJson();
        const QByteArray jb = QJsonDocument(readModelToJson(b)).toJson();
        QCOMPARE(ja, jb);
        // and through a snapshot, which rebuilds the hashes
        const auto c = decodeSnapshot(encodeSnapshot(b));
        QVERIFY(c);
        QCOMPARE(QJsonDocument(readModelToJson(*c)).toJson(), ja);
    }

    void given_richModel_when_toJson_then_sortedWithTurnsInStartOrder()
    {
        const QJsonObject json = readModelToJson(richModel(true));
        QCOMPARE(json.value(QStringLiteral("sequence")).toInteger(), qint64(12345));
        const QJsonArray projects = json.value(QStringLiteral("projects")).toArray();
        QCOMPARE(projects.size(), qsizetype(3));
        QCOMPARE(projects[0].toObject().value(QStringLiteral("id")).toString(),
                 QStringLiteral("project-0"));
        QCOMPARE(projects[2].toObject().value(QStringLiteral("deleted")).toBool(), true);
        QCOMPARE(projects[0].toObject().value(QStringLiteral("createdAt")).toString(),
                 QStringLiteral("2026-11-23T08:00:00.005Z"));
        QVERIFY(!projects[0].toObject().contains(QStringLiteral("defaultProvider")));
        QCOMPARE(projects[1].toObject().value(QStringLiteral("defaultProvider")).toObject(),
                 parse(R"({"kind":"process","commandTemplate":["claude","-p","{message}"]})"));

        const QJsonArray threads = json.value(QStringLiteral("threads")).toArray();
        QCOMPARE(threads.size(), qsizetype(4));
        const QJsonObject a = threads[0].toObject();
        QCOMPARE(a.value(QStringLiteral("id")).toString(), QStringLiteral("t-a"));
        QCOMPARE(a.value(QStringLiteral("status")).toString(), QStringLiteral("running"));
        QCOMPARE(a.value(QStringLiteral("turnCount")).toInteger(), qint64(5));
        QCOMPARE(a.value(QStringLiteral("runningTurnId")).toString(), QStringLiteral("t-a-turn-4"));
        QVERIFY(!a.contains(QStringLiteral("branch")));
        QCOMPARE(a.value(QStringLiteral("provider")).toObject(),
                 parse(R"({"kind":"process","commandTemplate":["claude","-p","{message}"]})"));
        const QJsonArray turns = a.value(QStringLiteral("turns")).toArray();
        QCOMPARE(turns.size(), qsizetype(5));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(turns[i].toObject().value(QStringLiteral("id")).toString(),
                     QStringLiteral("t-a-turn-%1").arg(i));
        }
        const QJsonObject erred = turns[1].toObject();
        QCOMPARE(erred.value(QStringLiteral("state")).toString(), QStringLiteral("error"));
        QCOMPARE(erred.value(QStringLiteral("exitCode")).toInt(), 1);
        QCOMPARE(erred.value(QStringLiteral("error")).toString(), QStringLiteral("failed"));
        const QJsonObject running = turns[4].toObject();
        QCOMPARE(running.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QVERIFY(!running.contains(QStringLiteral("completedAt")));
        QVERIFY(!running.contains(QStringLiteral("exitCode")));

        const QJsonObject b = threads[1].toObject();
        QCOMPARE(b.value(QStringLiteral("archived")).toBool(), true);
        QCOMPARE(b.value(QStringLiteral("branch")).toString(), QStringLiteral("feature/x"));
        QVERIFY(!b.contains(QStringLiteral("latestTurnId")));
        QVERIFY(b.value(QStringLiteral("turns")).toArray().isEmpty());
        QVERIFY(!threads[2].toObject().contains(QStringLiteral("provider"))); // t-c: the default
    }
};

QTEST_GUILESS_MAIN(TestCodecs)
#include "tst_codecs.moc"

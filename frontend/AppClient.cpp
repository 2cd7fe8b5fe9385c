#include "frontend/AppClient.h"

#include "backend/domain/Projector.h"
#include "backend/domain/WorkflowWords.h"
#include "backend/providers/ProviderPresets.h"
#include "backend/providers/ProviderReactor.h"
#include "backend/scheduler/SchedulerReactor.h"
#include "frontend/Words.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcClient, "weft.gui.client", QtWarningMsg)

namespace frontend {

namespace {

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};

QVariantMap outcome(const QString &commandId, const QString &id)
{
    return {{QStringLiteral("commandId"), commandId}, {QStringLiteral("id"), id}};
}

/// The GUI's "none" (an empty kind) as an absent provider.
std::optional<backend::ProviderSpec> providerFrom(const QString &kind,
                                                  const QStringList &commandTemplate)
{
    if (kind.isEmpty())
        return std::nullopt;
    return backend::ProviderSpec {kind, commandTemplate};
}

/// The GUI's "none" (an empty kind) in an update: the provider is removed.
backend::ProviderChange providerChangeFrom(const QString &kind, const QStringList &commandTemplate)
{
    if (kind.isEmpty())
        return backend::ProviderCleared {};
    return backend::ProviderSpec {kind, commandTemplate};
}

} // namespace

AppClient::AppClient(const QString &databasePath, QObject *parent)
    : AppClient(defaultConfig(databasePath), parent)
{
}

AppClient::AppClient(backend::BackendConfig config, QObject *parent)
    : QObject(parent)
    , m_databasePath(config.databasePath)
{
    m_backend = std::make_unique<backend::BackendThread>(std::move(config));
    m_history = std::make_unique<HistoryReader>(m_databasePath);
    m_backend->events().onReady(this, [this] { onEvents(); });
}

AppClient::~AppClient() = default;

backend::BackendConfig AppClient::defaultConfig(const QString &databasePath)
{
    backend::BackendConfig config;
    config.databasePath = databasePath;
    config.checkpoints = true; // every turn's workspace checkpointed in git (docs/GIT.md)
    // A turn's process starts once its baseline checkpoint is taken.
    config.turnGate = std::make_shared<backend::TurnGate>();
    backend::ProviderReactor::Options providers;
    providers.turnGate = config.turnGate;
    config.reactors.push_back(std::make_shared<backend::ProviderReactor>(providers));
    // Runs started workflows' tasks as child processes, one slot per core.
    config.reactors.push_back(std::make_shared<backend::SchedulerReactor>(databasePath));
    return config;
}

int AppClient::projectCount() const
{
    return int(std::count_if(m_model.projects.cbegin(), m_model.projects.cend(),
                             [](const auto &p) { return !p.deleted; }));
}

int AppClient::threadCount() const
{
    return int(std::count_if(m_model.threads.cbegin(), m_model.threads.cend(),
                             [](const auto &t) { return !t.deleted; }));
}

QStringList AppClient::providerPresets() const
{
    return backend::ProviderPresets::builtIns().names();
}

QVariantMap AppClient::createProject(const QString &title, const QString &workspaceRoot,
                                     const QString &defaultProviderKind,
                                     const QStringList &defaultCommandTemplate)
{
    backend::ProjectCreate command;
    command.commandId = backend::CommandId::generate();
    command.projectId = backend::ProjectId::generate();
    command.title = title;
    command.workspaceRoot = workspaceRoot;
    command.defaultProvider = providerFrom(defaultProviderKind, defaultCommandTemplate);
    const QString id = command.projectId.value;
    return send(std::move(command), id);
}

QVariantMap AppClient::setProjectDefaultProvider(const QString &projectId,
                                                 const QString &providerKind,
                                                 const QStringList &commandTemplate)
{
    backend::ProjectMetaUpdate command;
    command.commandId = backend::CommandId::generate();
    command.projectId = backend::ProjectId(projectId);
    command.defaultProvider = providerChangeFrom(providerKind, commandTemplate);
    return send(std::move(command), projectId);
}

QVariantMap AppClient::setThreadProvider(const QString &threadId, const QString &providerKind,
                                         const QStringList &commandTemplate)
{
    backend::ThreadMetaUpdate command;
    command.commandId = backend::CommandId::generate();
    command.threadId = backend::ThreadId(threadId);
    command.provider = providerChangeFrom(providerKind, commandTemplate);
    return send(std::move(command), threadId);
}

QVariantMap AppClient::deleteProject(const QString &projectId, bool force)
{
    return send(backend::ProjectDelete {backend::CommandId::generate(),
                                        backend::ProjectId(projectId), force},
                projectId);
}

QVariantMap AppClient::createThread(const QString &projectId, const QString &title,
                                    const QString &providerKind, const QStringList &commandTemplate)
{
    backend::ThreadCreate command;
    command.commandId = backend::CommandId::generate();
    command.threadId = backend::ThreadId::generate();
    command.projectId = backend::ProjectId(projectId);
    command.title = title;
    command.provider = providerFrom(providerKind, commandTemplate);
    const QString id = command.threadId.value;
    return send(std::move(command), id);
}

QVariantMap AppClient::startTurn(const QString &threadId, const QString &text)
{
    backend::ThreadTurnStart command;
    command.commandId = backend::CommandId::generate();
    command.threadId = backend::ThreadId(threadId);
    command.turnId = backend::TurnId::generate();
    command.messageId = backend::MessageId::generate();
    command.text = text;
    const QString id = command.turnId.value;
    return send(std::move(command), id);
}

QVariantMap AppClient::interruptTurn(const QString &threadId)
{
    const backend::ThreadView *thread = m_model.thread(backend::ThreadId(threadId));
    if (!thread || !thread->runningTurnId)
        return rejectLocally(QStringLiteral("turn_not_running"),
                             tr("No turn is running on this thread."));
    return send(backend::ThreadTurnInterrupt {backend::CommandId::generate(),
                                              backend::ThreadId(threadId), *thread->runningTurnId},
                thread->runningTurnId->value);
}

QVariantMap AppClient::archiveThread(const QString &threadId)
{
    return send(
        backend::ThreadArchive {backend::CommandId::generate(), backend::ThreadId(threadId)},
        threadId);
}

QVariantMap AppClient::unarchiveThread(const QString &threadId)
{
    return send(
        backend::ThreadUnarchive {backend::CommandId::generate(), backend::ThreadId(threadId)},
        threadId);
}

QVariantMap AppClient::deleteThread(const QString &threadId)
{
    return send(backend::ThreadDelete {backend::CommandId::generate(), backend::ThreadId(threadId)},
                threadId);
}

QVariantMap AppClient::importWorkflowFile(const QString &projectId, const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return rejectLocally(QStringLiteral("workflow_file_unreadable"),
                             tr("Cannot read %1: %2").arg(path, in.errorString()));
    return importWorkflowJson(projectId, QString::fromUtf8(in.readAll()),
                              QFileInfo(path).completeBaseName());
}

QVariantMap AppClient::importWorkflowJson(const QString &projectId, const QString &json,
                                          const QString &title)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return rejectLocally(QStringLiteral("invalid_workflow_document"),
                             error.error != QJsonParseError::NoError
                                 ? tr("The workflow file is not JSON: %1 at offset %2.")
                                       .arg(error.errorString())
                                       .arg(error.offset)
                                 : tr("The workflow file must hold one JSON object."));
    backend::WorkflowImport command;
    command.commandId = backend::CommandId::generate();
    command.workflowId = backend::WorkflowId::generate();
    command.projectId = backend::ProjectId(projectId);
    command.document = document.object();
    if (!command.document.contains(QLatin1String("title")) && !title.isEmpty())
        command.document.insert(QStringLiteral("title"), title);
    const QString id = command.workflowId.value;
    return send(std::move(command), id);
}

QVariantMap AppClient::startWorkflow(const QString &workflowId)
{
    return send(
        backend::WorkflowStart {backend::CommandId::generate(), backend::WorkflowId(workflowId)},
        workflowId);
}

QVariantMap AppClient::pauseWorkflow(const QString &workflowId)
{
    return send(
        backend::WorkflowPause {backend::CommandId::generate(), backend::WorkflowId(workflowId)},
        workflowId);
}

QVariantMap AppClient::resumeWorkflow(const QString &workflowId)
{
    return send(
        backend::WorkflowResume {backend::CommandId::generate(), backend::WorkflowId(workflowId)},
        workflowId);
}

QVariantMap AppClient::cancelWorkflow(const QString &workflowId)
{
    return send(
        backend::WorkflowCancel {backend::CommandId::generate(), backend::WorkflowId(workflowId)},
        workflowId);
}

QVariantMap AppClient::cancelTask(const QString &workflowId, const QString &taskId)
{
    return send(backend::TaskCancel {backend::CommandId::generate(),
                                     backend::WorkflowId(workflowId), backend::TaskId(taskId)},
                taskId);
}

QVariantMap AppClient::thread(const QString &threadId) const
{
    const backend::ThreadView *t = m_model.thread(backend::ThreadId(threadId));
    if (!t || t->deleted)
        return {};
    const std::optional<backend::ProviderSpec> provider = m_model.providerOf(*t);
    return {
        {QStringLiteral("threadId"), t->id.value},
        {QStringLiteral("projectId"), t->projectId.value},
        {QStringLiteral("title"), t->title},
        {QStringLiteral("status"), statusWord(t->status)},
        {QStringLiteral("running"), t->runningTurnId.has_value()},
        {QStringLiteral("archived"), t->archived},
        {QStringLiteral("provider"), provider ? provider->kind : QString()},
        {QStringLiteral("providerFromProject"), !t->provider.has_value()},
        {QStringLiteral("commandTemplate"), provider ? provider->commandTemplate : QStringList()},
        {QStringLiteral("taskThread"), backend::isTaskProvider(t->provider)},
        {QStringLiteral("turnCount"), int(t->turnOrder.size())},
        {QStringLiteral("messageCount"), t->messageCount}};
}

QVariantMap AppClient::project(const QString &projectId) const
{
    const backend::ProjectView *p = m_model.project(backend::ProjectId(projectId));
    if (!p || p->deleted)
        return {};
    return {{QStringLiteral("projectId"), p->id.value},
            {QStringLiteral("title"), p->title},
            {QStringLiteral("workspaceRoot"), p->workspaceRoot},
            {QStringLiteral("defaultProvider"),
             p->defaultProvider ? p->defaultProvider->kind : QString()},
            {QStringLiteral("defaultCommandTemplate"),
             p->defaultProvider ? p->defaultProvider->commandTemplate : QStringList()}};
}

QVariantMap AppClient::workflow(const QString &workflowId) const
{
    const backend::WorkflowView *w = m_model.workflow(backend::WorkflowId(workflowId));
    if (!w)
        return {};
    return {{QStringLiteral("workflowId"), w->id.value},
            {QStringLiteral("projectId"), w->projectId.value},
            {QStringLiteral("title"), w->title},
            {QStringLiteral("state"), backend::toWord(w->state)},
            {QStringLiteral("taskCount"), int(w->taskOrder.size())}};
}

QString AppClient::workspaceOf(const QString &threadId) const
{
    const backend::ThreadView *t = m_model.thread(backend::ThreadId(threadId));
    if (!t || t->deleted)
        return {};
    if (t->worktreePath && !t->worktreePath->isEmpty())
        return *t->worktreePath;
    const backend::ProjectView *project = m_model.project(t->projectId);
    return project ? project->workspaceRoot : QString();
}

QString AppClient::requestGit(const QString &action, const QJsonObject &params)
{
    const QString requestId = backend::CommandId::generate().value;
    m_gitRequests.insert(requestId);
    if (!m_backend->commands().send(backend::AppCommand {
            backend::AppCommand::Git {backend::GitRequest {requestId, action, params}}})) {
        m_gitRequests.remove(requestId);
        const QString message = tr("The backend is no longer running; nothing was sent.");
        // Answered after the caller holds the id, like a local rejection.
        QMetaObject::invokeMethod(
            this,
            [this, requestId, message] {
                Q_EMIT gitAnswered(requestId, QStringLiteral("error"),
                                   QStringLiteral("backend_stopped"), message, {});
            },
            Qt::QueuedConnection);
    }
    return requestId;
}

void AppClient::requestTerminal(const QString &threadId, const QString &terminalId,
                                const QString &action, const QJsonObject &params)
{
    m_terminals.insert(threadId + QLatin1Char('/') + terminalId);
    const QString requestId = backend::CommandId::generate().value;
    if (!m_backend->commands().send(backend::AppCommand {backend::AppCommand::Terminal {
            backend::TerminalRequest {requestId, threadId, terminalId, action, params}}})) {
        const QString message = tr("The backend is no longer running; nothing was sent.");
        QMetaObject::invokeMethod(
            this,
            [this, threadId, terminalId, message] {
                Q_EMIT terminalEvent(threadId, terminalId, QStringLiteral("error"),
                                     QStringLiteral("backend_stopped"), message, {});
            },
            Qt::QueuedConnection);
    }
}

QString AppClient::dispatch(backend::Command command)
{
    return send(std::move(command), QString()).value(QStringLiteral("commandId")).toString();
}

QVariantMap AppClient::send(backend::Command command, const QString &id)
{
    const QString commandId = backend::commandIdOf(command).value;
    m_pending.insert(commandId);
    if (!m_backend->commands().send(
            backend::AppCommand {backend::AppCommand::Orchestration {std::move(command)}})) {
        m_pending.remove(commandId);
        fail(tr("Backend stopped"), tr("The backend is no longer running; nothing was sent."));
    }
    return outcome(commandId, id);
}

QVariantMap AppClient::rejectLocally(const QString &code, const QString &message)
{
    // Refused before it reached the backend; reported like a rejection, after the caller has
    // the command id in hand.
    const QString commandId = backend::CommandId::generate().value;
    QMetaObject::invokeMethod(
        this,
        [this, commandId, code, message] {
            m_lastError = message;
            Q_EMIT commandRejected(commandId, code, message);
            Q_EMIT errorOccurred(message);
            Q_EMIT notify(QStringLiteral("error"), tr("Not done"), message);
        },
        Qt::QueuedConnection);
    return outcome(commandId, QString());
}

void AppClient::fail(const QString &title, const QString &message)
{
    m_lastError = message;
    Q_EMIT errorOccurred(message);
    Q_EMIT notify(QStringLiteral("error"), title, message);
}

void AppClient::onEvents()
{
    bool changed = false;
    for (backend::AppEvent &event : m_backend->events().takeAll()) {
        std::visit(Overloaded {
                       [&](backend::AppEvent::Ready &e) {
                           m_model = std::move(e.model);
                           m_ready = true;
                           changed = true;
                           Q_EMIT m_hub.reset();
                           Q_EMIT readyChanged();
                       },
                       [&](backend::AppEvent::Failed &e) {
                           m_failed = true;
                           Q_EMIT readyChanged();
                           fail(tr("Cannot open the database"), e.message);
                       },
                       [&](backend::AppEvent::DomainEvent &e) {
                           // Events stored before Ready (a reactor's start-up work) are already in
                           // Ready's model; after it, each sequence is folded once, in order.
                           if (!m_ready || e.event.sequence <= m_model.sequence)
                               return;
                           if (e.event.sequence != m_model.sequence + 1)
                               qCWarning(lcClient) << "event sequence gap:" << m_model.sequence
                                                   << "→" << e.event.sequence;
                           backend::project(m_model, e.event);
                           changed = true;
                           Q_EMIT m_hub.applied(e.event);
                           if (m_pending.remove(e.event.commandId))
                               Q_EMIT commandAccepted(e.event.commandId);
                       },
                       [&](backend::AppEvent::CommandRejected &e) {
                           m_pending.remove(e.commandId);
                           m_lastError = e.message;
                           Q_EMIT commandRejected(e.commandId, e.code, e.message);
                           Q_EMIT errorOccurred(e.message);
                           Q_EMIT notify(QStringLiteral("error"), tr("Refused"), e.message);
                       },
                       [&](backend::AppEvent::ReactorFailed &e) {
                           fail(tr("%1 failed").arg(e.reactor), e.message);
                       },
                       [&](backend::AppEvent::TerminalEvent &e) {
                           if (m_terminals.contains(e.threadId + QLatin1Char('/') + e.terminalId))
                               Q_EMIT terminalEvent(e.threadId, e.terminalId, e.kind, e.code,
                                                    e.message, e.data);
                           else if (e.kind == QLatin1String("error"))
                               fail(tr("Terminal"), e.message);
                       },
                       [&](backend::AppEvent::GitEvent &e) {
                           if (m_gitRequests.contains(e.requestId)) {
                               if (e.kind != QLatin1String("progress"))
                                   m_gitRequests.remove(e.requestId);
                               Q_EMIT gitAnswered(e.requestId, e.kind, e.code, e.message, e.data);
                           } else if (e.kind == QLatin1String("error")) {
                               fail(tr("Git"), e.message);
                           }
                       },
                   },
                   event.value);
    }
    if (changed)
        Q_EMIT modelChanged();
}

} // namespace frontend

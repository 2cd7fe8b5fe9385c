#include "frontend/AppClient.h"

#include "backend/domain/Projector.h"
#include "backend/providers/ProviderReactor.h"

namespace frontend {

namespace {

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};

} // namespace

AppClient::AppClient(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
{
    backend::BackendConfig config;
    config.databasePath = databasePath;
    config.reactors.push_back(std::make_shared<backend::ProviderReactor>());
    m_backend = std::make_unique<backend::BackendThread>(std::move(config));
    m_backend->events().onReady(this, [this] { onEvents(); });
}

AppClient::~AppClient() = default;

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

QString AppClient::createProject(const QString &title, const QString &workspaceRoot)
{
    backend::ProjectCreate command;
    command.commandId = backend::CommandId::generate();
    command.projectId = backend::ProjectId::generate();
    command.title = title;
    command.workspaceRoot = workspaceRoot;
    const QString id = command.commandId.value;
    send(std::move(command));
    return id;
}

void AppClient::send(backend::Command command)
{
    m_backend->commands().send(
        backend::AppCommand {backend::AppCommand::Orchestration {std::move(command)}});
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
                           Q_EMIT readyChanged();
                       },
                       [&](backend::AppEvent::Failed &e) {
                           m_lastError = e.message;
                           Q_EMIT errorOccurred(e.message);
                       },
                       [&](backend::AppEvent::DomainEvent &e) {
                           // Follow by sequence: an event already folded is not applied twice.
                           if (e.event.sequence > m_model.sequence) {
                               backend::project(m_model, e.event);
                               changed = true;
                           }
                       },
                       [&](backend::AppEvent::CommandRejected &e) {
                           m_lastError = e.message;
                           Q_EMIT errorOccurred(e.message);
                       },
                       [&](backend::AppEvent::ReactorFailed &e) {
                           m_lastError = e.message;
                           Q_EMIT errorOccurred(e.message);
                       },
                       [&](backend::AppEvent::TerminalEvent &) {},
                       [&](backend::AppEvent::GitEvent &) {},
                   },
                   event.value);
    }
    if (changed)
        Q_EMIT modelChanged();
}

} // namespace frontend

#include "backend/runtime/Backend.h"

#include "backend/checkpoints/CheckpointReactor.h"
#include "backend/git/LibGitManager.h"
#include "backend/git/WorkspaceQueue.h"
#include "backend/store/EventStore.h"
#include "backend/terminal/PtyTerminalManager.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBackend, "weft.backend", QtWarningMsg)

namespace backend {

namespace {

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};

void flush(OrchestrationEngine &engine, QList<PendingCommand> &batch, Channel<AppEvent> &events)
{
    if (batch.isEmpty())
        return;
    const QList<DispatchResult> results = engine.dispatchBatch(batch);
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (!results.at(i)) {
            const EngineError &error = results.at(i).error();
            events.send(AppEvent {AppEvent::CommandRejected {commandIdOf(batch.at(i).command).value,
                                                             error.code(), error.message()}});
        }
    }
    batch.clear();
}

} // namespace

QCoro::Task<int> start(Channel<AppCommand> &commands, Channel<AppEvent> &events,
                       BackendConfig config)
{
    auto store = EventStore::open(config.databasePath);
    if (!store) {
        events.send(AppEvent {AppEvent::Failed {store.error().codeName(), store.error().message}});
        co_return 2;
    }
    auto created = OrchestrationEngine::create(std::move(*store), config.engine);
    if (!created) {
        events.send(
            AppEvent {AppEvent::Failed {created.error().codeName(), created.error().message}});
        co_return 2;
    }
    std::unique_ptr<OrchestrationEngine> engine = std::move(*created);
    // One queue for every repository job of a workspace: checkpoints and git requests run
    // one after another, never over each other, and never on this thread.
    const auto workspaceJobs = std::make_shared<git::WorkspaceQueue>();
    std::shared_ptr<CheckpointReactor> checkpoints;
    if (config.checkpoints) {
        checkpoints = std::make_shared<CheckpointReactor>(
            CheckpointReactor::Options {workspaceJobs, config.turnGate, config.checkpointJobHook});
        config.reactors.insert(config.reactors.begin(), checkpoints);
    }
    for (auto &reactor : config.reactors)
        engine->addReactor(reactor);
    std::shared_ptr<TerminalManager> terminals
        = config.terminals ? config.terminals : std::make_shared<terminal::PtyTerminalManager>();
    std::shared_ptr<GitManager> git
        = config.git ? config.git : std::make_shared<git::LibGitManager>(workspaceJobs);
    const Publish publish = [&events](AppEvent event) { events.send(std::move(event)); };

    QObject::connect(engine.get(), &OrchestrationEngine::eventStored, engine.get(),
                     [&events, terminals, publish](const StoredEvent &event) {
                         events.send(AppEvent {AppEvent::DomainEvent {event}});
                         // A deleted or archived thread's terminals close with it.
                         if (event.type == QLatin1String(ThreadDeleted::kType)
                             || event.type == QLatin1String(ThreadArchived::kType))
                             terminals->closeThread(event.aggregateId, publish);
                     });
    QObject::connect(
        engine.get(), &OrchestrationEngine::reactorFailed, engine.get(),
        [&events](const QString &reactor, const QString &eventId, const QString &message) {
            events.send(AppEvent {AppEvent::ReactorFailed {reactor, eventId, message}});
        });
    for (auto &reactor : config.reactors)
        co_await reactor->onStart(*engine);
    events.send(AppEvent {AppEvent::Ready {engine->readModel(), config.databasePath}});

    while (std::optional<AppCommand> first = co_await commands.receive()) {
        // Everything already queued is handled now: consecutive orchestration commands go
        // into one group commit; a terminal or git request in between keeps its place.
        std::deque<AppCommand> queued = commands.takeAll();
        queued.push_front(std::move(*first));
        while (!queued.empty()) {
            QList<PendingCommand> batch;
            for (AppCommand &command : queued) {
                std::visit(Overloaded {
                               [&](AppCommand::Orchestration &c) {
                                   batch.append(PendingCommand {std::move(c.command), {}});
                               },
                               [&](AppCommand::Terminal &c) {
                                   flush(*engine, batch, events);
                                   terminals->handle(c.request, publish);
                               },
                               [&](AppCommand::Git &c) {
                                   flush(*engine, batch, events);
                                   git->handle(c.request, publish);
                               },
                           },
                           command.value);
            }
            flush(*engine, batch, events);
            queued = commands.takeAll();
        }
        // Idle: the WAL is copied into the database now rather than by a later commit.
        if (auto done = engine->store().checkpointIfLong(); !done)
            qCWarning(lcBackend) << "checkpoint:" << done.error().message;
    }
    // Checkpoints in flight are finished and recorded while the engine is still here.
    if (checkpoints)
        co_await checkpoints->settled();
    workspaceJobs->waitForDone();
    qCDebug(lcBackend) << "command channel closed; backend stops";
    co_return 0;
}

BackendThread::BackendThread(BackendConfig config)
{
    m_thread.setObjectName(QStringLiteral("weft-backend"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_commands.bindReceiver(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    // Posted before the thread starts, so that everything the call carries is written before
    // the thread exists: a hand-off through Qt's event queue alone is invisible to
    // ThreadSanitizer (docs/ARCHITECTURE.md). The thread's event loop runs it first.
    QMetaObject::invokeMethod(
        m_context,
        [this, config = std::move(config)]() mutable {
            // The task is left to run; when the loop ends the thread's event loop stops.
            start(m_commands, m_events, std::move(config)).then([this](int) { m_thread.quit(); });
        },
        Qt::QueuedConnection);
    m_thread.start();
}

BackendThread::~BackendThread()
{
    stop();
}

void BackendThread::stop()
{
    m_commands.close();
    m_thread.wait();
}

} // namespace backend

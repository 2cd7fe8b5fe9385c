#include "backend/scheduler/SchedulerReactor.h"

#include "backend/domain/Events.h"
#include "backend/domain/WorkflowCommands.h"
#include "backend/domain/WorkflowEvents.h"
#include "backend/scheduler/ProcessExecutor.h"
#include "backend/scheduler/SchedulerDriver.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSchedulerReactor, "weft.scheduler.reactor", QtWarningMsg)

namespace backend {

namespace {

// How often a waiting application looks whether the `weft run` holding the lock has ended.
constexpr int kLockRetryMs = 3000;

/// Events that can give the scheduler work. Its own transitions are left out: the tick that
/// issued them already looks again when it changed something.
bool makesWork(const QString &type)
{
    static const QSet<QString> types {
        QString::fromLatin1(WorkflowImported::kType),
        QString::fromLatin1(WorkflowStarted::kType),
        QString::fromLatin1(WorkflowResumed::kType),
        QString::fromLatin1(WorkflowPaused::kType),
        QString::fromLatin1(WorkflowCanceled::kType),
        QString::fromLatin1(TaskAdded::kType),
        QString::fromLatin1(TaskDependencyDeclared::kType),
        QString::fromLatin1(TaskCanceled::kType),
    };
    return types.contains(type);
}

} // namespace

SchedulerReactor::SchedulerReactor(const QString &databasePath, Scheduler::Options options)
    : m_options(std::move(options))
    , m_lock(databasePath)
{
}

// Out of line: the members' types are complete only here.
SchedulerReactor::~SchedulerReactor()
{
    m_lockRetry.reset();
    m_driver.reset();
    m_scheduler.reset();
    m_executor.reset();
}

QCoro::Task<> SchedulerReactor::onStart(OrchestrationEngine &engine)
{
    if (!tryStart(engine)) {
        qCWarning(lcSchedulerReactor).noquote()
            << "workflows on this database are run by" << m_lock.holder()
            << "; tasks start here once it stops (lock" << m_lock.path() << ")";
        m_lockRetry = std::make_unique<QTimer>();
        m_lockRetry->setInterval(kLockRetryMs);
        QObject::connect(m_lockRetry.get(), &QTimer::timeout, &engine, [this, &engine] {
            if (tryStart(engine))
                m_lockRetry->stop();
        });
        m_lockRetry->start();
    }
    co_return;
}

bool SchedulerReactor::tryStart(OrchestrationEngine &engine)
{
    if (!m_lock.tryAcquire())
        return false;
    m_executor = std::make_unique<ProcessExecutor>();
    m_scheduler = std::make_unique<Scheduler>(engine, *m_executor, m_options);
    const Clock &clock = m_options.clock ? *m_options.clock : SystemClock::instance();
    m_driver = std::make_unique<SchedulerDriver>(*m_scheduler, *m_executor, clock);
    const Scheduler::TickReport recovered = m_scheduler->recover();
    if (recovered.commands > 0)
        qCInfo(lcSchedulerReactor)
            << "recovered after restart:" << recovered.commands << "commands";
    m_driver->start();
    return true;
}

QCoro::Task<> SchedulerReactor::onEvent(const StoredEvent &event, OrchestrationEngine &engine)
{
    if (!m_driver)
        co_return;
    if (makesWork(event.type))
        m_driver->wake();
    else if (event.type == QLatin1String(ThreadTurnInterruptRequested::kType))
        cancelTaskOf(event, engine);
    co_return;
}

void SchedulerReactor::cancelTaskOf(const StoredEvent &interruptRequest,
                                    OrchestrationEngine &engine)
{
    const ThreadId threadId(interruptRequest.payload.value(QLatin1String("threadId")).toString());
    const ReadModel model = engine.readModel();
    const ThreadView *thread = model.thread(threadId);
    if (!thread || !isTaskProvider(thread->provider))
        return;
    // A task's thread id is derived from (workflow, task); the task records it, so look it up
    // among the open workflows of the thread's project.
    for (const WorkflowView &workflow : std::as_const(model.workflows)) {
        if (workflow.projectId != thread->projectId || !workflow.isOpen())
            continue;
        for (const TaskView &task : workflow.tasks) {
            if (task.threadId != threadId)
                continue;
            const DispatchResult result = engine.dispatch(
                TaskCancel {CommandId::generate(), workflow.id, task.id},
                DispatchContext {interruptRequest.eventId, interruptRequest.correlationId});
            if (!result)
                qCWarning(lcSchedulerReactor) << "interrupting task" << task.id.value
                                              << "failed:" << result.error().message();
            return;
        }
    }
}

} // namespace backend

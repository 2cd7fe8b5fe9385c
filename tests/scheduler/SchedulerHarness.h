#pragma once

// A scheduler on a real engine and a temporary database, with a manual clock and a fake
// executor that runs nothing: tests say when an attempt writes output or ends.

#include "backend/engine/OrchestrationEngine.h"
#include "backend/scheduler/Scheduler.h"
#include "backend/store/EventStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

namespace harness {

using namespace backend;
using namespace Qt::StringLiterals;

/// Runs nothing; attempts end when the test says so.
class FakeExecutor final : public AttemptExecutor
{
public:
    struct Run
    {
        AttemptRequest request;
        bool responsive = true;
        std::optional<StopReason> stopped;
    };

    QList<AttemptRequest> started; ///< every start, in order
    QHash<QString, StopReason> stops; ///< the last stop asked for, by task
    QHash<QString, Run> live;
    bool finishOnStop = true; ///< a stopped attempt reports at once
    bool succeedAtOnce = false; ///< every attempt succeeds as soon as it starts

    void start(const AttemptRequest &request) override
    {
        started.append(request);
        if (succeedAtOnce) {
            m_finished.append({request.workflowId, request.taskId, request.attempt,
                               AttemptOutcome::Succeeded, 0, std::nullopt});
            return;
        }
        live.insert(request.taskId.value, Run {request, true, std::nullopt});
    }
    void stop(const WorkflowId &, const TaskId &taskId, int attempt, StopReason reason) override
    {
        auto it = live.find(taskId.value);
        if (it == live.end() || it->request.attempt != attempt)
            return;
        it->stopped = reason;
        stops.insert(taskId.value, reason);
        if (!finishOnStop)
            return;
        finish(taskId.value,
               reason == StopReason::TimedOut           ? AttemptOutcome::TimedOut
                   : reason == StopReason::LeaseExpired ? AttemptOutcome::Lost
                                                        : AttemptOutcome::Canceled,
               std::nullopt);
    }
    bool isResponsive(const WorkflowId &, const TaskId &taskId, int) const override
    {
        return live.value(taskId.value).responsive;
    }
    QList<AttemptOutput> takeOutput() override { return std::exchange(m_output, {}); }
    QList<AttemptResult> takeFinished() override { return std::exchange(m_finished, {}); }

    void finish(const QString &task, AttemptOutcome outcome, std::optional<int> exitCode = 0)
    {
        const auto it = live.constFind(task);
        QVERIFY2(it != live.cend(), qPrintable(u"no live attempt of "_s + task));
        m_finished.append({it->request.workflowId, it->request.taskId, it->request.attempt, outcome,
                           exitCode, std::nullopt});
        live.erase(it);
    }
    void say(const QString &task, const QString &text)
    {
        const Run run = live.value(task);
        m_output.append({run.request.workflowId, run.request.taskId, run.request.attempt, text});
    }
    [[nodiscard]] QStringList startedTasks() const
    {
        QStringList ids;
        for (const AttemptRequest &r : started)
            ids.append(r.taskId.value);
        return ids;
    }

private:
    QList<AttemptResult> m_finished;
    QList<AttemptOutput> m_output;
};

/// The engine, scheduler, clock and executor of one test, on its own database.
struct Harness
{
    QTemporaryDir dir;
    ManualClock clock;
    FakeExecutor executor;
    std::unique_ptr<OrchestrationEngine> engine;
    std::unique_ptr<Scheduler> scheduler;
    Scheduler::Options options;
    WorkflowId workflow {u"wf"_s};

    explicit Harness(int workerSlots = 4, Scheduler::Options base = {})
        : options(std::move(base))
    {
        options.workerSlots = workerSlots;
        options.clock = &clock;
        if (!options.jitterSample)
            options.jitterSample = [] { return 0.0; };
        open();
        dispatchOk(ProjectCreate {CommandId::generate(), ProjectId(u"p"_s), u"P"_s, dir.path()});
    }

    /// (Re)opens the engine and a fresh scheduler on the same database.
    void open()
    {
        scheduler.reset();
        engine.reset();
        auto store = EventStore::open(dir.filePath(u"weft.sqlite"_s));
        QVERIFY2(store.has_value(), "store");
        auto created = OrchestrationEngine::create(
            std::move(*store),
            OrchestrationEngine::Options {.snapshotInterval = 0, .clock = &clock});
        QVERIFY2(created.has_value(), "engine");
        engine = std::move(*created);
        scheduler = std::make_unique<Scheduler>(*engine, executor, options);
    }

    DispatchResult dispatch(const Command &c) { return engine->dispatch(c); }
    void dispatchOk(const Command &c)
    {
        const auto r = engine->dispatch(c);
        QVERIFY2(r.has_value(), qPrintable(r ? QString() : r.error().message()));
    }

    /// Imports a workflow file (JSON text) and starts it.
    void run(const char *json, const WorkflowId &id = WorkflowId(u"wf"_s))
    {
        workflow = id;
        const QJsonObject doc = QJsonDocument::fromJson(json).object();
        QVERIFY2(!doc.isEmpty(), json);
        dispatchOk(WorkflowImport {CommandId::generate(), id, ProjectId(u"p"_s), doc});
        dispatchOk(WorkflowStart {CommandId::generate(), id});
    }

    [[nodiscard]] const TaskView task(const QString &id) const
    {
        const TaskView *t = engine->readModel().task(workflow, TaskId(id));
        return t ? *t : TaskView {};
    }
    [[nodiscard]] TaskRunState state(const QString &id) const { return task(id).state; }
    [[nodiscard]] WorkflowView workflowView() const
    {
        const WorkflowView *w = engine->readModel().workflow(workflow);
        return w ? *w : WorkflowView {};
    }
    Scheduler::TickReport tick() { return scheduler->tick(); }
};

} // namespace harness

// The scheduler's index of active tasks, followed from the stored events, must always hold
// exactly what a full pass over the read model would pick — whatever the commands did.

#include "SchedulerHarness.h"

#include "backend/scheduler/ActiveTaskIndex.h"

#include <QJsonArray>
#include <QRandomGenerator>

using namespace harness;

namespace {

/// A workflow file of `n` tasks; each may depend on earlier ones (blocking or preferred),
/// some retry once, some wait for a time.
QJsonObject randomWorkflow(QRandomGenerator &rng, int n, const QDateTime &now)
{
    QJsonArray tasks;
    QJsonArray dependencies;
    for (int i = 0; i < n; ++i) {
        QJsonObject task {{u"id"_s, u"t%1"_s.arg(i)},
                          {u"shell"_s, u"true"_s},
                          {u"priority"_s, static_cast<int>(rng.bounded(3))}};
        if (rng.bounded(4) == 0)
            task.insert(u"retry"_s,
                        QJsonObject {{u"maxAttempts"_s, 2},
                                     {u"backoff"_s,
                                      QJsonObject {{u"type"_s, u"fixed"_s}, {u"delayMs"_s, 500}}}});
        if (rng.bounded(8) == 0)
            task.insert(u"notBefore"_s, now.addMSecs(1'000).toString(Qt::ISODateWithMs));
        tasks.append(task);
        for (int k = 0; i > 0 && k < static_cast<int>(rng.bounded(3)); ++k) {
            const int from = static_cast<int>(rng.bounded(i));
            QJsonObject edge {{u"from"_s, u"t%1"_s.arg(from)}, {u"to"_s, u"t%1"_s.arg(i)}};
            if (rng.bounded(5) == 0)
                edge.insert(u"type"_s, u"preferred_order"_s);
            bool duplicate = false;
            for (const QJsonValue &e : std::as_const(dependencies))
                duplicate
                    = duplicate || (e[u"from"_s] == edge[u"from"_s] && e[u"to"_s] == edge[u"to"_s]);
            if (!duplicate)
                dependencies.append(edge);
        }
    }
    return {{u"tasks"_s, tasks}, {u"dependencies"_s, dependencies}};
}

} // namespace

class TestActiveTaskIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void
    given_random_workflows_and_commands_when_the_index_follows_the_events_then_it_matches_a_full_pass()
    {
        for (quint32 seed = 1; seed <= 12; ++seed) {
            QRandomGenerator rng(seed);
            Harness h(1 + static_cast<int>(rng.bounded(3)));
            ActiveTaskIndex index;
            QObject::connect(h.engine.get(), &OrchestrationEngine::eventStored,
                             [&index](const StoredEvent &e) { index.noteEvent(e); });
            const int n = 12 + static_cast<int>(rng.bounded(20));
            const WorkflowId wf(u"wf"_s);
            h.dispatchOk(WorkflowImport {CommandId::generate(), wf, ProjectId(u"p"_s),
                                         randomWorkflow(rng, n, h.clock.now())});
            int added = 0;
            auto check = [&](const char *step) {
                const ReadModel model = h.engine->readModel();
                index.refresh(model);
                const QString where = u"seed %1, after %2"_s.arg(seed).arg(QLatin1String(step));
                QVERIFY2(index.matches(model), qPrintable(where));
                // What a tick gets: the active tasks in the workflow's order, and without the
                // ready ones for its first pass.
                for (const WorkflowView &w : model.workflows) {
                    QList<const TaskView *> all;
                    QList<const TaskView *> notReady;
                    for (const TaskId &id : w.taskOrder) {
                        const TaskView *t = w.task(id);
                        if (!t || !ActiveTaskIndex::isActive(w, *t))
                            continue;
                        all.append(t);
                        if (t->state != TaskRunState::Ready)
                            notReady.append(t);
                    }
                    QVERIFY2(index.active(w) == all, qPrintable(where));
                    QVERIFY2(index.active(w, false) == notReady, qPrintable(where));
                }
            };
            check("import");
            for (int step = 0; step < 160; ++step) {
                const auto task = [&] { return TaskId(u"t%1"_s.arg(rng.bounded(n + added))); };
                switch (rng.bounded(10)) {
                case 0:
                    (void)h.dispatch(WorkflowStart {CommandId::generate(), wf});
                    break;
                case 1:
                    (void)h.dispatch(rng.bounded(2)
                                         ? Command(WorkflowPause {CommandId::generate(), wf})
                                         : Command(WorkflowResume {CommandId::generate(), wf}));
                    break;
                case 2:
                    (void)h.dispatch(TaskCancel {CommandId::generate(), wf, task()});
                    break;
                case 3: {
                    TaskSpec spec;
                    spec.title = u"late"_s;
                    spec.shell = u"true"_s;
                    const TaskId id(u"t%1"_s.arg(n + added));
                    const TaskId prerequisite = task();
                    if (h.dispatch(TaskAdd {CommandId::generate(), wf, id, spec})) {
                        ++added;
                        (void)h.dispatch(TaskDependencyDeclare {CommandId::generate(),
                                                                wf,
                                                                id,
                                                                {prerequisite},
                                                                DependencyType::Blocking});
                    }
                    break;
                }
                case 4:
                    h.clock.advance(400);
                    break;
                case 5:
                    if (rng.bounded(20) == 0)
                        (void)h.dispatch(WorkflowCancel {CommandId::generate(), wf});
                    break;
                default: {
                    // Finish some live attempts, then let the scheduler move on.
                    const QStringList live = h.executor.live.keys();
                    for (const QString &t : live) {
                        if (rng.bounded(2))
                            h.executor.finish(t,
                                              rng.bounded(3) ? AttemptOutcome::Succeeded
                                                             : AttemptOutcome::Failed,
                                              0);
                    }
                    h.tick();
                    break;
                }
                }
                check("a step");
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestActiveTaskIndex)
#include "tst_active_task_index.moc"

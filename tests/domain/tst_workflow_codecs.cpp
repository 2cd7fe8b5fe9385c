// Wire shapes and errors of the workflow and task commands, the read model's snapshot and JSON
// with workflows in it, and the projector's fold of the task events.

#include "WorkflowBuilders.h"
#include "WorkflowSamples.h"

#include "backend/domain/CommandCodec.h"
#include "backend/domain/EventCodec.h"
#include "backend/domain/ReadModelCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace backend;
using namespace fixtures;

namespace {

QJsonObject parse(const char *line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(line), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", qPrintable(error.errorString()));
    return doc.object();
}

CodecError commandError(const char *line)
{
    const auto decoded = decodeCommand(parse(line));
    if (decoded)
        qFatal("expected a CodecError for %s", line);
    return decoded.error();
}

/// A model with every kind of task state, a hierarchy, both edge types, leases and retries,
/// folded from events (so it is a model the projector can really make).
ReadModel richWorkflowModel()
{
    const TaskId a = task("a"), b = task("b"), c = task("c"), d = task("d"), e = task("e");
    ReadModel model = givenStartedWorkflow({taskAdded(a, samples::fullSpec()),
                                            taskAdded(b, samples::shellSpec()),
                                            taskAdded(c, withParent(spec(), a)),
                                            taskAdded(d),
                                            taskAdded(e),
                                            dependsOn(b, {a}),
                                            dependsOn(d, {a, c}, DependencyType::PreferredOrder),
                                            promoted(a),
                                            leased(a),
                                            attemptStarted(a),
                                            attemptFinished(a, AttemptOutcome::Failed),
                                            retryScheduled(a),
                                            promoted(d),
                                            running(d),
                                            succeeded(d),
                                            {TaskCanceled {kWorkflow, e, std::nullopt}}});
    for (const Event &ev :
         QList<Event> {WorkflowCreated {kOtherWorkflow, kProject, u"Other"_s},
                       TaskAdded {kOtherWorkflow, a, spec(), TaskRunState::Scheduled},
                       WorkflowCanceled {kOtherWorkflow}})
        apply(model, ev, kAt.addSecs(5));
    model.sequence = 99;
    return model;
}

} // namespace

class TestWorkflowCodecs : public QObject
{
    Q_OBJECT

private slots:
    void given_a_task_add_line_when_decoded_then_the_spec_is_nested_and_typed()
    {
        const auto decoded = decodeCommand(parse(
            R"({"type":"task.add","commandId":"c","workflowId":"w","taskId":"build",)"
            R"("spec":{"title":"Build","command":["make","-j2"],"cwd":"/src","env":{"CC":"gcc"},)"
            R"("priority":3,"concurrencyKey":"cpu","retry":{"maxAttempts":4,"backoff":)"
            R"({"type":"exponential","baseMs":100,"maxMs":5000,"jitter":0.5}},"timeoutMs":9000,)"
            R"("notBefore":"2026-11-23T09:00:00.000Z","cron":"0 * * * *","labels":["linux"]}})"));
        QVERIFY2(decoded, qPrintable(decoded ? QString() : decoded.error().message));
        const auto &c = std::get<TaskAdd>(*decoded);
        QCOMPARE(c.workflowId.value, u"w"_s);
        QCOMPARE(c.taskId.value, u"build"_s);
        QCOMPARE(c.spec.command, (QStringList {u"make"_s, u"-j2"_s}));
        QCOMPARE(c.spec.env.value(u"CC"_s), u"gcc"_s);
        QCOMPARE(c.spec.priority, 3);
        QCOMPARE(c.spec.retry->maxAttempts, 4);
        QCOMPARE(c.spec.retry->backoff.kind, Backoff::Kind::Exponential);
        QCOMPARE(c.spec.retry->backoff.maxMs, qint64(5000));
        QCOMPARE(c.spec.retry->backoff.jitter, 0.5);
        QCOMPARE(*c.spec.timeoutMs, qint64(9000));
        QCOMPARE(c.spec.notBefore->toMSecsSinceEpoch(),
                 QDateTime(QDate(2026, 11, 23), QTime(9, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        QCOMPARE(c.spec.labels, QStringList {u"linux"_s});
        QCOMPARE(c.spec.weight, 1.0);
    }

    void given_a_declare_line_without_a_type_when_decoded_then_blocking()
    {
        const auto decoded = decodeCommand(parse(
            R"({"type":"task.dependency.declare","commandId":"c","workflowId":"w","taskId":"b",)"
            R"("prerequisites":["a"]})"));
        QVERIFY(decoded);
        QCOMPARE(std::get<TaskDependencyDeclare>(*decoded).type, DependencyType::Blocking);
    }

    void given_bad_fields_when_decoded_then_the_error_names_the_field_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("code");
        const int invalid = int(CodecError::Code::InvalidField);
        const int missing = int(CodecError::Code::MissingField);
        QTest::newRow("backoff base mistyped")
            << uR"({"type":"task.add","commandId":"c","workflowId":"w","taskId":"t","spec":{"title":"T","shell":"x","retry":{"maxAttempts":2,"backoff":{"type":"exponential","baseMs":"1s","maxMs":9}}}})"_s
            << u"spec.retry.backoff.baseMs"_s << invalid;
        QTest::newRow("backoff type unknown")
            << uR"({"type":"task.add","commandId":"c","workflowId":"w","taskId":"t","spec":{"title":"T","shell":"x","retry":{"maxAttempts":2,"backoff":{"type":"linear"}}}})"_s
            << u"spec.retry.backoff.type"_s << invalid;
        QTest::newRow("backoff missing")
            << uR"({"type":"task.add","commandId":"c","workflowId":"w","taskId":"t","spec":{"title":"T","shell":"x","retry":{"maxAttempts":2}}})"_s
            << u"spec.retry.backoff"_s << missing;
        QTest::newRow("command element")
            << uR"({"type":"task.add","commandId":"c","workflowId":"w","taskId":"t","spec":{"title":"T","command":["make",2]}})"_s
            << u"spec.command[1]"_s << invalid;
        QTest::newRow("env value")
            << uR"({"type":"task.add","commandId":"c","workflowId":"w","taskId":"t","spec":{"title":"T","shell":"x","env":{"A":1}}})"_s
            << u"spec.env.A"_s << invalid;
        QTest::newRow("spec missing")
            << uR"({"type":"task.add","commandId":"c","workflowId":"w","taskId":"t"})"_s
            << u"spec"_s << missing;
        QTest::newRow("prerequisite empty")
            << uR"({"type":"task.dependency.declare","commandId":"c","workflowId":"w","taskId":"t","prerequisites":["a",""]})"_s
            << u"prerequisites[1]"_s << invalid;
        QTest::newRow("dependency type")
            << uR"({"type":"task.dependency.declare","commandId":"c","workflowId":"w","taskId":"t","prerequisites":["a"],"dependencyType":"soft"})"_s
            << u"dependencyType"_s << invalid;
        QTest::newRow("lease deadline missing")
            << uR"({"type":"task.lease","commandId":"c","workflowId":"w","taskId":"t","workerId":"x","attempt":1})"_s
            << u"leaseDeadline"_s << missing;
        QTest::newRow("attempt fractional")
            << uR"({"type":"task.attempt.start","commandId":"c","workflowId":"w","taskId":"t","attempt":1.5,"threadId":"th","turnId":"tu"})"_s
            << u"attempt"_s << invalid;
        QTest::newRow("outcome word")
            << uR"({"type":"task.attempt.finish","commandId":"c","workflowId":"w","taskId":"t","attempt":1,"outcome":"meh"})"_s
            << u"outcome"_s << invalid;
        QTest::newRow("promote time")
            << uR"({"type":"task.promote","commandId":"c","workflowId":"w","taskId":"t","at":"yesterday"})"_s
            << u"at"_s << invalid;
        QTest::newRow("import document")
            << uR"({"type":"workflow.import","commandId":"c","workflowId":"w","projectId":"p","document":[]})"_s
            << u"document"_s << invalid;
    }

    void given_bad_fields_when_decoded_then_the_error_names_the_field()
    {
        QFETCH(QString, line);
        QFETCH(QString, field);
        QFETCH(int, code);
        const QByteArray utf8 = line.toUtf8();
        const CodecError e = commandError(utf8.constData());
        QCOMPARE(e.field, field);
        QCOMPARE(int(e.code), code);
        QVERIFY2(e.message.startsWith(field), qPrintable(e.message));
    }

    void given_a_task_event_when_stamped_then_its_aggregate_is_workflow_slash_task()
    {
        const AggregateRef ref
            = aggregateOf(TaskAttemptStarted {kWorkflow, task("build"), 1, kThread, kTurn1});
        QCOMPARE(ref.kind, u"task"_s);
        QCOMPARE(ref.id, u"wf-1/build"_s);
        const AggregateRef w = aggregateOf(WorkflowCreated {kWorkflow, kProject, u"R"_s});
        QCOMPARE(w.kind, u"workflow"_s);
        QCOMPARE(w.id, u"wf-1"_s);
    }

    // --- read model ---

    void given_task_events_when_folded_then_the_model_tracks_hierarchy_edges_and_attempts()
    {
        const ReadModel model = richWorkflowModel();
        const WorkflowView *w = model.workflow(kWorkflow);
        QVERIFY(w);
        QCOMPARE(w->taskOrder.size(), qsizetype(5));
        const TaskView *a = w->task(task("a"));
        QCOMPARE(a->state, TaskRunState::RetryWait);
        QCOMPARE(a->attemptCount, 1);
        QVERIFY(!a->currentAttempt);
        QCOMPARE(a->retryAt, kNow.addSecs(30));
        QCOMPARE(a->lastOutcome, std::optional(AttemptOutcome::Failed));
        QCOMPARE(a->lastExitCode, std::optional(1));
        QCOMPARE(a->threadId, std::optional(kThread));
        QCOMPARE(a->children, QList<TaskId> {task("c")});
        QCOMPARE(a->dependents, (QList<TaskId> {task("b"), task("d")}));
        QCOMPARE(w->task(task("b"))->state, TaskRunState::Blocked);
        QCOMPARE(w->task(task("d"))->state, TaskRunState::Succeeded);
        QCOMPARE(w->task(task("d"))->readySerial, qint64(2));
        QCOMPARE(w->task(task("e"))->state, TaskRunState::Canceled);
        QCOMPARE(model.readySerial, qint64(2));
        QCOMPARE(w->edges().size(), qsizetype(3));
    }

    void given_stored_task_events_when_projected_then_the_task_stream_version_moves()
    {
        ReadModel model = givenStartedWorkflow({taskAdded(task("a"))});
        StoredEvent e = storedEvent(7, u"task"_s, u"wf-1/a"_s, 2, u"task.promoted"_s,
                                    encodeEventPayload(TaskPromoted {kWorkflow, task("a")}));
        project(model, e);
        QCOMPARE(model.task(kWorkflow, task("a"))->version, qint64(2));
        QCOMPARE(model.versionOf(u"task"_s, u"wf-1/a"_s), qint64(2));
        QCOMPARE(model.task(kWorkflow, task("a"))->state, TaskRunState::Ready);
        project(model,
                storedEvent(8, u"workflow"_s, u"wf-1"_s, 5, u"workflow.paused"_s,
                            encodeEventPayload(WorkflowPaused {kWorkflow})));
        QCOMPARE(model.versionOf(u"workflow"_s, u"wf-1"_s), qint64(5));
        QCOMPARE(model.workflow(kWorkflow)->state, WorkflowState::Paused);
    }

    void given_a_model_with_workflows_when_snapshot_round_trips_then_equal()
    {
        const ReadModel model = richWorkflowModel();
        const auto back = decodeSnapshot(encodeSnapshot(model));
        QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
        QVERIFY(*back == model);
        QCOMPARE(QJsonDocument(readModelToJson(*back)).toJson(),
                 QJsonDocument(readModelToJson(model)).toJson());
    }

    void given_a_truncated_snapshot_with_workflows_when_decoded_then_malformed()
    {
        const QByteArray full = encodeSnapshot(richWorkflowModel());
        for (qsizetype n = full.size() - 1; n > full.size() - 400 && n > 8; n -= 7) {
            const auto back = decodeSnapshot(full.left(n));
            QVERIFY(!back);
            QCOMPARE(back.error().code, CodecError::Code::Malformed);
        }
    }

    void given_a_model_with_workflows_when_to_json_then_workflows_and_tasks_sorted()
    {
        const QJsonObject json = readModelToJson(richWorkflowModel());
        const QJsonArray workflows = json.value(u"workflows"_s).toArray();
        QCOMPARE(workflows.size(), qsizetype(2));
        QCOMPARE(workflows[0].toObject().value(u"id"_s).toString(), u"wf-1"_s);
        QCOMPARE(workflows[0].toObject().value(u"state"_s).toString(), u"running"_s);
        QCOMPARE(workflows[1].toObject().value(u"state"_s).toString(), u"canceled"_s);
        QCOMPARE(workflows[0].toObject().value(u"dependencies"_s).toArray().size(), qsizetype(3));
        const QJsonArray tasks = json.value(u"tasks"_s).toArray();
        QCOMPARE(tasks.size(), qsizetype(6));
        QStringList order;
        for (const QJsonValue &t : tasks)
            order.append(t.toObject().value(u"workflowId"_s).toString() + u'/'
                         + t.toObject().value(u"id"_s).toString());
        QCOMPARE(order,
                 (QStringList {u"wf-1/a"_s, u"wf-1/b"_s, u"wf-1/c"_s, u"wf-1/d"_s, u"wf-1/e"_s,
                               u"wf-2/a"_s}));
        const QJsonObject a = tasks[0].toObject();
        QCOMPARE(a.value(u"state"_s).toString(), u"retry_wait"_s);
        QCOMPARE(a.value(u"lastOutcome"_s).toString(), u"failed"_s);
        QCOMPARE(a.value(u"spec"_s).toObject().value(u"concurrencyKey"_s).toString(), u"gpu"_s);
        // projects and threads keep their shape
        QVERIFY(json.value(u"projects"_s).isArray());
        QVERIFY(json.value(u"threads"_s).isArray());
    }
};

QTEST_GUILESS_MAIN(TestWorkflowCodecs)
#include "tst_workflow_codecs.moc"

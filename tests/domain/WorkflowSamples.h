#pragma once

// One of each workflow and task command and event, with optionals both set and unset, for the
// codec round-trip tests (tst_codecs.cpp iterates over every alternative of Command and Event).

#include "backend/domain/Commands.h"
#include "backend/domain/Events.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>

namespace samples {

using namespace backend;

inline QDateTime sampleTime(int minute)
{
    return QDateTime(QDate(2026, 11, 23), QTime(9, minute, 0, 250), QTimeZone::utc());
}

/// Every spec field set: an argument vector, env, retry with exponential backoff, etc.
inline TaskSpec fullSpec()
{
    TaskSpec s;
    s.title = QStringLiteral("Build");
    s.command = {QStringLiteral("cmake"), QStringLiteral("--build"), QStringLiteral("build")};
    s.cwd = QStringLiteral("/src");
    s.env = {{QStringLiteral("CC"), QStringLiteral("gcc")},
             {QStringLiteral("V"), QStringLiteral("1")}};
    s.priority = 7;
    s.concurrencyKey = QStringLiteral("gpu");
    s.retry = RetryPolicy {4, Backoff {Backoff::Kind::Exponential, 0, 250, 8000, 0.25}};
    s.timeoutMs = 60000;
    s.notBefore = sampleTime(5);
    s.cron = QStringLiteral("*/5 * * * *");
    s.parentTaskId = TaskId(QStringLiteral("parent"));
    s.labels = {QStringLiteral("linux"), QStringLiteral("x86_64")};
    s.weight = 2.5;
    return s;
}

/// The fewest fields: a shell line, a fixed backoff.
inline TaskSpec shellSpec()
{
    TaskSpec s;
    s.title = QStringLiteral("Lint");
    s.shell = QStringLiteral("make lint | tee lint.log");
    s.retry = RetryPolicy {2, Backoff {Backoff::Kind::Fixed, 1500, 0, 0, 0.0}};
    return s;
}

inline QList<Command> workflowSampleCommands()
{
    const CommandId cid(QStringLiteral("cmd-w"));
    const WorkflowId w(QStringLiteral("wf-1"));
    const ProjectId p(QStringLiteral("p-1"));
    const TaskId t(QStringLiteral("build"));
    const QJsonObject document {
        {QStringLiteral("tasks"),
         QJsonArray {QJsonObject {{QStringLiteral("id"), QStringLiteral("a")},
                                  {QStringLiteral("shell"), QStringLiteral("true")}}}},
        {QStringLiteral("dependencies"), QJsonArray {}}};
    return {
        WorkflowCreate {cid, w, p, QStringLiteral("Release")},
        WorkflowCreate {cid, w, p, QStringLiteral("Nightly"), SchedulingStrategy::Fair},
        WorkflowImport {cid, w, p, document},
        WorkflowStart {cid, w},
        WorkflowPause {cid, w},
        WorkflowResume {cid, w},
        WorkflowCancel {cid, w},
        TaskAdd {cid, w, t, fullSpec()},
        TaskAdd {cid, w, t, shellSpec()},
        TaskDependencyDeclare {cid,
                               w,
                               t,
                               {TaskId(QStringLiteral("a")), TaskId(QStringLiteral("b"))},
                               DependencyType::Blocking},
        TaskDependencyDeclare {
            cid, w, t, {TaskId(QStringLiteral("a"))}, DependencyType::PreferredOrder},
        TaskCancel {cid, w, t},
        TaskPromote {cid, w, t, sampleTime(1)},
        TaskLease {cid, w, t, WorkerId(QStringLiteral("local-1")), 2, sampleTime(2)},
        TaskLeaseHeartbeat {cid, w, t, WorkerId(QStringLiteral("local-1")), 2, sampleTime(3)},
        TaskAttemptStart {cid, w, t, 2, ThreadId(QStringLiteral("th")),
                          TurnId(QStringLiteral("tu"))},
        TaskAttemptFinish {cid, w, t, 2, AttemptOutcome::TimedOut, -9, QStringLiteral("timeout")},
        TaskAttemptFinish {cid, w, t, 1, AttemptOutcome::Succeeded, std::nullopt, std::nullopt},
        TaskRetrySchedule {cid, w, t, 2, sampleTime(4)},
        TaskSucceed {cid, w, t},
        TaskFail {cid, w, t, QStringLiteral("exit 2")},
        TaskFail {cid, w, t, std::nullopt},
        TaskUpstreamFail {cid, w, t},
    };
}

inline QList<Event> workflowSampleEvents()
{
    const WorkflowId w(QStringLiteral("wf-1"));
    const ProjectId p(QStringLiteral("p-1"));
    const TaskId t(QStringLiteral("build"));
    const TaskId a(QStringLiteral("a"));
    return {
        WorkflowCreated {w, p, QStringLiteral("Release")},
        WorkflowCreated {w, p, QStringLiteral("Nightly"), SchedulingStrategy::Affinity},
        WorkflowImported {w, 3, 2},
        WorkflowStarted {w},
        WorkflowPaused {w},
        WorkflowResumed {w},
        WorkflowCanceled {w},
        WorkflowCompleted {w, false},
        TaskAdded {w, t, fullSpec(), TaskRunState::Scheduled},
        TaskAdded {w, t, shellSpec(), TaskRunState::Blocked},
        TaskDependencyDeclared {w, t, {a}, DependencyType::PreferredOrder},
        TaskStateChanged {w, t, TaskRunState::Blocked, TaskRunState::Scheduled},
        TaskPromoted {w, t},
        TaskLeased {w, t, WorkerId(QStringLiteral("local-1")), 1, sampleTime(2)},
        TaskLeaseRenewed {w, t, WorkerId(QStringLiteral("local-1")), 1, sampleTime(3)},
        TaskAttemptStarted {w, t, 1, ThreadId(QStringLiteral("th")), TurnId(QStringLiteral("tu"))},
        TaskAttemptFinished {w, t, 1, AttemptOutcome::Lost, std::nullopt, QStringLiteral("gone")},
        TaskRetryScheduled {w, t, 1, sampleTime(4)},
        TaskSucceeded {w, t},
        TaskFailed {w, t, QStringLiteral("exit 1")},
        TaskCanceled {w, t, a},
        TaskCanceled {w, t, std::nullopt},
        TaskUpstreamFailed {w, t, a},
    };
}

} // namespace samples

#pragma once

// Field lists and renderings of the workflow and task events, for DomainFixtures.h's
// sameEvent/describe (which visit every event type). Included by DomainFixtures.h before its
// own `fields` and `render`, so that their generic code finds these overloads.

#include "backend/domain/Events.h"
#include "backend/domain/WorkflowCodec.h"
#include "backend/domain/WorkflowWords.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QStringList>

#include <tuple>

namespace fixtures {

using namespace backend;

inline auto fields(const WorkflowCreated &e)
{
    const auto &[workflowId, projectId, title, strategy] = e;
    return std::tie(workflowId, projectId, title, strategy);
}
inline auto fields(const WorkflowImported &e)
{
    const auto &[workflowId, taskCount, dependencyCount] = e;
    return std::tie(workflowId, taskCount, dependencyCount);
}
inline auto fields(const WorkflowStarted &e)
{
    const auto &[workflowId] = e;
    return std::tie(workflowId);
}
inline auto fields(const WorkflowPaused &e)
{
    const auto &[workflowId] = e;
    return std::tie(workflowId);
}
inline auto fields(const WorkflowResumed &e)
{
    const auto &[workflowId] = e;
    return std::tie(workflowId);
}
inline auto fields(const WorkflowCanceled &e)
{
    const auto &[workflowId] = e;
    return std::tie(workflowId);
}
inline auto fields(const WorkflowCompleted &e)
{
    const auto &[workflowId, succeeded] = e;
    return std::tie(workflowId, succeeded);
}
inline auto fields(const TaskAdded &e)
{
    const auto &[workflowId, taskId, spec, state] = e;
    return std::tie(workflowId, taskId, spec, state);
}
inline auto fields(const TaskDependencyDeclared &e)
{
    const auto &[workflowId, taskId, prerequisites, type] = e;
    return std::tie(workflowId, taskId, prerequisites, type);
}
inline auto fields(const TaskStateChanged &e)
{
    const auto &[workflowId, taskId, from, to] = e;
    return std::tie(workflowId, taskId, from, to);
}
inline auto fields(const TaskPromoted &e)
{
    const auto &[workflowId, taskId] = e;
    return std::tie(workflowId, taskId);
}
inline auto fields(const TaskLeased &e)
{
    const auto &[workflowId, taskId, workerId, attempt, leaseDeadline] = e;
    return std::tie(workflowId, taskId, workerId, attempt, leaseDeadline);
}
inline auto fields(const TaskLeaseRenewed &e)
{
    const auto &[workflowId, taskId, workerId, attempt, leaseDeadline] = e;
    return std::tie(workflowId, taskId, workerId, attempt, leaseDeadline);
}
inline auto fields(const TaskAttemptStarted &e)
{
    const auto &[workflowId, taskId, attempt, threadId, turnId] = e;
    return std::tie(workflowId, taskId, attempt, threadId, turnId);
}
inline auto fields(const TaskAttemptFinished &e)
{
    const auto &[workflowId, taskId, attempt, outcome, exitCode, error] = e;
    return std::tie(workflowId, taskId, attempt, outcome, exitCode, error);
}
inline auto fields(const TaskRetryScheduled &e)
{
    const auto &[workflowId, taskId, attempt, retryAt] = e;
    return std::tie(workflowId, taskId, attempt, retryAt);
}
inline auto fields(const TaskSucceeded &e)
{
    const auto &[workflowId, taskId] = e;
    return std::tie(workflowId, taskId);
}
inline auto fields(const TaskFailed &e)
{
    const auto &[workflowId, taskId, error] = e;
    return std::tie(workflowId, taskId, error);
}
inline auto fields(const TaskCanceled &e)
{
    const auto &[workflowId, taskId, causeTaskId] = e;
    return std::tie(workflowId, taskId, causeTaskId);
}
inline auto fields(const TaskUpstreamFailed &e)
{
    const auto &[workflowId, taskId, failedTaskId] = e;
    return std::tie(workflowId, taskId, failedTaskId);
}

inline QString render(TaskRunState v)
{
    return toWord(v);
}
inline QString render(AttemptOutcome v)
{
    return toWord(v);
}
inline QString render(SchedulingStrategy v)
{
    return toWord(v);
}
inline QString render(DependencyType v)
{
    return toWord(v);
}
inline QString render(qint64 v)
{
    return QString::number(v);
}
inline QString render(const QDateTime &v)
{
    return v.isValid() ? v.toUTC().toString(Qt::ISODateWithMs) : QStringLiteral("(invalid)");
}
inline QString render(const TaskSpec &v)
{
    return QString::fromUtf8(QJsonDocument(encodeTaskSpec(v)).toJson(QJsonDocument::Compact));
}
inline QString render(const QList<TaskId> &v)
{
    QStringList ids;
    for (const TaskId &id : v)
        ids.append(id.value);
    return u'[' + ids.join(u',') + u']';
}

} // namespace fixtures

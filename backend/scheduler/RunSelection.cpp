#include "backend/scheduler/RunSelection.h"

#include <QSet>

#include <algorithm>

namespace backend {

QList<RunCandidate> selectRunnable(QList<RunCandidate> candidates, int freeSlots,
                                   const QHash<QString, int> &runningByConcurrencyKey)
{
    QList<RunCandidate> chosen;
    if (freeSlots <= 0)
        return chosen;
    std::sort(candidates.begin(), candidates.end(),
              [](const RunCandidate &a, const RunCandidate &b) {
                  if (a.priority != b.priority)
                      return a.priority > b.priority;
                  if (a.readySerial != b.readySerial)
                      return a.readySerial < b.readySerial;
                  if (a.workflowId != b.workflowId)
                      return a.workflowId < b.workflowId;
                  return a.taskId < b.taskId;
              });
    QSet<QString> takenKeys;
    for (const RunCandidate &c : std::as_const(candidates)) {
        if (chosen.size() >= freeSlots)
            break;
        if (c.concurrencyKey) {
            if (runningByConcurrencyKey.value(*c.concurrencyKey) > 0
                || takenKeys.contains(*c.concurrencyKey))
                continue;
            takenKeys.insert(*c.concurrencyKey);
        }
        chosen.append(c);
    }
    return chosen;
}

QList<RunCandidate> readyCandidates(const ReadModel &model)
{
    QList<RunCandidate> candidates;
    for (const WorkflowView &w : model.workflows) {
        if (w.state != WorkflowState::Running)
            continue;
        for (const TaskView &t : w.tasks) {
            if (t.state == TaskRunState::Ready)
                candidates.append(RunCandidate {w.id, t.id, t.spec.priority, t.readySerial,
                                                t.spec.concurrencyKey});
        }
    }
    return candidates;
}

QHash<QString, int> runningByConcurrencyKey(const ReadModel &model)
{
    QHash<QString, int> running;
    for (const WorkflowView &w : model.workflows) {
        for (const TaskView &t : w.tasks) {
            if (t.spec.concurrencyKey
                && (t.state == TaskRunState::Leased || t.state == TaskRunState::Running))
                ++running[*t.spec.concurrencyKey];
        }
    }
    return running;
}

QList<RunCandidate> selectRunnable(const ReadModel &model, int freeSlots)
{
    return selectRunnable(readyCandidates(model), freeSlots, runningByConcurrencyKey(model));
}

} // namespace backend

#include "backend/scheduler/RunSelection.h"

#include "backend/domain/Events.h"

#include <QSet>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace backend {

namespace {

/// Within each run of equal priority (the list is sorted), a stable topological order along
/// preferred-order edges between those candidates: the earliest candidate whose preferred
/// prerequisites in the run have all been placed goes next.
QList<RunCandidate> preferredOrder(QList<RunCandidate> sorted)
{
    const bool anyEdges = std::any_of(sorted.cbegin(), sorted.cend(), [](const RunCandidate &c) {
        return !c.preferredAfter.isEmpty();
    });
    if (!anyEdges)
        return sorted;
    QList<RunCandidate> out;
    out.reserve(sorted.size());
    qsizetype begin = 0;
    while (begin < sorted.size()) {
        qsizetype end = begin;
        while (end < sorted.size() && sorted.at(end).priority == sorted.at(begin).priority)
            ++end;
        QHash<QString, qsizetype> index;
        for (qsizetype i = begin; i < end; ++i)
            index.insert(taskAggregateId(sorted.at(i).workflowId, sorted.at(i).taskId), i - begin);
        const qsizetype n = end - begin;
        std::vector<int> pending(static_cast<std::size_t>(n), 0);
        std::vector<std::vector<qsizetype>> next(static_cast<std::size_t>(n));
        for (qsizetype i = 0; i < n; ++i) {
            const RunCandidate &c = sorted.at(begin + i);
            for (const TaskId &p : c.preferredAfter) {
                const auto it = index.constFind(taskAggregateId(c.workflowId, p));
                if (it == index.cend() || *it == i)
                    continue;
                ++pending[static_cast<std::size_t>(i)];
                next[static_cast<std::size_t>(*it)].push_back(i);
            }
        }
        std::set<qsizetype> free;
        for (qsizetype i = 0; i < n; ++i) {
            if (pending[static_cast<std::size_t>(i)] == 0)
                free.insert(i);
        }
        std::vector<bool> placed(static_cast<std::size_t>(n), false);
        for (qsizetype done = 0; done < n; ++done) {
            qsizetype pick = -1;
            if (!free.empty()) {
                pick = *free.begin();
                free.erase(free.begin());
            } else {
                // Preferred edges may form a cycle (only blocking ones are checked): break it at
                // the earliest candidate left.
                for (qsizetype i = 0; i < n && pick < 0; ++i) {
                    if (!placed[static_cast<std::size_t>(i)])
                        pick = i;
                }
            }
            placed[static_cast<std::size_t>(pick)] = true;
            out.append(sorted.at(begin + pick));
            for (qsizetype d : next[static_cast<std::size_t>(pick)]) {
                if (!placed[static_cast<std::size_t>(d)]
                    && --pending[static_cast<std::size_t>(d)] == 0)
                    free.insert(d);
            }
        }
        begin = end;
    }
    return out;
}

} // namespace

QList<RunCandidate> selectRunnable(QList<RunCandidate> candidates, int freeSlots,
                                   const QHash<QString, int> &runningByConcurrencyKey,
                                   LaneCursor *cursor)
{
    QList<RunCandidate> chosen;
    if (freeSlots <= 0 || candidates.isEmpty())
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
    candidates = preferredOrder(std::move(candidates));

    // Each workflow's queue, as positions in the rule's order; affinity reorders its own.
    std::map<WorkflowId, std::vector<qsizetype>> queues;
    for (qsizetype i = 0; i < candidates.size(); ++i)
        queues[candidates.at(i).workflowId].push_back(i);
    for (auto &[workflow, queue] : queues) {
        if (candidates.at(queue.front()).strategy == SchedulingStrategy::Affinity)
            std::stable_sort(queue.begin(), queue.end(), [&](qsizetype a, qsizetype b) {
                return candidates.at(a).labelMatches > candidates.at(b).labelMatches;
            });
    }
    // Lanes: the shared one (empty id) first, then each fair workflow in id order.
    struct Lane
    {
        WorkflowId id;
        std::vector<std::vector<qsizetype> *> queues;
        std::vector<std::size_t> next; ///< per queue: its first candidate not yet considered
    };
    std::vector<Lane> lanes;
    lanes.push_back(Lane {WorkflowId(), {}, {}});
    for (auto &[workflow, queue] : queues) {
        const bool fair = candidates.at(queue.front()).strategy == SchedulingStrategy::Fair;
        Lane &lane = fair ? lanes.emplace_back(Lane {workflow, {}, {}}) : lanes.front();
        lane.queues.push_back(&queue);
        lane.next.push_back(0);
    }
    // The lane's next candidate: the best head among its queues (only the shared lane has more
    // than one), or -1 when it is exhausted.
    const auto pop = [&](Lane &lane) -> qsizetype {
        std::size_t best = lane.queues.size();
        for (std::size_t q = 0; q < lane.queues.size(); ++q) {
            if (lane.next[q] >= lane.queues[q]->size())
                continue;
            if (best == lane.queues.size()
                || (*lane.queues[q])[lane.next[q]] < (*lane.queues[best])[lane.next[best]])
                best = q;
        }
        if (best == lane.queues.size())
            return -1;
        return (*lane.queues[best])[lane.next[best]++];
    };

    // Lanes are in id order (the shared lane's empty id first), so the lane after the cursor's
    // is the first with a greater id — also when the cursor's lane has no candidates now.
    std::size_t at = 0;
    if (cursor && *cursor)
        at = static_cast<std::size_t>(
                 std::upper_bound(lanes.begin(), lanes.end(), **cursor,
                                  [](const WorkflowId &id, const Lane &l) { return id < l.id; })
                 - lanes.begin())
            % lanes.size();
    QSet<QString> takenKeys;
    std::vector<bool> exhausted(lanes.size(), false);
    std::size_t left = lanes.size();
    while (chosen.size() < freeSlots && left > 0) {
        Lane &lane = lanes[at];
        qsizetype pick = -1;
        while (!exhausted[at] && pick < 0) {
            const qsizetype i = pop(lane);
            if (i < 0) {
                exhausted[at] = true;
                --left;
                break;
            }
            const RunCandidate &c = candidates.at(i);
            if (c.concurrencyKey) {
                if (runningByConcurrencyKey.value(*c.concurrencyKey) > 0
                    || takenKeys.contains(*c.concurrencyKey))
                    continue;
                takenKeys.insert(*c.concurrencyKey);
            }
            pick = i;
        }
        if (pick >= 0) {
            chosen.append(candidates.at(pick));
            if (cursor)
                *cursor = lane.id;
        }
        at = (at + 1) % lanes.size();
    }
    return chosen;
}

QList<TaskId> preferredPrerequisites(const TaskView &task)
{
    QList<TaskId> ids;
    for (const TaskDependency &d : task.prerequisites) {
        if (d.type == DependencyType::PreferredOrder)
            ids.append(d.prerequisite);
    }
    return ids;
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
                                                t.spec.concurrencyKey, preferredPrerequisites(t)});
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

#pragma once

#include "backend/domain/ReadModel.h"
#include "backend/domain/StoredEvent.h"

#include <QHash>
#include <QSet>

#include <set>

namespace backend {

/// The tasks a scheduler tick has to look at — leased, running, scheduled, retry_wait and
/// ready runs, and blocked runs behind an ended prerequisite — kept up to date from the stored
/// events, so that a tick costs O(tasks in play) instead of O(every task ever added): in a
/// large workflow most tasks are blocked or finished at any moment.
class ActiveTaskIndex
{
public:
    /// Notes which task (or whole workflow) an event may have changed; cheap, no model needed.
    void noteEvent(const StoredEvent &event);
    /// Brings the index in line with `model`, which must already hold every noted event.
    void refresh(const ReadModel &model);
    /// The active tasks of `workflow`, in the workflow's task order; without the ready ones
    /// unless `withReady` (a tick's first pass looks only at the others, and ready runs are
    /// most of the active tasks of a wide workflow on few slots). Valid until the next refresh;
    /// the pointers point into `workflow`.
    [[nodiscard]] QList<const TaskView *> active(const WorkflowView &workflow,
                                                 bool withReady = true) const;
    /// Whether the index holds exactly the tasks a full pass over `model` would pick.
    [[nodiscard]] bool matches(const ReadModel &model) const;

    /// Whether a tick must look at `task` (see the class comment).
    [[nodiscard]] static bool isActive(const WorkflowView &workflow, const TaskView &task);

private:
    struct Entry
    {
        bool stale = true; ///< rebuild from the model at the next refresh
        qsizetype known = 0; ///< taskOrder entries already in `position`
        QHash<TaskId, qsizetype> position; ///< index in the workflow's taskOrder
        std::set<qsizetype> ready; ///< positions of the ready tasks
        std::set<qsizetype> other; ///< positions of the other active tasks
    };

    static void rebuild(const WorkflowView &workflow, Entry &entry);
    static void place(const WorkflowView &workflow, Entry &entry, const TaskView &task,
                      qsizetype position);
    static void update(const WorkflowView &workflow, Entry &entry, const TaskId &taskId);
    static void learnPositions(const WorkflowView &workflow, Entry &entry);

    QHash<WorkflowId, Entry> m_entries;
    QHash<WorkflowId, QSet<TaskId>> m_dirtyTasks;
    QSet<WorkflowId> m_dirtyWorkflows;
};

} // namespace backend

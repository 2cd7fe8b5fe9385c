#include "frontend/TaskListModel.h"

#include "backend/domain/WorkflowWords.h"
#include "frontend/RowMap.h"
#include "frontend/TaskSpecFields.h"

namespace frontend {

void TaskListModel::setWorkflowId(const QString &workflowId)
{
    if (m_workflowId == workflowId)
        return;
    m_workflowId = workflowId;
    resetRows();
    Q_EMIT workflowIdChanged();
    Q_EMIT workflowStateChanged();
}

const backend::WorkflowView *TaskListModel::workflow() const
{
    return client() ? client()->model().workflow(backend::WorkflowId(m_workflowId)) : nullptr;
}

QString TaskListModel::workflowState() const
{
    const auto *w = workflow();
    return w ? backend::toWord(w->state) : QString();
}

QString TaskListModel::workflowTitle() const
{
    const auto *w = workflow();
    return w ? w->title : QString();
}

int TaskListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant TaskListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto *w = workflow();
    const backend::TaskView *task = w ? w->task(backend::TaskId(m_ids.at(index.row()))) : nullptr;
    if (!task)
        return {};
    switch (role) {
    case IdRole:
        return task->id.value;
    case Qt::DisplayRole:
    case TitleRole:
        return task->spec.title.isEmpty() ? task->id.value : task->spec.title;
    case StateRole:
        return backend::toWord(task->state);
    case AttemptCountRole:
        return task->attemptCount;
    case MaxAttemptsRole:
        return task->spec.maxAttempts();
    case ExitCodeRole:
        return task->lastExitCode ? QVariant(*task->lastExitCode) : QVariant();
    case ErrorRole:
        return task->lastError.value_or(QString());
    case OutcomeRole:
        return task->lastOutcome ? backend::toWord(*task->lastOutcome) : QString();
    case ThreadIdRole:
        return task->threadId ? task->threadId->value : QString();
    case TurnIdRole:
        return task->turnId ? task->turnId->value : QString();
    case CommandRole:
        return task->spec.shell ? *task->spec.shell : task->spec.command.join(QLatin1Char(' '));
    case PriorityRole:
        return task->spec.priority;
    case WeightRole:
        return task->spec.weight;
    case PrerequisitesRole: {
        QStringList ids;
        for (const backend::TaskDependency &d : task->prerequisites)
            ids.append(d.prerequisite.value);
        return ids;
    }
    case DependentsRole: {
        QStringList ids;
        for (const backend::TaskId &d : task->dependents)
            ids.append(d.value);
        return ids;
    }
    case SpecRole: {
        QVariantList fields;
        for (const SpecField &f : specFields(task->spec))
            fields.append(QVariantMap {{QStringLiteral("key"), f.key},
                                       {QStringLiteral("label"), f.label},
                                       {QStringLiteral("value"), f.value}});
        return fields;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> TaskListModel::roleNames() const
{
    return {{IdRole, "taskId"},
            {TitleRole, "title"},
            {StateRole, "state"},
            {AttemptCountRole, "attemptCount"},
            {MaxAttemptsRole, "maxAttempts"},
            {ExitCodeRole, "exitCode"},
            {ErrorRole, "error"},
            {OutcomeRole, "outcome"},
            {ThreadIdRole, "threadId"},
            {TurnIdRole, "turnId"},
            {CommandRole, "command"},
            {PriorityRole, "priority"},
            {WeightRole, "weight"},
            {PrerequisitesRole, "prerequisites"},
            {DependentsRole, "dependents"},
            {SpecRole, "spec"}};
}

QVariantMap TaskListModel::get(const QString &taskId) const
{
    return rowAsMap(*this, indexOf(taskId));
}

int TaskListModel::countInState(const QString &state) const
{
    const auto *w = workflow();
    if (!w)
        return 0;
    int n = 0;
    for (const backend::TaskView &task : w->tasks)
        if (backend::toWord(task.state) == state)
            ++n;
    return n;
}

void TaskListModel::reload()
{
    m_ids.clear();
    m_rowOf.clear();
    if (const auto *w = workflow()) {
        for (const backend::TaskId &id : w->taskOrder) {
            m_rowOf.insert(id.value, int(m_ids.size()));
            m_ids.append(id.value);
        }
    }
}

void TaskListModel::apply(const backend::StoredEvent &event)
{
    if (m_workflowId.isEmpty())
        return;
    if (event.aggregateKind == QLatin1String("workflow")) {
        if (event.aggregateId == m_workflowId)
            Q_EMIT workflowStateChanged();
        return;
    }
    if (event.aggregateKind != QLatin1String("task")
        || !event.aggregateId.startsWith(m_workflowId + QLatin1Char('/')))
        return;
    const QString taskId = event.aggregateId.mid(m_workflowId.size() + 1);
    const int row = indexOf(taskId);
    if (row < 0) {
        const auto *w = workflow();
        if (!w || !w->task(backend::TaskId(taskId)))
            return;
        const int at = int(m_ids.size());
        beginInsertRows({}, at, at);
        m_ids.append(taskId);
        m_rowOf.insert(taskId, at);
        endInsertRows();
        return;
    }
    Q_EMIT dataChanged(index(row), index(row));
    // An edge into this task changes its prerequisites' dependents too.
    if (event.type == QLatin1String("task.dependency-declared")) {
        const auto *w = workflow();
        if (const backend::TaskView *task = w ? w->task(backend::TaskId(taskId)) : nullptr)
            for (const backend::TaskDependency &d : task->prerequisites)
                if (const int p = indexOf(d.prerequisite.value); p >= 0)
                    Q_EMIT dataChanged(index(p), index(p), {DependentsRole});
    }
}

} // namespace frontend

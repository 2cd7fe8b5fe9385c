#include "frontend/WorkflowListModel.h"

#include "backend/domain/WorkflowWords.h"

#include <algorithm>

namespace frontend {

void WorkflowListModel::setProjectId(const QString &projectId)
{
    if (m_projectId == projectId)
        return;
    m_projectId = projectId;
    resetRows();
    Q_EMIT projectIdChanged();
}

int WorkflowListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QVariant WorkflowListModel::data(const QModelIndex &index, int role) const
{
    if (!client() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const backend::WorkflowView *workflow
        = client()->model().workflow(backend::WorkflowId(m_ids.at(index.row())));
    if (!workflow)
        return {};
    switch (role) {
    case IdRole:
        return workflow->id.value;
    case Qt::DisplayRole:
    case TitleRole:
        return workflow->title;
    case StateRole:
        return backend::toWord(workflow->state);
    case TaskCountRole:
        return int(workflow->taskOrder.size());
    case SucceededRole:
        return workflow->succeeded;
    default:
        return {};
    }
}

QHash<int, QByteArray> WorkflowListModel::roleNames() const
{
    return {{IdRole, "workflowId"},
            {TitleRole, "title"},
            {StateRole, "workflowState"},
            {TaskCountRole, "taskCount"},
            {SucceededRole, "succeeded"}};
}

int WorkflowListModel::indexOf(const QString &workflowId) const
{
    return int(m_ids.indexOf(workflowId));
}

void WorkflowListModel::reload()
{
    m_ids.clear();
    if (!client() || m_projectId.isEmpty())
        return;
    QList<const backend::WorkflowView *> workflows;
    for (const backend::WorkflowView &workflow : client()->model().workflows)
        if (workflow.projectId.value == m_projectId)
            workflows.append(&workflow);
    std::sort(workflows.begin(), workflows.end(), [](const auto *a, const auto *b) {
        return a->createdAt != b->createdAt ? a->createdAt < b->createdAt : a->id < b->id;
    });
    for (const auto *workflow : workflows)
        m_ids.append(workflow->id.value);
}

void WorkflowListModel::apply(const backend::StoredEvent &event)
{
    // Task events change only counts; the workflow's own events say when those matter.
    if (event.aggregateKind != QLatin1String("workflow") || m_projectId.isEmpty())
        return;
    const backend::WorkflowView *workflow
        = client()->model().workflow(backend::WorkflowId(event.aggregateId));
    if (!workflow || workflow->projectId.value != m_projectId)
        return;
    const int row = indexOf(event.aggregateId);
    if (row < 0) {
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size()));
        m_ids.append(event.aggregateId);
        endInsertRows();
    } else {
        Q_EMIT dataChanged(index(row), index(row));
    }
}

} // namespace frontend

#pragma once

#include "frontend/ClientModel.h"

#include <QHash>
#include <QList>
#include <QVariantMap>

namespace frontend {

/// The tasks of one workflow in the order they were added, with their run state and the
/// bookkeeping of their attempts. The DAG view and the inspector read it.
class TaskListModel : public ClientModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString workflowId READ workflowId WRITE setWorkflowId NOTIFY workflowIdChanged)
    Q_PROPERTY(QString workflowState READ workflowState NOTIFY workflowStateChanged)
    Q_PROPERTY(QString workflowTitle READ workflowTitle NOTIFY workflowStateChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        StateRole,
        AttemptCountRole,
        MaxAttemptsRole,
        ExitCodeRole,
        ErrorRole,
        OutcomeRole,
        ThreadIdRole,
        TurnIdRole,
        CommandRole,
        PriorityRole,
        WeightRole,
        PrerequisitesRole,
        DependentsRole,
        SpecRole, ///< the spec's set fields: [{key, label, value}] (TaskSpecFields.h)
    };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] QString workflowId() const { return m_workflowId; }
    void setWorkflowId(const QString &workflowId);
    [[nodiscard]] QString workflowState() const;
    [[nodiscard]] QString workflowTitle() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE int indexOf(const QString &taskId) const { return m_rowOf.value(taskId, -1); }
    /// Every role of one task by name (the inspector's data); empty when unknown.
    Q_INVOKABLE QVariantMap get(const QString &taskId) const;
    /// How many tasks are in `state` ("running", "succeeded", …).
    Q_INVOKABLE int countInState(const QString &state) const;

Q_SIGNALS:
    void workflowIdChanged();
    void workflowStateChanged();

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    [[nodiscard]] const backend::WorkflowView *workflow() const;

    QString m_workflowId;
    QList<QString> m_ids;
    QHash<QString, int> m_rowOf;
};

} // namespace frontend

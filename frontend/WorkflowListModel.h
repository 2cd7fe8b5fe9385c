#pragma once

#include "frontend/ClientModel.h"

#include <QList>

namespace frontend {

/// The workflows of one project, oldest first.
class WorkflowListModel : public ClientModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString projectId READ projectId WRITE setProjectId NOTIFY projectIdChanged)

public:
    enum Role { IdRole = Qt::UserRole + 1, TitleRole, StateRole, TaskCountRole, SucceededRole };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] QString projectId() const { return m_projectId; }
    void setProjectId(const QString &projectId);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE int indexOf(const QString &workflowId) const;

Q_SIGNALS:
    void projectIdChanged();

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    QString m_projectId;
    QList<QString> m_ids;
};

} // namespace frontend

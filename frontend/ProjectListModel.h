#pragma once

#include "frontend/ClientModel.h"

#include <QList>

namespace frontend {

/// The live projects, oldest first.
class ProjectListModel : public ClientModel
{
    Q_OBJECT
    QML_ELEMENT

public:
    enum Role { IdRole = Qt::UserRole + 1, TitleRole, WorkspaceRootRole, ThreadCountRole };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    /// Row of a project id, -1 when absent.
    Q_INVOKABLE int indexOf(const QString &projectId) const;

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    QList<QString> m_ids;
};

} // namespace frontend

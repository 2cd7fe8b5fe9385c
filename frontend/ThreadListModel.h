#pragma once

#include "frontend/ClientModel.h"

#include <QList>

namespace frontend {

/// The live threads of one project, oldest first, archived ones included (flagged: the
/// sidebar folds them away). The threads the scheduler records task attempts on are left out.
class ThreadListModel : public ClientModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString projectId READ projectId WRITE setProjectId NOTIFY projectIdChanged)
    Q_PROPERTY(int archivedCount READ archivedCount NOTIFY archivedCountChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        StatusRole,
        ArchivedRole,
        RunningRole,
        ErrorRole,
        ProviderRole,
        TurnCountRole,
    };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] QString projectId() const { return m_projectId; }
    void setProjectId(const QString &projectId);
    [[nodiscard]] int archivedCount() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    Q_INVOKABLE int indexOf(const QString &threadId) const;

Q_SIGNALS:
    void projectIdChanged();
    void archivedCountChanged();

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    QString m_projectId;
    QList<QString> m_ids;
};

} // namespace frontend

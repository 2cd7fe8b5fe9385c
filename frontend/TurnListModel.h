#pragma once

#include "frontend/ClientModel.h"

#include <QList>

namespace frontend {

/// The turns of one thread in the order they started, with state and duration.
class TurnListModel : public ClientModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString threadId READ threadId WRITE setThreadId NOTIFY threadIdChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NumberRole,
        StateRole,
        StartedAtRole,
        DurationMsRole, ///< -1 while running
        ExitCodeRole, ///< -1 when none (QML delegates need a value for a required property)
        ErrorRole,
    };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] QString threadId() const { return m_threadId; }
    void setThreadId(const QString &threadId);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void threadIdChanged();

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    QString m_threadId;
    QList<QString> m_ids;
};

} // namespace frontend

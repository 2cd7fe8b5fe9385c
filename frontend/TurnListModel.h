#pragma once

#include "frontend/ClientModel.h"

#include <QHash>
#include <QJsonArray>
#include <QList>

namespace frontend {

/// The turns of one thread in the order they started, with state, duration and the files each
/// changed (recorded by its checkpoint; none when the workspace is not a git repository).
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
        FilesRole, ///< [{path, kind, additions, deletions, binary}]
        FileCountRole,
        AdditionsRole,
        DeletionsRole,
    };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] QString threadId() const { return m_threadId; }
    void setThreadId(const QString &threadId);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    /// A row as an object of its roles (tests and scripts); empty when out of range.
    Q_INVOKABLE QVariantMap get(int row) const;
    /// The row of a turn; -1 when the thread has no such turn.
    Q_INVOKABLE int indexOf(const QString &turnId) const { return int(m_ids.indexOf(turnId)); }

Q_SIGNALS:
    void threadIdChanged();

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    void onTurnDiffs(const TurnDiffs &diffs);
    void setFiles(const QString &turnId, const QJsonArray &files);

    QString m_threadId;
    QList<QString> m_ids;
    QHash<QString, QJsonArray> m_files; ///< by turn id
    quint64 m_diffRequest = 0;
    QMetaObject::Connection m_diffConnection;
};

} // namespace frontend

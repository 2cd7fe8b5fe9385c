#pragma once

#include "frontend/AttemptHistory.h"
#include "frontend/ClientModel.h"

#include <QList>

namespace frontend {

/// Every attempt of one task, newest first: number, outcome, exit code, error, start and
/// duration, and the thread turn it ran as. The read model keeps only a task's latest attempt,
/// so the rows come from the task's stored events (read once through the HistoryReader, then
/// followed live), which holds however late the view opens. `loading` until that read answers.
class AttemptListModel : public ClientModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString workflowId READ workflowId WRITE setWorkflowId NOTIFY keyChanged)
    Q_PROPERTY(QString taskId READ taskId WRITE setTaskId NOTIFY keyChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    enum Role {
        AttemptRole = Qt::UserRole + 1,
        OutcomeRole,
        ExitCodeRole, ///< -1 when none (QML delegates need a value for a required property)
        ErrorRole,
        StartedAtRole, ///< the start, else the lease; invalid when neither
        DurationMsRole, ///< from the start (else the lease) to the end; -1 while open
        DurationRole, ///< DurationMsRole for people ("1.5 s"); empty while open
        ThreadIdRole,
        TurnIdRole,
        HasTurnRole, ///< the turn's thread exists (tasks run with recordTurns off have none)
    };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] QString workflowId() const { return m_workflowId; }
    void setWorkflowId(const QString &workflowId);
    [[nodiscard]] QString taskId() const { return m_taskId; }
    void setTaskId(const QString &taskId);
    [[nodiscard]] bool isLoading() const { return m_pendingRequest != 0; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    /// A row as an object of its roles (tests and scripts); empty when out of range.
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void keyChanged();
    void loadingChanged();

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    void onEvents(const AggregateEvents &answer);
    /// Folds one event and updates the row it touched (inserted at the top when new).
    void fold(const backend::StoredEvent &event);
    [[nodiscard]] QString aggregateId() const;
    [[nodiscard]] const AttemptRecord &recordAt(int row) const;

    QString m_workflowId;
    QString m_taskId;
    AttemptHistory m_history;
    quint64 m_pendingRequest = 0;
    qint64 m_asOf = 0;
    QList<backend::StoredEvent> m_held; ///< the task's events that arrived before the read
    QMetaObject::Connection m_readConnection;
};

} // namespace frontend

#pragma once

#include "frontend/AppClient.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace frontend {

/// Base of the list models: follows an AppClient. `reload()` builds the rows from the client's
/// read model (once when the client or the model's key is set, and when a whole model arrives);
/// after that `apply(event)` changes only the rows an event touches.
class ClientModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(frontend::AppClient *client READ client WRITE setClient NOTIFY clientChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] AppClient *client() const { return m_client; }
    void setClient(AppClient *client);
    [[nodiscard]] int count() const { return rowCount(); }

Q_SIGNALS:
    void clientChanged();
    void countChanged();

protected:
    /// Rebuilds every row from the client's model (a reset: start-up or a new key only).
    virtual void reload() = 0;
    /// Updates the rows `event` touches; the client's model already includes it.
    virtual void apply(const backend::StoredEvent &event) = 0;
    /// Wraps reload() in a model reset.
    void resetRows();

private:
    QPointer<AppClient> m_client;
    QMetaObject::Connection m_reset;
    QMetaObject::Connection m_applied;
};

} // namespace frontend

#include "frontend/ClientModel.h"

namespace frontend {

void ClientModel::setClient(AppClient *client)
{
    if (m_client == client)
        return;
    disconnect(m_reset);
    disconnect(m_applied);
    m_client = client;
    if (client) {
        m_reset = connect(client->hub(), &EventHub::reset, this, [this] { resetRows(); });
        m_applied = connect(client->hub(), &EventHub::applied, this,
                            [this](const backend::StoredEvent &event) {
                                const int before = rowCount();
                                apply(event);
                                if (rowCount() != before)
                                    Q_EMIT countChanged();
                            });
    }
    resetRows();
    Q_EMIT clientChanged();
}

void ClientModel::resetRows()
{
    beginResetModel();
    reload();
    endResetModel();
    Q_EMIT countChanged();
}

} // namespace frontend

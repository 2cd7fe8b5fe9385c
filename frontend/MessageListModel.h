#pragma once

#include "frontend/ClientModel.h"
#include "frontend/HistoryReader.h"

#include <QHash>
#include <QList>
#include <QVariantMap>

namespace frontend {

/// A thread's messages with its activities inline, oldest at the top. Opening a thread reads
/// only its newest page (through the HistoryReader, off the GUI thread); `fetchOlder()` reads the
/// page before the oldest row, and live events after the page's `asOf` sequence are applied as
/// they come: a new message or activity is one inserted row, an assistant delta one
/// dataChanged. Events that arrive while a page is being read are held until it lands.
class MessageListModel : public ClientModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString threadId READ threadId WRITE setThreadId NOTIFY threadIdChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(bool hasOlder READ hasOlder NOTIFY loadingChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        KindRole, ///< "message" | "activity"
        SequenceRole,
        TurnIdRole,
        RoleRole, ///< messages: user | assistant | system
        TextRole,
        StreamingRole,
        ToneRole, ///< activities: info | tool | approval | error
        ActivityKindRole,
        SummaryRole,
        AtRole,
    };
    Q_ENUM(Role)

    using ClientModel::ClientModel;

    [[nodiscard]] QString threadId() const { return m_threadId; }
    void setThreadId(const QString &threadId);
    [[nodiscard]] bool isLoading() const { return m_pendingRequest != 0; }
    [[nodiscard]] bool hasOlder() const { return m_hasOlder; }
    [[nodiscard]] int pageSize() const { return m_pageSize; }
    void setPageSize(int size);

    /// Reads the page before the oldest row; no-op while loading or when there is none.
    Q_INVOKABLE void fetchOlder();

    /// Every role of one row by name (tests and scripts); empty when out of range.
    Q_INVOKABLE QVariantMap get(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void threadIdChanged();
    void loadingChanged();
    void pageSizeChanged();
    /// A page of older rows was inserted at the top (views keep their scroll position).
    void olderLoaded(int rows);

protected:
    void reload() override;
    void apply(const backend::StoredEvent &event) override;

private:
    void request(qint64 beforeSequence);
    void onPage(const HistoryPage &page);
    void applyLive(const backend::StoredEvent &event);
    void reindexFrom(int row);

    QString m_threadId;
    QList<HistoryItem> m_items;
    QHash<QString, int> m_rowOfMessage; ///< message id → row
    QList<backend::StoredEvent> m_held; ///< events of this thread that arrived before the page
    quint64 m_pendingRequest = 0;
    bool m_initialLoaded = false;
    bool m_hasOlder = false;
    qint64 m_asOf = 0;
    int m_pageSize = 200;
    QMetaObject::Connection m_pageConnection;
};

} // namespace frontend

#include "frontend/MessageListModel.h"

#include "backend/domain/EventCodec.h"
#include "frontend/RowMap.h"

namespace frontend {

namespace {

QString roleWord(backend::MessageRole role)
{
    switch (role) {
    case backend::MessageRole::User:
        return QStringLiteral("user");
    case backend::MessageRole::Assistant:
        return QStringLiteral("assistant");
    case backend::MessageRole::System:
        return QStringLiteral("system");
    }
    return QStringLiteral("system");
}

QString toneWord(backend::ActivityTone tone)
{
    switch (tone) {
    case backend::ActivityTone::Info:
        return QStringLiteral("info");
    case backend::ActivityTone::Tool:
        return QStringLiteral("tool");
    case backend::ActivityTone::Approval:
        return QStringLiteral("approval");
    case backend::ActivityTone::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("info");
}

} // namespace

void MessageListModel::setThreadId(const QString &threadId)
{
    if (m_threadId == threadId)
        return;
    m_threadId = threadId;
    resetRows();
    Q_EMIT threadIdChanged();
}

void MessageListModel::setPageSize(int size)
{
    if (size <= 0 || size == m_pageSize)
        return;
    m_pageSize = size;
    Q_EMIT pageSizeChanged();
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const HistoryItem &item = m_items.at(index.row());
    const bool message = item.kind == HistoryItem::Kind::Message;
    switch (role) {
    case IdRole:
        return item.id;
    case KindRole:
        return message ? QStringLiteral("message") : QStringLiteral("activity");
    case SequenceRole:
        return item.sequence;
    case TurnIdRole:
        return item.turnId;
    case RoleRole:
        return item.role;
    case Qt::DisplayRole:
    case TextRole:
        return message ? item.text : item.summary;
    case StreamingRole:
        return item.streaming;
    case ToneRole:
        return item.tone;
    case ActivityKindRole:
        return item.activityKind;
    case SummaryRole:
        return item.summary;
    case AtRole:
        return item.at;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {{IdRole, "itemId"},           {KindRole, "kind"}, {SequenceRole, "sequence"},
            {TurnIdRole, "turnId"},       {RoleRole, "role"}, {TextRole, "text"},
            {StreamingRole, "streaming"}, {ToneRole, "tone"}, {ActivityKindRole, "activityKind"},
            {SummaryRole, "summary"},     {AtRole, "at"}};
}

QVariantMap MessageListModel::get(int row) const
{
    return rowAsMap(*this, row);
}

void MessageListModel::reload()
{
    m_items.clear();
    m_rowOfMessage.clear();
    m_held.clear();
    m_initialLoaded = false;
    m_hasOlder = false;
    m_asOf = 0;
    const bool wasLoading = isLoading();
    m_pendingRequest = 0;
    disconnect(m_pageConnection);
    if (client() && client()->isReady() && !m_threadId.isEmpty()) {
        m_pageConnection = connect(client()->history(), &HistoryReader::pageReady, this,
                                   [this](const HistoryPage &page) { onPage(page); });
        request(0);
    } else if (wasLoading) {
        Q_EMIT loadingChanged();
    }
}

void MessageListModel::fetchOlder()
{
    if (isLoading() || !m_hasOlder || m_items.isEmpty())
        return;
    request(m_items.first().sequence);
}

void MessageListModel::request(qint64 beforeSequence)
{
    m_pendingRequest = client()->history()->requestPage(m_threadId, beforeSequence, m_pageSize);
    Q_EMIT loadingChanged();
}

void MessageListModel::onPage(const HistoryPage &page)
{
    if (page.requestId != m_pendingRequest)
        return; // an answer for an earlier thread or an earlier reset
    m_pendingRequest = 0;
    if (!page.error.isEmpty()) {
        m_hasOlder = false;
        Q_EMIT loadingChanged();
        Q_EMIT client()->notify(QStringLiteral("error"), tr("Cannot read the thread's history"),
                                page.error);
        return;
    }
    if (!m_initialLoaded) {
        m_initialLoaded = true;
        m_asOf = page.asOf;
        m_hasOlder = page.hasMore;
        if (!page.items.isEmpty()) {
            beginInsertRows({}, 0, int(page.items.size()) - 1);
            m_items = page.items;
            reindexFrom(0);
            endInsertRows();
        }
        // Held events at or before asOf are already in the page; later ones follow it.
        const QList<backend::StoredEvent> held = std::exchange(m_held, {});
        for (const backend::StoredEvent &event : held)
            if (event.sequence > m_asOf)
                applyLive(event);
        Q_EMIT loadingChanged();
        Q_EMIT countChanged();
        return;
    }
    // An older page: only rows before the current oldest (the union's overlap is dropped).
    const qint64 oldest
        = m_items.isEmpty() ? std::numeric_limits<qint64>::max() : m_items.first().sequence;
    QList<HistoryItem> older;
    for (const HistoryItem &item : page.items)
        if (item.sequence < oldest
            && !(item.kind == HistoryItem::Kind::Message && m_rowOfMessage.contains(item.id)))
            older.append(item);
    m_hasOlder = page.hasMore;
    if (!older.isEmpty()) {
        beginInsertRows({}, 0, int(older.size()) - 1);
        m_items = older + m_items;
        reindexFrom(0);
        endInsertRows();
        Q_EMIT countChanged();
    }
    Q_EMIT loadingChanged();
    Q_EMIT olderLoaded(int(older.size()));
}

void MessageListModel::apply(const backend::StoredEvent &event)
{
    if (event.aggregateKind != QLatin1String("thread") || event.aggregateId != m_threadId)
        return;
    if (event.type != QLatin1String("thread.message-sent")
        && event.type != QLatin1String("thread.activity-appended"))
        return;
    if (!m_initialLoaded) {
        if (isLoading())
            m_held.append(event);
        return;
    }
    if (event.sequence > m_asOf)
        applyLive(event);
}

void MessageListModel::applyLive(const backend::StoredEvent &event)
{
    auto decoded = backend::decodeEvent(event.type, event.payload);
    if (!decoded || !*decoded)
        return;
    if (const auto *sent = std::get_if<backend::ThreadMessageSent>(&**decoded)) {
        const auto found = m_rowOfMessage.constFind(sent->messageId.value);
        if (found != m_rowOfMessage.cend()) {
            // A streamed piece (or the closing event) of a message already shown.
            HistoryItem &item = m_items[*found];
            if (sent->streaming)
                item.text += sent->text;
            else if (!sent->text.isEmpty() && sent->role != backend::MessageRole::Assistant)
                item.text = sent->text;
            item.streaming = sent->streaming;
            const QModelIndex at = index(*found);
            Q_EMIT dataChanged(at, at, {TextRole, StreamingRole, Qt::DisplayRole});
            return;
        }
        HistoryItem item;
        item.kind = HistoryItem::Kind::Message;
        item.sequence = event.sequence;
        item.id = sent->messageId.value;
        item.turnId = sent->turnId ? sent->turnId->value : QString();
        item.role = roleWord(sent->role);
        item.text = sent->text;
        item.streaming = sent->streaming;
        item.at = event.occurredAt;
        const int row = int(m_items.size());
        beginInsertRows({}, row, row);
        m_items.append(std::move(item));
        m_rowOfMessage.insert(m_items.last().id, row);
        endInsertRows();
        Q_EMIT countChanged();
    } else if (const auto *activity = std::get_if<backend::ThreadActivityAppended>(&**decoded)) {
        HistoryItem item;
        item.kind = HistoryItem::Kind::Activity;
        item.sequence = event.sequence;
        item.id = activity->activityId.value;
        item.turnId = activity->turnId.value;
        item.tone = toneWord(activity->tone);
        item.activityKind = activity->kind;
        item.summary = activity->summary;
        item.at = event.occurredAt;
        const int row = int(m_items.size());
        beginInsertRows({}, row, row);
        m_items.append(std::move(item));
        endInsertRows();
        Q_EMIT countChanged();
    }
}

void MessageListModel::reindexFrom(int row)
{
    for (int i = row; i < m_items.size(); ++i)
        if (m_items.at(i).kind == HistoryItem::Kind::Message)
            m_rowOfMessage.insert(m_items.at(i).id, i);
}

} // namespace frontend

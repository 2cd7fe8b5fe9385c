#include "frontend/TurnDiffModel.h"

#include "frontend/RowMap.h"

#include <QJsonArray>

namespace frontend {

namespace {

QVariantMap line(const QString &text, const char *kind)
{
    return {{QStringLiteral("text"), text}, {QStringLiteral("kind"), QLatin1String(kind)}};
}

} // namespace

void TurnDiffModel::setClient(AppClient *client)
{
    if (m_client == client)
        return;
    disconnect(m_answers);
    m_client = client;
    if (client)
        m_answers = connect(client, &AppClient::gitAnswered, this, &TurnDiffModel::onAnswer);
    Q_EMIT keyChanged();
    refresh();
}

void TurnDiffModel::setThreadId(const QString &threadId)
{
    if (m_threadId == threadId)
        return;
    m_threadId = threadId;
    Q_EMIT keyChanged();
    refresh();
}

void TurnDiffModel::setTurn(int turn)
{
    if (m_turn == turn)
        return;
    m_turn = turn;
    Q_EMIT keyChanged();
    refresh();
}

void TurnDiffModel::refresh()
{
    clear();
    if (!m_client || m_threadId.isEmpty() || m_turn <= 0)
        return;
    const QString workspace = m_client->workspaceOf(m_threadId);
    if (workspace.isEmpty()) {
        m_error = tr("The thread has no workspace to read its changes from.");
        Q_EMIT stateChanged();
        return;
    }
    m_request = m_client->requestGit(QStringLiteral("diff"),
                                     {{QStringLiteral("path"), workspace},
                                      {QStringLiteral("threadId"), m_threadId},
                                      {QStringLiteral("turn"), m_turn}});
    Q_EMIT stateChanged();
}

void TurnDiffModel::clear()
{
    beginResetModel();
    m_request.clear();
    m_error.clear();
    m_truncated = false;
    m_files.clear();
    m_patches.clear();
    endResetModel();
    m_currentRow = -1;
    m_lines.clear();
    Q_EMIT stateChanged();
    Q_EMIT currentChanged();
}

void TurnDiffModel::onAnswer(const QString &requestId, const QString &kind, const QString &code,
                             const QString &message, const QJsonObject &data)
{
    if (requestId != m_request || kind == QLatin1String("progress"))
        return; // an answer to an earlier key, or not the last word
    m_request.clear();
    if (kind == QLatin1String("error")) {
        m_error = code == QLatin1String("not_a_repository")
            ? tr("This thread's workspace is not a git repository, so its turns have no "
                 "recorded changes. (%1)")
                  .arg(message)
            : message;
        Q_EMIT stateChanged();
        return;
    }
    beginResetModel();
    for (const QJsonValue &file : data.value(QLatin1String("files")).toArray())
        m_files.append(file.toObject());
    m_patches = splitPatch(data.value(QLatin1String("patch")).toString());
    m_truncated = data.value(QLatin1String("truncated")).toBool();
    endResetModel();
    Q_EMIT stateChanged();
    setCurrentRow(m_files.isEmpty() ? -1 : 0);
}

void TurnDiffModel::setCurrentRow(int row)
{
    if (row < -1 || row >= rowCount())
        row = -1;
    if (row == m_currentRow)
        return;
    m_currentRow = row;
    if (row < 0)
        m_lines.clear();
    else if (row < m_patches.size())
        m_lines = m_patches.at(row);
    else
        m_lines
            = {line(tr("The patch was cut at 4 MiB; this file's part is not included."), "note")};
    Q_EMIT currentChanged();
}

QList<QVariantList> TurnDiffModel::splitPatch(const QString &patch)
{
    QList<QVariantList> parts;
    bool inHunk = false;
    const QStringList all = patch.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QString &text = all.at(i);
        if (text.isEmpty() && i == all.size() - 1)
            break; // the final newline
        if (text.startsWith(QLatin1String("diff --git "))) {
            parts.append(QVariantList());
            inHunk = false;
        }
        if (parts.isEmpty())
            parts.append(QVariantList()); // not a git patch: one part
        // Before the first hunk, "--- a/…" and "+++ b/…" name the files; inside one, a leading
        // '+' or '-' is a changed line whatever follows it.
        const char *kind = "header";
        if (text.startsWith(QLatin1String("@@"))) {
            inHunk = true;
            kind = "hunk";
        } else if (inHunk && text.startsWith(QLatin1Char('+'))) {
            kind = "added";
        } else if (inHunk && text.startsWith(QLatin1Char('-'))) {
            kind = "removed";
        } else if (inHunk && text.startsWith(QLatin1Char('\\'))) {
            kind = "note";
        } else if (inHunk) {
            kind = "context";
        }
        parts.last().append(line(text, kind));
    }
    return parts;
}

int TurnDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_files.size());
}

QVariant TurnDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QJsonObject &file = m_files.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case PathRole:
        return file.value(QLatin1String("path")).toString();
    case KindRole:
        return file.value(QLatin1String("kind")).toString();
    case AdditionsRole:
        return file.value(QLatin1String("additions")).toInt();
    case DeletionsRole:
        return file.value(QLatin1String("deletions")).toInt();
    case BinaryRole:
        return file.value(QLatin1String("binary")).toBool();
    default:
        return {};
    }
}

QHash<int, QByteArray> TurnDiffModel::roleNames() const
{
    return {{PathRole, "path"},
            {KindRole, "kind"},
            {AdditionsRole, "additions"},
            {DeletionsRole, "deletions"},
            {BinaryRole, "binary"}};
}

QVariantMap TurnDiffModel::get(int row) const
{
    return rowAsMap(*this, row);
}

} // namespace frontend

#pragma once

#include "frontend/AppClient.h"

#include <QAbstractListModel>
#include <QJsonObject>
#include <QPointer>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace frontend {

/// The changes one turn made, asked of the backend's git `diff` (docs/GIT.md) for the turn's
/// checkpoints: a row per changed file, and the current file's part of the unified patch as
/// lines a view colours by kind. The request is answered asynchronously; until then `loading`
/// is true, and a refusal (not a repository, no checkpoint) lands in `error` as a sentence.
class TurnDiffModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(frontend::AppClient *client READ client WRITE setClient NOTIFY keyChanged)
    Q_PROPERTY(QString threadId READ threadId WRITE setThreadId NOTIFY keyChanged)
    /// The turn's 1-based number among its thread's turns; 0: none.
    Q_PROPERTY(int turn READ turn WRITE setTurn NOTIFY keyChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY stateChanged)
    /// The backend cut the patch (4 MiB); files past the cut have no lines.
    Q_PROPERTY(bool truncated READ isTruncated NOTIFY stateChanged)
    Q_PROPERTY(int count READ count NOTIFY stateChanged)
    Q_PROPERTY(int currentRow READ currentRow WRITE setCurrentRow NOTIFY currentChanged)
    /// The current file's patch lines: [{text, kind}], kind "header" | "hunk" | "added" |
    /// "removed" | "context" | "note".
    Q_PROPERTY(QVariantList lines READ lines NOTIFY currentChanged)

public:
    enum Role {
        PathRole = Qt::UserRole + 1,
        KindRole,
        AdditionsRole,
        DeletionsRole,
        BinaryRole,
    };
    Q_ENUM(Role)

    using QAbstractListModel::QAbstractListModel;

    [[nodiscard]] AppClient *client() const { return m_client; }
    void setClient(AppClient *client);
    [[nodiscard]] QString threadId() const { return m_threadId; }
    void setThreadId(const QString &threadId);
    [[nodiscard]] int turn() const { return m_turn; }
    void setTurn(int turn);
    [[nodiscard]] bool isLoading() const { return !m_request.isEmpty(); }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] bool isTruncated() const { return m_truncated; }
    [[nodiscard]] int count() const { return rowCount(); }
    [[nodiscard]] int currentRow() const { return m_currentRow; }
    void setCurrentRow(int row);
    [[nodiscard]] QVariantList lines() const { return m_lines; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// A row as an object of its roles; empty when out of range.
    Q_INVOKABLE QVariantMap get(int row) const;
    /// Asks the backend again (the key is unchanged).
    Q_INVOKABLE void refresh();

    /// Splits a unified patch into the parts of its files, in order (each starts at its
    /// "diff --git" line), and classifies each line.
    [[nodiscard]] static QList<QVariantList> splitPatch(const QString &patch);

Q_SIGNALS:
    void keyChanged();
    void stateChanged();
    void currentChanged();

private:
    void onAnswer(const QString &requestId, const QString &kind, const QString &code,
                  const QString &message, const QJsonObject &data);
    void clear();

    QPointer<AppClient> m_client;
    QMetaObject::Connection m_answers;
    QString m_threadId;
    int m_turn = 0;
    QString m_request; ///< the git request in flight; empty when none
    QString m_error;
    bool m_truncated = false;
    QList<QJsonObject> m_files;
    QList<QVariantList> m_patches; ///< by file row; shorter than m_files when truncated
    int m_currentRow = -1;
    QVariantList m_lines;
};

} // namespace frontend

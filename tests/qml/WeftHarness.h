#pragma once

#include "frontend/AppClient.h"

#include <QObject>
#include <QQuickItem>
#include <QTemporaryDir>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace testing {

/// What a QML test case gets to drive Weft with: a real backend (the same AppClient the
/// application uses) on a database in a temporary directory of its own, removed when the
/// harness goes away, plus helpers to make workspace folders, git repositories and workflow
/// files there.
class WeftHarness : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(frontend::AppClient *client READ client CONSTANT)
    Q_PROPERTY(QString directory READ directory CONSTANT)

public:
    explicit WeftHarness(QObject *parent = nullptr);
    ~WeftHarness() override;

    [[nodiscard]] frontend::AppClient *client() const { return m_client.get(); }
    [[nodiscard]] QString directory() const { return m_dir.path(); }

    /// Creates (if needed) a folder under the temporary directory; returns its path.
    Q_INVOKABLE QString makeDir(const QString &name) const;
    /// Writes `text` to a file under the temporary directory; returns its file:// URL.
    Q_INVOKABLE QUrl writeFile(const QString &name, const QString &text) const;
    /// Creates a git repository in a folder under the temporary directory (`git init` and a
    /// first commit of a README.md, with `git` from PATH); returns its path, or an empty string
    /// when git failed (the reason goes to the test log).
    Q_INVOKABLE QString makeGitRepo(const QString &name) const;
    /// Another client, on the database file `name` under the temporary directory (the harness
    /// owns it): cases about a database that cannot be opened write a broken file there first.
    Q_INVOKABLE frontend::AppClient *clientOn(const QString &name);
    /// Drags `url` over the window of `item` and drops it at the item point (x, y), through the
    /// window's own event delivery, as a file manager's drop arrives; returns whether a drop
    /// area accepted it.
    Q_INVOKABLE bool dropUrl(QQuickItem *item, qreal x, qreal y, const QUrl &url) const;
    /// A workflow file of `count` tasks in layers of `width` (each task needs up to two tasks
    /// of the previous layer), every task running `shell`.
    Q_INVOKABLE QString workflowJson(int count, int width, const QString &shell) const;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<frontend::AppClient> m_client;
    std::vector<std::unique_ptr<frontend::AppClient>> m_otherClients;
};

} // namespace testing

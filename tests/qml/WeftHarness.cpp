#include "tests/qml/WeftHarness.h"

#include "tests/gui/LayeredWorkflow.h"

#include <QCoreApplication>
#include <QDebug>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QProcess>
#include <QQmlEngine>
#include <QQuickWindow>

namespace testing {

WeftHarness::WeftHarness(QObject *parent)
    : QObject(parent)
    , m_client(std::make_unique<frontend::AppClient>(m_dir.filePath(QStringLiteral("weft.sqlite"))))
{
}

// The client first: it joins the backend thread before the database's directory goes.
WeftHarness::~WeftHarness()
{
    m_client.reset();
    m_otherClients.clear();
}

frontend::AppClient *WeftHarness::clientOn(const QString &name)
{
    auto &client
        = m_otherClients.emplace_back(std::make_unique<frontend::AppClient>(m_dir.filePath(name)));
    // Ours to delete, not the JavaScript collector's.
    QQmlEngine::setObjectOwnership(client.get(), QQmlEngine::CppOwnership);
    return client.get();
}

bool WeftHarness::dropUrl(QQuickItem *item, qreal x, qreal y, const QUrl &url) const
{
    if (!item || !item->window())
        return false;
    QQuickWindow *window = item->window();
    const QPointF at = item->mapToScene({x, y});
    QMimeData mime;
    mime.setUrls({url});
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &enter);
    QDragMoveEvent move(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &move);
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &drop);
    return drop.isAccepted();
}

QString WeftHarness::makeDir(const QString &name) const
{
    const QString path = m_dir.filePath(name);
    QDir().mkpath(path);
    return path;
}

QUrl WeftHarness::writeFile(const QString &name, const QString &text) const
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(text.toUtf8());
    return QUrl::fromLocalFile(path);
}

QString WeftHarness::makeGitRepo(const QString &name) const
{
    const QString path = makeDir(name);
    QFile readme(QDir(path).filePath(QStringLiteral("README.md")));
    if (!readme.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    readme.write("# test repository\n");
    readme.close();
    // An identity of its own: the machine running the test may have none configured.
    const QStringList identity {QStringLiteral("-c"), QStringLiteral("user.name=Weft Test"),
                                QStringLiteral("-c"),
                                QStringLiteral("user.email=test@weft.invalid")};
    const QList<QStringList> steps {{QStringLiteral("init"), QStringLiteral("-q")},
                                    {QStringLiteral("add"), QStringLiteral("README.md")},
                                    identity
                                        + QStringList {QStringLiteral("commit"),
                                                       QStringLiteral("-q"), QStringLiteral("-m"),
                                                       QStringLiteral("Initial commit")}};
    for (const QStringList &arguments : steps) {
        QProcess git;
        git.setWorkingDirectory(path);
        git.start(QStringLiteral("git"), arguments);
        if (!git.waitForFinished(30000) || git.exitStatus() != QProcess::NormalExit
            || git.exitCode() != 0) {
            qWarning().noquote() << "git" << arguments.join(QLatin1Char(' '))
                                 << "failed:" << git.errorString() << git.readAllStandardError();
            return {};
        }
    }
    return path;
}

QString WeftHarness::workflowJson(int count, int width, const QString &shell) const
{
    return layeredWorkflowJson(count, width, shell);
}

} // namespace testing

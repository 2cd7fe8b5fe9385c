#include "tests/qml/WeftHarness.h"

#include "tests/gui/LayeredWorkflow.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QProcess>

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

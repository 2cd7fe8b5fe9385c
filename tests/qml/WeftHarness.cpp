#include "tests/qml/WeftHarness.h"

#include "tests/gui/LayeredWorkflow.h"

#include <QDir>
#include <QFile>

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

QString WeftHarness::workflowJson(int count, int width, const QString &shell) const
{
    return layeredWorkflowJson(count, width, shell);
}

} // namespace testing

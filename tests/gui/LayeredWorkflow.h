#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <algorithm>

namespace testing {

/// A workflow document (docs/WORKFLOWS.md) of `count` tasks "t0"… in layers of `width`; each
/// task after the first layer needs one or two tasks of the layer before. Deterministic, so
/// tests, the screenshot and the benchmarks see the same shapes.
inline QJsonObject layeredWorkflow(int count, int width, const QString &shell,
                                   const QString &title = {})
{
    QJsonArray tasks;
    QJsonArray dependencies;
    width = std::max(1, width);
    for (int i = 0; i < count; ++i) {
        const QString id = QStringLiteral("t%1").arg(i);
        tasks.append(QJsonObject {{QStringLiteral("id"), id},
                                  {QStringLiteral("title"), QStringLiteral("Task %1").arg(i)},
                                  {QStringLiteral("shell"), shell}});
        const int layer = i / width;
        if (layer == 0)
            continue;
        const int previous = (layer - 1) * width;
        const int a = previous + (i * 7) % width;
        const int b = previous + (i * 3 + 1) % width;
        dependencies.append(QJsonObject {{QStringLiteral("from"), QStringLiteral("t%1").arg(a)},
                                         {QStringLiteral("to"), id}});
        if (b != a)
            dependencies.append(QJsonObject {{QStringLiteral("from"), QStringLiteral("t%1").arg(b)},
                                             {QStringLiteral("to"), id}});
    }
    QJsonObject document {{QStringLiteral("tasks"), tasks},
                          {QStringLiteral("dependencies"), dependencies}};
    if (!title.isEmpty())
        document.insert(QStringLiteral("title"), title);
    return document;
}

inline QString layeredWorkflowJson(int count, int width, const QString &shell,
                                   const QString &title = {})
{
    return QString::fromUtf8(
        QJsonDocument(layeredWorkflow(count, width, shell, title)).toJson(QJsonDocument::Compact));
}

} // namespace testing

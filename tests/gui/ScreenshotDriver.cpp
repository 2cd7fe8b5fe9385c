// Produces docs/images/main-window.png (the workflow view of a 50-task workflow that the real
// scheduler is running, with a project and a thread with a finished turn in the sidebar),
// docs/images/thread.png (that thread), docs/images/turn-diff.png (the files its turn changed
// in the project's repository), docs/images/task-inspector.png (a task that failed once and
// succeeded on its retry) and docs/images/main-window-dark.png (the first in dark mode). Run under
// a real X server (screenshot.sh uses Xvfb): offscreen, Qt Quick's software backend would show the
// DAG as its QPainter fallback, not as users with OpenGL see it.
#include "frontend/AppClient.h"
#include "frontend/ColorScheme.h"
#include "tests/gui/LayeredWorkflow.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <functional>

Q_IMPORT_QML_PLUGIN(WeftPlugin)
Q_IMPORT_QML_PLUGIN(Weft_FrontendPlugin)

namespace {

/// Spins the event loop until `done` or `timeoutMs` (a tool, not a test: nothing else to do).
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 30000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

void settle(int ms)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

int fail(const char *what)
{
    std::fprintf(stderr, "weft_screenshot: %s\n", what);
    return 1;
}

/// The demo workflow: 50 tasks in layers of 7 that the real scheduler runs. The first three
/// layers finish quickly (one test task fails), the rest run long enough to be seen running.
QString demoWorkflowJson()
{
    QJsonObject document = testing::layeredWorkflow(50, 7, QStringLiteral("sleep 0.2"),
                                                    QStringLiteral("Release pipeline"));
    QJsonArray tasks = document.value(QStringLiteral("tasks")).toArray();
    for (int i = 0; i < tasks.size(); ++i) {
        QJsonObject task = tasks.at(i).toObject();
        if (i == 16) {
            // Fails the first time (it leaves a marker in the workspace), then succeeds.
            task.insert(QStringLiteral("shell"),
                        QStringLiteral("test -f .fetched || { touch .fetched; "
                                       "echo 'connection reset by peer' >&2; exit 3; }"));
            task.insert(
                QStringLiteral("retry"),
                QJsonObject {{QStringLiteral("maxAttempts"), 2},
                             {QStringLiteral("backoff"),
                              QJsonObject {{QStringLiteral("type"), QStringLiteral("fixed")},
                                           {QStringLiteral("delayMs"), 200}}}});
            task.insert(QStringLiteral("env"),
                        QJsonObject {{QStringLiteral("MIRROR"), QStringLiteral("eu-west")}});
            task.insert(QStringLiteral("timeoutMs"), 600000);
        } else if (i == 17) {
            task.insert(QStringLiteral("shell"),
                        QStringLiteral("echo 'the test suite failed' >&2; exit 2"));
        } else if (i >= 21) {
            task.insert(QStringLiteral("shell"), QStringLiteral("sleep 120"));
        }
        tasks[i] = task;
    }
    document.insert(QStringLiteral("tasks"), tasks);
    return QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Compact));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        qputenv("QT_QUICK_CONTROLS_STYLE", "Fusion");
    QGuiApplication app(argc, argv);
    const QString outDir
        = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/images");
    QDir().mkpath(outDir);

    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("weft-demo"));
    QDir().mkpath(workspace);
    for (const char *name : {"CMakeLists.txt", "README.md", "main.cpp"}) {
        QFile file(QDir(workspace).filePath(QString::fromLatin1(name)));
        (void)file.open(QIODevice::WriteOnly);
    }
    // A repository, so that the turn is checkpointed and its changes can be shown.
    for (const QStringList &arguments :
         {QStringList {QStringLiteral("init"), QStringLiteral("-q")},
          QStringList {QStringLiteral("add"), QStringLiteral("-A")},
          QStringList {QStringLiteral("-c"), QStringLiteral("user.name=Weft"), QStringLiteral("-c"),
                       QStringLiteral("user.email=weft@example.invalid"), QStringLiteral("commit"),
                       QStringLiteral("-qm"), QStringLiteral("Start")}}) {
        QProcess git;
        git.setWorkingDirectory(workspace);
        git.start(QStringLiteral("git"), arguments);
        if (!git.waitForFinished() || git.exitCode() != 0)
            return fail("git failed to make the demo repository");
    }
    frontend::AppClient client(dir.filePath(QStringLiteral("weft.sqlite")));
    if (!waitUntil([&] { return client.isReady(); }))
        return fail("backend did not start");

    const QString project = client.createProject(QStringLiteral("weft-demo"), workspace)
                                .value(QStringLiteral("id"))
                                .toString();
    const QString thread
        = client.createThread(project, QStringLiteral("Build and test"), QStringLiteral("shell"))
              .value(QStringLiteral("id"))
              .toString();
    client.createThread(project, QStringLiteral("Release notes"), QStringLiteral("shell"));
    client.startTurn(thread,
                     QStringLiteral("echo \"building $(basename \"$PWD\")\"; ls -1; "
                                    "printf 'ok: 128 tests passed\\n'; "
                                    "printf '# weft-demo\\n\\nBuilt and tested.\\n' > README.md; "
                                    "printf 'int main()\\n{\\n    return 0;\\n}\\n' > main.cpp"));
    if (!waitUntil([&] {
            const QVariantMap t = client.thread(thread);
            return t.value(QStringLiteral("turnCount")).toInt() == 1
                && !t.value(QStringLiteral("running")).toBool();
        }))
        return fail("the turn did not finish");

    const QString workflowId = client.importWorkflowJson(project, demoWorkflowJson())
                                   .value(QStringLiteral("id"))
                                   .toString();
    if (!waitUntil([&] {
            return client.workflow(workflowId).value(QStringLiteral("taskCount")).toInt() == 50;
        }))
        return fail("the workflow was not imported");
    client.startWorkflow(workflowId);
    const backend::WorkflowId workflow(workflowId);
    const auto stateOf = [&](int task) {
        const backend::WorkflowView *w = client.model().workflow(workflow);
        const backend::TaskView *t
            = w ? w->task(backend::TaskId(QStringLiteral("t%1").arg(task))) : nullptr;
        return t ? t->state : backend::TaskRunState::Blocked;
    };
    // Layers 0–2 done (t17 failed), the scheduler running the next layer.
    if (!waitUntil(
            [&] {
                for (int i = 0; i < 21; ++i)
                    if (!backend::isTerminal(stateOf(i)))
                        return false;
                for (int i = 21; i < 28; ++i)
                    if (stateOf(i) == backend::TaskRunState::Running)
                        return true;
                return false;
            },
            120'000))
        return fail("the first layers did not finish");

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("client"), QVariant::fromValue(&client)}});
    engine.load(QUrl(QStringLiteral("qrc:/Weft/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return fail("the main window did not load");
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
    window->resize(1400, 860);
    QObject *view = window->findChild<QObject *>(QStringLiteral("mainView"));
    if (!view)
        return fail("no mainView");
    view->setProperty("currentProjectId", project);

    QMetaObject::invokeMethod(view, "openThread", Q_ARG(QVariant, thread));
    settle(1500);
    if (!window->grabWindow().save(QDir(outDir).filePath(QStringLiteral("thread.png"))))
        return fail("cannot save thread.png");

    auto *threadView = view->property("threadView").value<QObject *>();
    if (!threadView)
        return fail("no threadView");
    QMetaObject::invokeMethod(threadView, "openTurnDiff", Q_ARG(QVariant, 1));
    settle(1500);
    if (!window->grabWindow().save(QDir(outDir).filePath(QStringLiteral("turn-diff.png"))))
        return fail("cannot save turn-diff.png");
    if (QObject *pane = threadView->findChild<QObject *>(QStringLiteral("turnDiff")))
        QMetaObject::invokeMethod(pane, "close");

    QMetaObject::invokeMethod(view, "openWorkflow", Q_ARG(QVariant, workflowId));
    QObject *dag = window->findChild<QObject *>(QStringLiteral("dagView"));
    if (!dag || !waitUntil([&] { return dag->property("nodeCount").toInt() == 50; }))
        return fail("the DAG was not laid out");
    settle(300);
    dag->setProperty("selectedTaskId", QStringLiteral("t17"));
    settle(1500);
    if (!window->grabWindow().save(QDir(outDir).filePath(QStringLiteral("main-window.png"))))
        return fail("cannot save main-window.png");

    dag->setProperty("selectedTaskId", QStringLiteral("t16"));
    settle(1500);
    if (!window->grabWindow().save(QDir(outDir).filePath(QStringLiteral("task-inspector.png"))))
        return fail("cannot save task-inspector.png");
    // The same window in dark mode, switched live as the desktop's setting would switch it.
    qputenv("WEFT_COLOR_SCHEME", "dark");
    frontend::ColorScheme darkScheme;
    darkScheme.start();
    dag->setProperty("selectedTaskId", QStringLiteral("t17"));
    settle(1500);
    if (!window->grabWindow().save(QDir(outDir).filePath(QStringLiteral("main-window-dark.png"))))
        return fail("cannot save main-window-dark.png");
    std::printf("wrote %s/main-window.png, %s/main-window-dark.png, %s/thread.png, "
                "%s/turn-diff.png and %s/task-inspector.png\n",
                qPrintable(outDir), qPrintable(outDir), qPrintable(outDir), qPrintable(outDir),
                qPrintable(outDir));
    return 0;
}

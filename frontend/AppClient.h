#pragma once

#include "backend/runtime/Backend.h"
#include "frontend/EventHub.h"
#include "frontend/HistoryReader.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace frontend {

/// The GUI's handle on the backend: starts the backend thread on a database, sends one
/// AppCommand per user action and folds the AppEvents that come back into its copy of the read
/// model, which the list models read. Every action returns `{commandId, id}` at once; its
/// outcome arrives later as `commandAccepted(commandId)` or `commandRejected(commandId, code,
/// message)` (the decider's sentence), and every rejection or failure is also a `notify`.
class AppClient : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AppClient is created by the application")
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(bool failed READ hasFailed NOTIFY readyChanged)
    Q_PROPERTY(QString databasePath READ databasePath CONSTANT)
    Q_PROPERTY(int projectCount READ projectCount NOTIFY modelChanged)
    Q_PROPERTY(int threadCount READ threadCount NOTIFY modelChanged)
    Q_PROPERTY(qint64 sequence READ sequence NOTIFY modelChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY errorOccurred)
    /// Names of the provider presets a user picks from ("claude", "codex", "shell"), sorted.
    Q_PROPERTY(QStringList providerPresets READ providerPresets CONSTANT)

public:
    /// Starts a backend with defaultConfig(databasePath).
    explicit AppClient(const QString &databasePath, QObject *parent = nullptr);
    /// Starts a backend with a configuration of the caller's (tests, or the app adding
    /// reactors such as the scheduler).
    explicit AppClient(backend::BackendConfig config, QObject *parent = nullptr);
    ~AppClient() override;

    /// The backend the GUI runs by default: the store at `databasePath` and the provider
    /// reactor, so a turn started from the GUI runs. The hook for further reactors (the
    /// scheduler's tick, once it exists) is here.
    [[nodiscard]] static backend::BackendConfig defaultConfig(const QString &databasePath);

    [[nodiscard]] bool isReady() const { return m_ready; }
    [[nodiscard]] bool hasFailed() const { return m_failed; }
    [[nodiscard]] QString databasePath() const { return m_databasePath; }
    [[nodiscard]] int projectCount() const;
    [[nodiscard]] int threadCount() const;
    [[nodiscard]] qint64 sequence() const { return m_model.sequence; }
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] QStringList providerPresets() const;
    [[nodiscard]] const backend::ReadModel &model() const { return m_model; }
    [[nodiscard]] EventHub *hub() { return &m_hub; }
    [[nodiscard]] HistoryReader *history() { return m_history.get(); }

    /// Sends any orchestration command (tools, benchmarks, the screenshot driver); its outcome
    /// is reported like an action's. Returns the command id.
    QString dispatch(backend::Command command);

    // User actions. Each returns {"commandId", "id"} ("id": the new or target entity).
    // A provider is given as a kind and a command template: "shell" runs the message as a
    // shell command, "process" needs `commandTemplate` (an argument vector with "{message}"),
    // a preset's name runs the preset. An empty kind means "none".

    /// `defaultProviderKind`: the provider of the project's threads that name none.
    Q_INVOKABLE QVariantMap createProject(const QString &title, const QString &workspaceRoot,
                                          const QString &defaultProviderKind = {},
                                          const QStringList &defaultCommandTemplate = {});
    /// Replaces a project's default provider; an empty kind removes it.
    Q_INVOKABLE QVariantMap setProjectDefaultProvider(const QString &projectId,
                                                      const QString &providerKind,
                                                      const QStringList &commandTemplate = {});
    Q_INVOKABLE QVariantMap deleteProject(const QString &projectId, bool force);
    /// An empty `providerKind` leaves the thread to its project's default provider.
    Q_INVOKABLE QVariantMap createThread(const QString &projectId, const QString &title,
                                         const QString &providerKind,
                                         const QStringList &commandTemplate = {});
    /// Gives a thread its own provider from its next turn on; an empty kind removes it, so the
    /// thread's turns run with its project's default again (refused for a task's thread).
    Q_INVOKABLE QVariantMap setThreadProvider(const QString &threadId, const QString &providerKind,
                                              const QStringList &commandTemplate = {});
    Q_INVOKABLE QVariantMap startTurn(const QString &threadId, const QString &text);
    /// Interrupts the thread's running turn (rejected locally when none runs).
    Q_INVOKABLE QVariantMap interruptTurn(const QString &threadId);
    Q_INVOKABLE QVariantMap archiveThread(const QString &threadId);
    Q_INVOKABLE QVariantMap unarchiveThread(const QString &threadId);
    Q_INVOKABLE QVariantMap deleteThread(const QString &threadId);
    /// Imports a workflow file (docs/WORKFLOWS.md) into a new workflow of the project. The
    /// file is read here: an unreadable or non-JSON file is a local rejection.
    Q_INVOKABLE QVariantMap importWorkflowFile(const QString &projectId, const QUrl &file);
    /// Imports a workflow document given as JSON text.
    Q_INVOKABLE QVariantMap importWorkflowJson(const QString &projectId, const QString &json,
                                               const QString &title = {});
    Q_INVOKABLE QVariantMap startWorkflow(const QString &workflowId);
    Q_INVOKABLE QVariantMap pauseWorkflow(const QString &workflowId);
    Q_INVOKABLE QVariantMap resumeWorkflow(const QString &workflowId);
    Q_INVOKABLE QVariantMap cancelWorkflow(const QString &workflowId);
    Q_INVOKABLE QVariantMap cancelTask(const QString &workflowId, const QString &taskId);

    /// A thread's summary for views ({threadId, projectId, title, status, running, archived,
    /// provider, providerFromProject, commandTemplate, taskThread, turnCount, messageCount});
    /// empty when unknown. `provider` is the kind its next turn runs with ("" when none) and
    /// `commandTemplate` that provider's template, `providerFromProject` whether that is its
    /// project's default, `taskThread` whether it records a workflow task's attempts. Bind it
    /// together with `sequence` to re-read it as events arrive.
    Q_INVOKABLE QVariantMap thread(const QString &threadId) const;
    /// A project's summary ({projectId, title, workspaceRoot, defaultProvider,
    /// defaultCommandTemplate}; defaultProvider "" when none); empty when unknown.
    Q_INVOKABLE QVariantMap project(const QString &projectId) const;
    /// A workflow's summary ({workflowId, projectId, title, state, taskCount}); empty when
    /// unknown.
    Q_INVOKABLE QVariantMap workflow(const QString &workflowId) const;

    /// The folder a thread's turns run in (its worktree, else its project's workspace); empty
    /// when the thread is unknown. Git requests about a thread name this repository.
    Q_INVOKABLE QString workspaceOf(const QString &threadId) const;

    /// Sends a request to the backend's git manager (docs/GIT.md, "The git route") and returns
    /// its id; the answer comes back as `gitAnswered` with that id. An error answered to such a
    /// request is left to the requester to show (no `notify`).
    QString requestGit(const QString &action, const QJsonObject &params);

    /// Sends a request to the backend's terminal manager (docs/GIT.md, "Terminals"). From then
    /// on every event of that terminal comes back as `terminalEvent` (errors included, which
    /// are left to the requester to show).
    void requestTerminal(const QString &threadId, const QString &terminalId, const QString &action,
                         const QJsonObject &params = {});

    /// Whether a command was answered (accepted or rejected) since it was sent.
    Q_INVOKABLE bool isPending(const QString &commandId) const
    {
        return m_pending.contains(commandId);
    }

Q_SIGNALS:
    void readyChanged();
    void modelChanged();
    void errorOccurred(const QString &message);
    void commandAccepted(const QString &commandId);
    void commandRejected(const QString &commandId, const QString &code, const QString &message);
    /// The answer to a `requestGit`: `kind` "result" (with `data`), "progress" or "error"
    /// (`code` and a sentence in `message`).
    void gitAnswered(const QString &requestId, const QString &kind, const QString &code,
                     const QString &message, const QJsonObject &data);
    /// An event of a terminal named in a `requestTerminal`: `kind` "opened" | "output" |
    /// "resized" | "cleared" | "exited" | "closed" | "error"; `data` as docs/GIT.md lists.
    void terminalEvent(const QString &threadId, const QString &terminalId, const QString &kind,
                       const QString &code, const QString &message, const QJsonObject &data);
    /// Something the user should read: `level` is "error" or "info".
    void notify(const QString &level, const QString &title, const QString &message);

private:
    void onEvents();
    QVariantMap send(backend::Command command, const QString &id);
    QVariantMap rejectLocally(const QString &code, const QString &message);
    void fail(const QString &title, const QString &message);

    QString m_databasePath;
    std::unique_ptr<backend::BackendThread> m_backend;
    std::unique_ptr<HistoryReader> m_history;
    backend::ReadModel m_model;
    EventHub m_hub;
    QSet<QString> m_pending;
    QSet<QString> m_gitRequests; ///< requestGit ids not answered yet
    QSet<QString> m_terminals; ///< "threadId/terminalId" of terminals a view follows
    bool m_ready = false;
    bool m_failed = false;
    QString m_lastError;
};

} // namespace frontend

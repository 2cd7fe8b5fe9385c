#pragma once

#include "backend/process/ProcessResult.h"
#include "backend/scheduler/AttemptExecutor.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>

namespace backend {

class ProcessRunner;

/// Runs each attempt as a child process through the shared ProcessRunner (argv, or
/// `/bin/sh -c` for a shell spec; the spec's env on top of Weft's own). Processes are followed
/// through the runner's signals on the owning thread's event loop, which never blocks; stdout and
/// stderr are gathered per attempt until the scheduler takes them. A timeout or stop sends
/// SIGTERM, then SIGKILL after the grace period. Destroying the executor kills what still
/// runs (recovery fails those attempts as interrupted on the next start).
class ProcessExecutor final : public QObject, public AttemptExecutor
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::milliseconds terminateGrace {2000}; ///< SIGTERM → SIGKILL
        std::chrono::milliseconds outputInterval {100}; ///< stdout batching
    };

    explicit ProcessExecutor(Options options, QObject *parent = nullptr);
    explicit ProcessExecutor(QObject *parent = nullptr)
        : ProcessExecutor(Options {}, parent)
    {
    }
    ~ProcessExecutor() override;

    void start(const AttemptRequest &request) override;
    void stop(const WorkflowId &workflowId, const TaskId &taskId, int attempt,
              StopReason reason) override;
    [[nodiscard]] bool isResponsive(const WorkflowId &workflowId, const TaskId &taskId,
                                    int attempt) const override;
    [[nodiscard]] QList<AttemptOutput> takeOutput() override;
    [[nodiscard]] QList<AttemptResult> takeFinished() override;

    [[nodiscard]] int running() const { return static_cast<int>(m_running.size()); }

private:
    struct Running
    {
        AttemptRequest request;
        QPointer<ProcessRunner> runner;
        std::optional<StopReason> stoppedFor;
        QString pendingOutput;
    };

    void onFinished(const QString &key, ProcessRunner *runner, const ProcessResult &result);
    void addOutput(const QString &key, const QString &text);

    Options m_options;
    QHash<QString, Running> m_running;
    QList<QString> m_outputOrder; ///< keys with pending output
    QList<AttemptOutput> m_pendingTail; ///< output of attempts that have ended
    QList<AttemptResult> m_finished;
};

} // namespace backend

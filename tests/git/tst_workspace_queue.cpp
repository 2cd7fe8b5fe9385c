// git::WorkspaceQueue: one workspace's jobs in order, other workspaces' alongside, teardown
// runs what was queued; and the LibGitManager's requests run behind a workspace's checkpoint
// jobs. Jobs are held on semaphores, so the order is the test's.

#include "TempRepo.h"

#include "backend/git/LibGitManager.h"
#include "backend/git/WorkspaceQueue.h"

#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>

#include <mutex>
#include <thread>

using namespace backend;
using namespace backend::git;
using testing::TempRepo;

namespace {

constexpr int kTimeout = 30'000;

/// A job that waits on `gate` (after saying so on `entered`) and then records `name`.
struct Recorder
{
    std::mutex mutex;
    QStringList order;
    QSemaphore entered;
    QSemaphore gate;

    std::function<void()> held(const QString &name)
    {
        return [this, name] {
            entered.release();
            gate.acquire();
            record(name);
        };
    }
    std::function<void()> plain(const QString &name)
    {
        return [this, name] { record(name); };
    }
    void record(const QString &name)
    {
        std::lock_guard lock(mutex);
        order.append(name);
    }
    QStringList recorded()
    {
        std::lock_guard lock(mutex);
        return order;
    }
};

} // namespace

class WorkspaceQueueTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_a_held_job_when_more_jobs_of_its_workspace_are_queued_then_they_run_in_order()
    {
        QTemporaryDir dir;
        Recorder r; // outlives the queue, whose jobs use it
        WorkspaceQueue queue;
        const auto unhold = qScopeGuard([&] { r.gate.release(); });
        queue.run(dir.path(), r.held(QStringLiteral("a")));
        QVERIFY(r.entered.tryAcquire(1, kTimeout));
        queue.run(dir.path(), r.plain(QStringLiteral("b")));
        QFuture<void> last = queue.run(dir.path(), r.plain(QStringLiteral("c")));
        QCOMPARE(queue.pendingJobs(dir.path()), 3);

        r.gate.release();
        last.waitForFinished();

        QCOMPARE(r.recorded(),
                 QStringList({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        queue.waitForDone();
        QCOMPARE(queue.pendingJobs(dir.path()), 0);
    }

    void given_a_held_job_when_another_workspace_queues_one_then_it_runs_meanwhile()
    {
        QTemporaryDir one;
        QTemporaryDir two;
        Recorder r; // outlives the queue, whose jobs use it
        WorkspaceQueue queue;
        const auto unhold = qScopeGuard([&] { r.gate.release(); });
        const QFuture<void> held = queue.run(one.path(), r.held(QStringLiteral("one")));
        QVERIFY(r.entered.tryAcquire(1, kTimeout));

        const QFuture<void> other = queue.run(two.path(), r.plain(QStringLiteral("two")));

        QVERIFY(QTest::qWaitFor([&] { return other.isFinished(); }, kTimeout));
        QVERIFY(!held.isFinished());
        QCOMPARE(r.recorded(), QStringList {QStringLiteral("two")});
    }

    void given_queued_jobs_when_the_queue_is_destroyed_then_each_runs_to_its_end()
    {
        QTemporaryDir dir;
        Recorder r;
        auto queue = std::make_unique<WorkspaceQueue>();
        queue->run(dir.path(), r.held(QStringLiteral("running")));
        queue->run(dir.path(), r.plain(QStringLiteral("queued")));
        // Lets the held job go only once the destructor may already be waiting for it.
        std::thread releaser([&] {
            r.entered.acquire();
            r.gate.release();
        });

        queue.reset();
        releaser.join();

        QCOMPARE(r.recorded(), QStringList({QStringLiteral("running"), QStringLiteral("queued")}));
    }

    void given_a_workspace_job_when_a_commit_is_requested_then_it_runs_after_the_job()
    {
        TempRepo repo;
        QVERIFY(repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        Recorder r; // outlives the queue, whose jobs use it
        std::mutex answersMutex;
        QList<AppEvent> answers; // published from the worker
        const auto queue = std::make_shared<WorkspaceQueue>();
        LibGitManager manager(queue);
        const auto unhold = qScopeGuard([&] { r.gate.release(); });
        // Stands for a revert's restore: it writes the work tree once let go.
        queue->run(repo.path, [&] {
            r.entered.release();
            r.gate.acquire();
            repo.write(QStringLiteral("restored.txt"), "restored\n");
        });
        QVERIFY(r.entered.tryAcquire(1, kTimeout));

        manager.handle(GitRequest {QStringLiteral("g1"),
                                   QStringLiteral("commit"),
                                   {{QStringLiteral("path"), repo.path},
                                    {QStringLiteral("message"), QStringLiteral("all")}}},
                       [&](AppEvent event) {
                           std::lock_guard lock(answersMutex);
                           answers.append(std::move(event));
                       });

        // Queued behind the held job, not answered (handle() did not wait for it either).
        QCOMPARE(queue->pendingJobs(repo.path), 2);
        r.gate.release();
        queue->waitForDone();
        std::lock_guard lock(answersMutex);
        QVERIFY(!answers.isEmpty());
        const auto *result = std::get_if<AppEvent::GitEvent>(&answers.last().value);
        QVERIFY(result);
        QCOMPARE(result->kind, QStringLiteral("result"));
        QVERIFY(repo.output({QStringLiteral("show"), QStringLiteral("--name-only"),
                             QStringLiteral("--format="), QStringLiteral("HEAD")})
                    .contains(QStringLiteral("restored.txt")));
    }
};

QTEST_GUILESS_MAIN(WorkspaceQueueTest)
#include "tst_workspace_queue.moc"

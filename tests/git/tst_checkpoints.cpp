// The CheckpointReactor on a real store and engine, over temporary repositories made with
// `git init`. Turns are started and completed by hand (no provider), the test editing the
// workspace in between as an agent would, once the reactor's repository jobs are done.

#include "JobHold.h"
#include "TempRepo.h"

#include "backend/checkpoints/CheckpointReactor.h"
#include "backend/domain/EventCodec.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/git/CheckpointRefs.h"
#include "tests/support/Commands.h"
#include "tests/support/OpenEngine.h"

#include <QTest>

using namespace backend;
using namespace testing;

namespace {

const QString kThread = QStringLiteral("t1");
constexpr int kTimeout = 30'000;

struct World
{
    TempRepo repo;
    JobHold hold; ///< outlives the reactor, whose jobs call it
    std::shared_ptr<CheckpointReactor> reactor;
    std::unique_ptr<OrchestrationEngine> engine;
    QList<StoredEvent> events;
    int turns = 0;

    ~World() { hold.release(); } // a held job would keep the reactor's teardown waiting

    bool open(const QString &workspace)
    {
        engine = openEngine(repo.dir.filePath(QStringLiteral("weft.sqlite")));
        if (!engine)
            return false;
        QObject::connect(engine.get(), &OrchestrationEngine::eventStored, engine.get(),
                         [this](const StoredEvent &event) { events.append(event); });
        reactor = std::make_shared<CheckpointReactor>(
            CheckpointReactor::Options {nullptr, nullptr, hold.hook()});
        engine->addReactor(reactor);
        return engine->dispatch(projectCreate(QStringLiteral("p1"), workspace))
            && engine->dispatch(threadCreate(kThread, QStringLiteral("p1")));
    }

    /// Waits until the reactor's repository jobs are done and their results dispatched.
    [[nodiscard]] bool settle() const
    {
        return QTest::qWaitFor([this] { return reactor->jobsInFlight() == 0; }, kTimeout);
    }

    /// Dispatches `command`, then waits for the repository work it causes.
    [[nodiscard]] bool settled(const Command &command)
    {
        return engine->dispatch(command) && settle();
    }

    /// Ends turn `turnId` with its capture held on the worker (until hold.release()).
    [[nodiscard]] bool completeHeld(const QString &turnId)
    {
        hold.holdNext();
        return engine->dispatch(turnComplete(kThread, turnId)) && hold.waitEntered();
    }

    /// Runs one turn: `work` edits the workspace while it is running (after its baseline).
    template<typename Work> bool turn(Work work)
    {
        const QString id = QStringLiteral("turn-%1").arg(++turns);
        if (!settled(turnStart(kThread, id, id + QStringLiteral("-msg"))))
            return false;
        work();
        return settled(turnComplete(kThread, id));
    }

    [[nodiscard]] QList<StoredEvent> ofType(const char *type) const
    {
        QList<StoredEvent> out;
        for (const StoredEvent &e : events)
            if (e.type == QLatin1String(type))
                out.append(e);
        return out;
    }

    [[nodiscard]] ThreadTurnDiffCompleted lastDiff() const
    {
        const auto found = ofType(ThreadTurnDiffCompleted::kType);
        if (found.isEmpty())
            return {};
        auto decoded = decodeEvent(found.last().type, found.last().payload);
        return std::get<ThreadTurnDiffCompleted>(**decoded);
    }

    /// Turn 1's checkpoint is there, turn 2's checkpoint and baseline are not.
    [[nodiscard]] bool keepsRefsOfTurnOneOnly() const
    {
        const QString refs
            = repo.output({QStringLiteral("for-each-ref"), QStringLiteral("--format=%(refname)"),
                           git::checkpointPrefix(kThread)});
        return refs.contains(git::checkpointRef(kThread, 1))
            && !refs.contains(git::checkpointRef(kThread, 2))
            && !refs.contains(git::baselineRef(kThread, 2));
    }

    [[nodiscard]] QByteArray indexBytes() const { return repo.read(QStringLiteral(".git/index")); }
};

const TurnDiffFile *findFile(const QList<TurnDiffFile> &files, const QString &path)
{
    for (const TurnDiffFile &f : files)
        if (f.path == path)
            return &f;
    return nullptr;
}

/// What the user's repository looks like apart from the work tree's files.
struct UserState
{
    QString head;
    QString headRef;
    QString branches;
    QString stash;
    QByteArray index; ///< the raw file: not even its stat cache may change
    QString stagedEntries;

    static UserState of(const World &w)
    {
        return {
            w.repo.output({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}),
            w.repo.output({QStringLiteral("symbolic-ref"), QStringLiteral("HEAD")}),
            w.repo.output({QStringLiteral("branch"), QStringLiteral("-a"), QStringLiteral("-v")}),
            w.repo.output({QStringLiteral("stash"), QStringLiteral("list")}),
            w.indexBytes(),
            w.repo.output({QStringLiteral("ls-files"), QStringLiteral("-s")})};
    }
};

QByteArray binaryBlob(int seed)
{
    QByteArray out;
    for (int i = 0; i < 3000; ++i)
        out.append(char((i * 31 + seed * 7) & 0xff));
    return out;
}

} // namespace

class CheckpointsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_repository_when_turn_edits_adds_and_deletes_then_diff_lists_each_file()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "one\ntwo\nthree\n"},
                             {QStringLiteral("b.txt"), "bee\n"},
                             {QStringLiteral(".gitignore"), "*.log\n"}}));
        QVERIFY(w.open(w.repo.path));

        QVERIFY(w.turn([&] {
            w.repo.write(QStringLiteral("a.txt"), "one\nTWO\nthree\nfour\n");
            w.repo.write(QStringLiteral("src/c.txt"), "see\nsea\n");
            w.repo.remove(QStringLiteral("b.txt"));
            w.repo.write(QStringLiteral("build.log"), "ignored\n");
        }));

        const ThreadTurnDiffCompleted diff = w.lastDiff();
        QCOMPARE(diff.turnId.value, QStringLiteral("turn-1"));
        QCOMPARE(diff.checkpointTurnCount, 1);
        QCOMPARE(diff.checkpointRef, git::checkpointRef(kThread, 1));
        QCOMPARE(diff.files.size(), 3);
        const TurnDiffFile *a = findFile(diff.files, QStringLiteral("a.txt"));
        QVERIFY(a);
        QCOMPARE(a->kind, QStringLiteral("modified"));
        QCOMPARE(a->additions, 2);
        QCOMPARE(a->deletions, 1);
        const TurnDiffFile *c = findFile(diff.files, QStringLiteral("src/c.txt"));
        QVERIFY(c);
        QCOMPARE(c->kind, QStringLiteral("added"));
        QCOMPARE(c->additions, 2);
        const TurnDiffFile *b = findFile(diff.files, QStringLiteral("b.txt"));
        QVERIFY(b);
        QCOMPARE(b->kind, QStringLiteral("deleted"));
        QCOMPARE(b->deletions, 1);
        QVERIFY(!findFile(diff.files, QStringLiteral("build.log")));
        QVERIFY(!w.repo.output({QStringLiteral("rev-parse"), diff.checkpointRef}).isEmpty());
    }

    void given_user_changes_before_a_turn_when_diffed_then_only_the_turns_changes_count()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "a\n"}, {QStringLiteral("b.txt"), "b\n"}}));
        w.repo.write(QStringLiteral("a.txt"), "edited by the user first\n");
        QVERIFY(w.open(w.repo.path));

        QVERIFY(w.turn([&] { w.repo.write(QStringLiteral("b.txt"), "b by the agent\n"); }));

        const ThreadTurnDiffCompleted diff = w.lastDiff();
        QCOMPARE(diff.files.size(), 1);
        QCOMPARE(diff.files.first().path, QStringLiteral("b.txt"));
    }

    void given_two_turns_when_reverted_to_the_first_then_files_are_restored_byte_for_byte()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "original\n"},
                             {QStringLiteral("bin/tool.bin"), binaryBlob(1)},
                             {QStringLiteral(".gitignore"), "*.log\n"}}));
        // The user has staged work and a stash of their own: both must survive untouched.
        w.repo.write(QStringLiteral("a.txt"), "stashed work\n");
        QVERIFY(w.repo.run({QStringLiteral("stash"), QStringLiteral("-q")}));
        w.repo.write(QStringLiteral("staged.txt"), "staged by the user\n");
        QVERIFY(w.repo.run({QStringLiteral("add"), QStringLiteral("staged.txt")}));
        QVERIFY(w.open(w.repo.path));
        const UserState before = UserState::of(w);

        QVERIFY(w.turn([&] {
            w.repo.write(QStringLiteral("a.txt"), "after turn 1\n");
            w.repo.write(QStringLiteral("untracked/one.txt"), "new in turn 1\n");
            w.repo.write(QStringLiteral("bin/tool.bin"), binaryBlob(2));
            QFile::setPermissions(w.repo.file(QStringLiteral("untracked/one.txt")),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ExeOwner);
        }));
        const QByteArray aAfter1 = w.repo.read(QStringLiteral("a.txt"));
        const QByteArray binAfter1 = w.repo.read(QStringLiteral("bin/tool.bin"));
        QVERIFY(w.turn([&] {
            w.repo.write(QStringLiteral("a.txt"), "after turn 2\n");
            w.repo.remove(QStringLiteral("untracked/one.txt"));
            w.repo.write(QStringLiteral("bin/tool.bin"), binaryBlob(3));
            w.repo.write(QStringLiteral("two/deep/new.txt"), "new in turn 2\n");
            w.repo.remove(QStringLiteral("staged.txt"));
        }));
        w.repo.write(QStringLiteral("keep.log"), "ignored files are left alone\n");
        QVERIFY(w.engine->readModel().thread(ThreadId(kThread))->turnOrder.size() == 2);

        QVERIFY(w.settled(ThreadCheckpointRevert {CommandId::generate(), ThreadId(kThread), 1}));

        QCOMPARE(w.repo.read(QStringLiteral("a.txt")), aAfter1);
        QCOMPARE(w.repo.read(QStringLiteral("bin/tool.bin")), binAfter1);
        QCOMPARE(w.repo.read(QStringLiteral("untracked/one.txt")), QByteArray("new in turn 1\n"));
        QVERIFY(QFileInfo(w.repo.file(QStringLiteral("untracked/one.txt"))).isExecutable());
        QCOMPARE(w.repo.read(QStringLiteral("staged.txt")), QByteArray("staged by the user\n"));
        QVERIFY(!w.repo.exists(QStringLiteral("two/deep/new.txt")));
        QVERIFY(!w.repo.exists(QStringLiteral("two")));
        QCOMPARE(w.repo.read(QStringLiteral("keep.log")),
                 QByteArray("ignored files are left alone\n"));

        const UserState after = UserState::of(w);
        QCOMPARE(after.head, before.head);
        QCOMPARE(after.headRef, before.headRef);
        QCOMPARE(after.branches, before.branches);
        QCOMPARE(after.stash, before.stash);
        QCOMPARE(after.stagedEntries, before.stagedEntries);
        QCOMPARE(after.index, before.index);

        // Turn 2's checkpoint is gone, turn 1's stays; the thread records the revert.
        QVERIFY(w.keepsRefsOfTurnOneOnly());
        QCOMPARE(w.ofType(ThreadReverted::kType).size(), 1);
        QCOMPARE(w.engine->readModel().thread(ThreadId(kThread))->turnOrder.size(), 1);
    }

    void given_reverted_turns_when_messages_are_read_then_removed_turns_messages_are_gone()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        QVERIFY(w.open(w.repo.path));
        QVERIFY(w.turn([] {}));
        QVERIFY(w.turn([] {}));
        QCOMPARE(w.engine->store().messages(kThread, 0, 100)->size(), 2);

        QVERIFY(w.settled(ThreadCheckpointRevert {CommandId::generate(), ThreadId(kThread), 1}));

        const auto messages = w.engine->store().messages(kThread, 0, 100);
        QVERIFY(messages);
        QCOMPARE(messages->size(), 1);
        QCOMPARE(messages->first().turnId, QStringLiteral("turn-1"));
    }

    void given_turns_when_reverted_to_zero_then_the_workspace_is_as_before_the_first()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        w.repo.write(QStringLiteral("user-untracked.txt"), "was there before\n");
        QVERIFY(w.open(w.repo.path));
        QVERIFY(w.turn([&] {
            w.repo.write(QStringLiteral("a.txt"), "changed\n");
            w.repo.write(QStringLiteral("agent.txt"), "added\n");
            w.repo.remove(QStringLiteral("user-untracked.txt"));
        }));

        QVERIFY(w.settled(ThreadCheckpointRevert {CommandId::generate(), ThreadId(kThread), 0}));

        QCOMPARE(w.repo.read(QStringLiteral("a.txt")), QByteArray("a\n"));
        QVERIFY(!w.repo.exists(QStringLiteral("agent.txt")));
        QCOMPARE(w.repo.read(QStringLiteral("user-untracked.txt")),
                 QByteArray("was there before\n"));
        QVERIFY(w.engine->readModel().thread(ThreadId(kThread))->turnOrder.isEmpty());
    }

    void given_revert_when_next_turn_runs_then_it_takes_the_removed_turns_number()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        QVERIFY(w.open(w.repo.path));
        QVERIFY(w.turn([&] { w.repo.write(QStringLiteral("a.txt"), "1\n"); }));
        QVERIFY(w.turn([&] { w.repo.write(QStringLiteral("a.txt"), "2\n"); }));
        QVERIFY(w.settled(ThreadCheckpointRevert {CommandId::generate(), ThreadId(kThread), 1}));

        QVERIFY(w.turn([&] { w.repo.write(QStringLiteral("a.txt"), "3\n"); }));

        const ThreadTurnDiffCompleted diff = w.lastDiff();
        QCOMPARE(diff.checkpointTurnCount, 2);
        QCOMPARE(diff.files.size(), 1);
        QCOMPARE(diff.files.first().additions, 1);
        QCOMPARE(diff.files.first().deletions, 1);
    }

    void given_workspace_not_in_git_when_turn_runs_then_activity_says_checkpoints_unavailable()
    {
        World w;
        const QString plain = w.repo.dir.filePath(QStringLiteral("plain"));
        QDir().mkpath(plain);
        QVERIFY(w.open(plain));

        QVERIFY(w.turn([&] {}));

        const auto activities = w.engine->store().activities(kThread, 0, 100);
        QVERIFY(activities);
        QCOMPARE(activities->size(), 1);
        QCOMPARE(activities->first().summary, CheckpointReactor::unavailableNotice());
        QVERIFY(w.ofType(ThreadTurnDiffCompleted::kType).isEmpty());
        QCOMPARE(w.engine->readModel()
                     .thread(ThreadId(kThread))
                     ->turns.value(TurnId(QStringLiteral("turn-1")))
                     .state,
                 TurnState::Completed);
    }

    void given_workspace_not_in_git_when_reverted_then_system_message_explains()
    {
        World w;
        const QString plain = w.repo.dir.filePath(QStringLiteral("plain"));
        QDir().mkpath(plain);
        QVERIFY(w.open(plain));
        QVERIFY(w.turn([&] {}));

        QVERIFY(w.settled(ThreadCheckpointRevert {CommandId::generate(), ThreadId(kThread), 0}));

        const auto messages = w.engine->store().messages(kThread, 0, 100);
        QVERIFY(messages);
        QCOMPARE(messages->size(), 1);
        QCOMPARE(messages->first().role, QStringLiteral("system"));
        QVERIFY(messages->first().text.contains(QStringLiteral("could not be restored")));
    }

    void given_checkpoints_when_thread_deleted_then_its_refs_are_removed()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        QVERIFY(w.open(w.repo.path));
        QVERIFY(w.turn([] {}));
        QVERIFY(w.settled(ThreadDelete {CommandId::generate(), ThreadId(kThread)}));

        QCOMPARE(w.repo.output({QStringLiteral("for-each-ref"), QStringLiteral("refs/weft/")}),
                 QString());
    }

    void given_a_capture_in_flight_when_a_revert_is_queued_then_it_restores_after_the_capture()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        QVERIFY(w.open(w.repo.path));
        QVERIFY(w.turn([&] { w.repo.write(QStringLiteral("a.txt"), "1\n"); }));
        QVERIFY(w.settled(turnStart(kThread, QStringLiteral("turn-2"), QStringLiteral("m2"))));
        w.repo.write(QStringLiteral("a.txt"), "2\n");
        QVERIFY(w.completeHeld(QStringLiteral("turn-2")));

        // Turn 2's capture is held on the worker; the revert queues behind it.
        QVERIFY(w.engine->dispatch(
            ThreadCheckpointRevert {CommandId::generate(), ThreadId(kThread), 1}));
        w.hold.release();
        QVERIFY(w.settle());

        // The capture ran first (its ref was written), then the restore dropped it again.
        QCOMPARE(w.repo.read(QStringLiteral("a.txt")), QByteArray("1\n"));
        QVERIFY(w.keepsRefsOfTurnOneOnly());
    }

    void given_a_job_in_flight_when_the_engine_is_destroyed_then_the_job_ends_whole()
    {
        World w;
        QVERIFY(w.repo.init({{QStringLiteral("a.txt"), "a\n"}}));
        QVERIFY(w.open(w.repo.path));
        QVERIFY(w.settled(turnStart(kThread, QStringLiteral("turn-1"), QStringLiteral("m1"))));
        w.repo.write(QStringLiteral("b.txt"), "bee\n");
        QVERIFY(w.completeHeld(QStringLiteral("turn-1")));

        w.engine.reset();
        w.hold.release();

        // The capture was written in full; its diff had no engine to go to.
        QVERIFY(w.settle());
        QCOMPARE(w.repo.output({QStringLiteral("show"),
                                git::checkpointRef(kThread, 1) + QStringLiteral(":b.txt")}),
                 QStringLiteral("bee"));
        QVERIFY(w.ofType(ThreadTurnDiffCompleted::kType).isEmpty());
    }
};

QTEST_GUILESS_MAIN(CheckpointsTest)
#include "tst_checkpoints.moc"

// backend::git::Repository and the LibGitManager on temporary repositories made with `git`.

#include "TempRepo.h"

#include "backend/git/GitRepository.h"
#include "backend/git/LibGitManager.h"

#include <QJsonArray>
#include <QTest>

using namespace backend;
using namespace backend::git;
using namespace testing;

namespace {

QHash<QString, QByteArray> sampleFiles()
{
    return {{QStringLiteral("a.txt"), "one\ntwo\nthree\n"},
            {QStringLiteral("b.txt"), "bee\n"},
            {QStringLiteral("dir/c.txt"), "see\n"}};
}

const FileChange *findFile(const QList<FileChange> &files, const QString &path)
{
    for (const FileChange &f : files)
        if (f.path == path)
            return &f;
    return nullptr;
}

/// Runs one request through the manager and keeps what it publishes.
QList<AppEvent::GitEvent> request(const QString &action, QJsonObject params)
{
    LibGitManager manager;
    QList<AppEvent::GitEvent> out;
    manager.handle(GitRequest {QStringLiteral("req"), action, std::move(params)},
                   [&out](AppEvent event) {
                       if (auto *e = std::get_if<AppEvent::GitEvent>(&event.value))
                           out.append(*e);
                   });
    return out;
}

} // namespace

class GitRepositoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_folder_outside_any_repository_when_opened_then_not_a_repository()
    {
        QTemporaryDir dir;
        const auto repo = Repository::open(dir.path());
        QVERIFY(!repo);
        QCOMPARE(repo.error().codeName(), QStringLiteral("not_a_repository"));
        QVERIFY(repo.error().message.contains(dir.path()));
    }

    void given_missing_folder_when_opened_then_not_a_repository()
    {
        const auto repo = Repository::open(QStringLiteral("/nonexistent/weft/repo"));
        QVERIFY(!repo);
        QCOMPARE(repo.error().code, GitError::Code::NotARepository);
    }

    void given_subfolder_of_repository_when_opened_then_work_tree_root_is_found()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto repo = Repository::open(t.file(QStringLiteral("dir")));
        QVERIFY(repo);
        QCOMPARE(QDir(repo->workdir()).canonicalPath(), QDir(t.path).canonicalPath());
    }

    void given_changes_of_every_kind_when_status_then_each_file_has_its_kind()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        t.write(QStringLiteral("a.txt"), "changed\n");
        t.remove(QStringLiteral("b.txt"));
        t.write(QStringLiteral("new.txt"), "new\n");
        t.write(QStringLiteral("staged.txt"), "staged\n");
        QVERIFY(t.run({QStringLiteral("add"), QStringLiteral("staged.txt")}));
        t.write(QStringLiteral(".gitignore"), "*.log\n");
        t.write(QStringLiteral("noise.log"), "ignored\n");

        const auto repo = Repository::open(t.path);
        QVERIFY(repo);
        const auto st = repo->status();
        QVERIFY(st);
        QCOMPARE(st->branch, QStringLiteral("main"));
        QVERIFY(!st->detached);
        QVERIFY(!st->upstream);
        QCOMPARE(findFile(st->files, QStringLiteral("a.txt"))->kind, QStringLiteral("modified"));
        QCOMPARE(findFile(st->files, QStringLiteral("b.txt"))->kind, QStringLiteral("deleted"));
        QCOMPARE(findFile(st->files, QStringLiteral("new.txt"))->kind, QStringLiteral("untracked"));
        QCOMPARE(findFile(st->files, QStringLiteral("staged.txt"))->kind, QStringLiteral("added"));
        QVERIFY(findFile(st->files, QStringLiteral("staged.txt"))->staged);
        QVERIFY(!findFile(st->files, QStringLiteral("a.txt"))->staged);
        QVERIFY(!findFile(st->files, QStringLiteral("noise.log")));
    }

    void given_branch_with_upstream_when_status_then_ahead_and_behind_are_counted()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        QVERIFY(t.run({QStringLiteral("branch"), QStringLiteral("up")}));
        t.write(QStringLiteral("a.txt"), "mine\n");
        QVERIFY(t.commitAll(QStringLiteral("mine 1")));
        t.write(QStringLiteral("a.txt"), "mine again\n");
        QVERIFY(t.commitAll(QStringLiteral("mine 2")));
        QVERIFY(t.run({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("up")}));
        t.write(QStringLiteral("b.txt"), "theirs\n");
        QVERIFY(t.commitAll(QStringLiteral("theirs")));
        QVERIFY(t.run({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")}));
        QVERIFY(t.run({QStringLiteral("branch"), QStringLiteral("-u"), QStringLiteral("up")}));

        const auto st = Repository::open(t.path)->status();
        QVERIFY(st);
        QCOMPARE(st->upstream, std::optional<QString>(QStringLiteral("up")));
        QCOMPARE(st->ahead, 2);
        QCOMPARE(st->behind, 1);
    }

    void given_fresh_repository_when_status_then_unborn_branch_is_named()
    {
        TempRepo t;
        QVERIFY(t.init());
        const auto st = Repository::open(t.path)->status();
        QVERIFY(st);
        QVERIFY(st->unborn);
        QCOMPARE(st->branch, QStringLiteral("main"));
    }

    void given_repository_when_branch_created_then_it_is_listed_and_head_stays()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        auto repo = Repository::open(t.path);
        const auto created = repo->createBranch(QStringLiteral("feature/x"));
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        const auto list = repo->branches();
        QVERIFY(list);
        QStringList names;
        for (const BranchInfo &b : *list)
            names.append(b.name + (b.current ? QStringLiteral("*") : QString()));
        QCOMPARE(names, (QStringList {QStringLiteral("feature/x"), QStringLiteral("main*")}));
        QCOMPARE(t.output({QStringLiteral("rev-parse"), QStringLiteral("--abbrev-ref"),
                           QStringLiteral("HEAD")}),
                 QStringLiteral("main"));
    }

    void given_existing_branch_when_created_again_then_already_exists()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto created = Repository::open(t.path)->createBranch(QStringLiteral("main"));
        QVERIFY(!created);
        QCOMPARE(created.error().codeName(), QStringLiteral("already_exists"));
    }

    void given_unknown_start_point_when_branch_created_then_unknown_ref()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto created
            = Repository::open(t.path)->createBranch(QStringLiteral("x"), QStringLiteral("nope"));
        QVERIFY(!created);
        QCOMPARE(created.error().codeName(), QStringLiteral("unknown_ref"));
    }

    void given_invalid_name_when_branch_created_then_invalid_argument()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto created = Repository::open(t.path)->createBranch(QStringLiteral("bad..name"));
        QVERIFY(!created);
        QCOMPARE(created.error().codeName(), QStringLiteral("invalid_argument"));
    }

    void given_other_branch_when_switched_then_head_and_files_follow()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        QVERIFY(t.run({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                       QStringLiteral("other")}));
        t.write(QStringLiteral("a.txt"), "other\n");
        QVERIFY(t.commitAll(QStringLiteral("other")));
        QVERIFY(t.run({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")}));

        int progressCalls = 0;
        auto repo = Repository::open(t.path);
        const auto switched = repo->switchBranch(QStringLiteral("other"),
                                                 [&](const Progress &) { ++progressCalls; });
        QVERIFY2(switched, switched ? "" : qPrintable(switched.error().message));
        QCOMPARE(t.output({QStringLiteral("rev-parse"), QStringLiteral("--abbrev-ref"),
                           QStringLiteral("HEAD")}),
                 QStringLiteral("other"));
        QCOMPARE(t.read(QStringLiteral("a.txt")), QByteArray("other\n"));
        QVERIFY(progressCalls > 0);
        QCOMPARE(t.output({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
    }

    void given_unknown_branch_when_switched_then_unknown_ref()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto switched = Repository::open(t.path)->switchBranch(QStringLiteral("nope"), {});
        QVERIFY(!switched);
        QCOMPARE(switched.error().codeName(), QStringLiteral("unknown_ref"));
    }

    void given_local_change_the_switch_would_overwrite_when_switched_then_conflict()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        QVERIFY(t.run({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                       QStringLiteral("other")}));
        t.write(QStringLiteral("a.txt"), "other\n");
        QVERIFY(t.commitAll(QStringLiteral("other")));
        QVERIFY(t.run({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")}));
        t.write(QStringLiteral("a.txt"), "my unsaved work\n");

        const auto switched = Repository::open(t.path)->switchBranch(QStringLiteral("other"), {});
        QVERIFY(!switched);
        QCOMPARE(switched.error().codeName(), QStringLiteral("conflict"));
        QCOMPARE(t.read(QStringLiteral("a.txt")), QByteArray("my unsaved work\n"));
        QCOMPARE(t.output({QStringLiteral("rev-parse"), QStringLiteral("--abbrev-ref"),
                           QStringLiteral("HEAD")}),
                 QStringLiteral("main"));
    }

    void given_repository_when_worktree_created_and_removed_then_git_sees_both()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        auto repo = Repository::open(t.path);
        const QString wtPath = t.dir.filePath(QStringLiteral("wt-feature"));
        const auto created = repo->createWorktree(QStringLiteral("feature"), wtPath, {}, {});
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        QCOMPARE(QFile(wtPath + QStringLiteral("/a.txt")).exists(), true);
        QVERIFY(t.output({QStringLiteral("worktree"), QStringLiteral("list")}).contains(wtPath));
        QVERIFY(t.output({QStringLiteral("branch"), QStringLiteral("--list"),
                          QStringLiteral("feature")})
                    .contains(QStringLiteral("feature")));

        const auto removed = repo->removeWorktree(QStringLiteral("feature"), false);
        QVERIFY2(removed, removed ? "" : qPrintable(removed.error().message));
        QVERIFY(!QFileInfo::exists(wtPath));
        QVERIFY(!t.output({QStringLiteral("worktree"), QStringLiteral("list")}).contains(wtPath));
    }

    void given_worktree_with_changes_when_removed_then_dirty_tree_unless_forced()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        auto repo = Repository::open(t.path);
        const QString wtPath = t.dir.filePath(QStringLiteral("wt"));
        QVERIFY(repo->createWorktree(QStringLiteral("wt"), wtPath, QStringLiteral("topic"), {}));
        QFile f(wtPath + QStringLiteral("/a.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("dirty\n");
        f.close();

        const auto refused = repo->removeWorktree(QStringLiteral("wt"), false);
        QVERIFY(!refused);
        QCOMPARE(refused.error().codeName(), QStringLiteral("dirty_tree"));
        QVERIFY(QFileInfo::exists(wtPath));

        QVERIFY(repo->removeWorktree(QStringLiteral("wt"), true));
        QVERIFY(!QFileInfo::exists(wtPath));
    }

    void given_unknown_worktree_when_removed_then_unknown_ref()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto removed
            = Repository::open(t.path)->removeWorktree(QStringLiteral("nope"), false);
        QVERIFY(!removed);
        QCOMPARE(removed.error().codeName(), QStringLiteral("unknown_ref"));
    }

    void given_existing_path_when_worktree_created_then_already_exists()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto created
            = Repository::open(t.path)->createWorktree(QStringLiteral("x"), t.path, {}, {});
        QVERIFY(!created);
        QCOMPARE(created.error().codeName(), QStringLiteral("already_exists"));
    }

    void given_edits_and_new_file_when_working_tree_diffed_then_counts_and_patch()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        t.write(QStringLiteral("a.txt"), "one\nTWO\nthree\nfour\n");
        t.write(QStringLiteral("new.txt"), "x\ny\n");
        t.remove(QStringLiteral("b.txt"));

        const auto diff = Repository::open(t.path)->diffWorkingTree(true);
        QVERIFY(diff);
        const FileChange *a = findFile(diff->files, QStringLiteral("a.txt"));
        QVERIFY(a);
        QCOMPARE(a->kind, QStringLiteral("modified"));
        QCOMPARE(a->additions, 2);
        QCOMPARE(a->deletions, 1);
        QCOMPARE(findFile(diff->files, QStringLiteral("new.txt"))->additions, 2);
        QCOMPARE(findFile(diff->files, QStringLiteral("new.txt"))->kind, QStringLiteral("added"));
        QCOMPARE(findFile(diff->files, QStringLiteral("b.txt"))->kind, QStringLiteral("deleted"));
        QVERIFY(diff->patch.contains(QStringLiteral("+TWO")));
        QVERIFY(!diff->truncated);
    }

    void given_changes_when_committed_all_then_log_has_message_and_tree_is_clean()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        t.write(QStringLiteral("a.txt"), "changed\n");
        t.write(QStringLiteral("new.txt"), "new\n");
        t.remove(QStringLiteral("b.txt"));
        t.write(QStringLiteral(".gitignore"), "*.log\n");
        t.write(QStringLiteral("x.log"), "ignored\n");

        const auto commit = Repository::open(t.path)->commitAll(QStringLiteral("Weft commit"), {});
        QVERIFY2(commit, commit ? "" : qPrintable(commit.error().message));
        QCOMPARE(
            t.output({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s")}),
            QStringLiteral("Weft commit"));
        QCOMPARE(t.output({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}), *commit);
        // Clean, and the ignored file stayed out of the commit.
        QCOMPARE(t.output({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
        QCOMPARE(t.output({QStringLiteral("ls-files"), QStringLiteral("x.log")}), QString());
    }

    void given_clean_tree_when_committed_all_then_nothing_to_commit()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto commit = Repository::open(t.path)->commitAll(QStringLiteral("noop"), {});
        QVERIFY(!commit);
        QCOMPARE(commit.error().codeName(), QStringLiteral("nothing_to_commit"));
    }

    void given_unborn_branch_when_committed_all_then_first_commit_is_made()
    {
        TempRepo t;
        QVERIFY(t.init());
        t.write(QStringLiteral("first.txt"), "1\n");
        QVERIFY(Repository::open(t.path)->commitAll(QStringLiteral("first"), {}));
        QCOMPARE(t.output({QStringLiteral("log"), QStringLiteral("--format=%s")}),
                 QStringLiteral("first"));
    }

    void given_status_request_when_handled_then_result_event_carries_the_status()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        t.write(QStringLiteral("a.txt"), "x\n");
        const auto events = request(QStringLiteral("status"), {{QStringLiteral("path"), t.path}});
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().requestId, QStringLiteral("req"));
        QCOMPARE(events.first().kind, QStringLiteral("result"));
        QCOMPARE(events.first().data.value(QStringLiteral("branch")).toString(),
                 QStringLiteral("main"));
        const QJsonArray files = events.first().data.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files.first().toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("modified"));
    }

    void given_folder_outside_repository_when_request_handled_then_error_event()
    {
        QTemporaryDir dir;
        const auto events
            = request(QStringLiteral("branches"), {{QStringLiteral("path"), dir.path()}});
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().kind, QStringLiteral("error"));
        QCOMPARE(events.first().code, QStringLiteral("not_a_repository"));
        QVERIFY(!events.first().message.isEmpty());
    }

    void given_switch_request_when_handled_then_progress_precedes_the_result()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        QVERIFY(t.run({QStringLiteral("branch"), QStringLiteral("other")}));
        const auto events = request(
            QStringLiteral("switch"),
            {{QStringLiteral("path"), t.path}, {QStringLiteral("name"), QStringLiteral("other")}});
        QVERIFY(events.size() >= 2);
        QCOMPARE(events.first().kind, QStringLiteral("progress"));
        QCOMPARE(events.last().kind, QStringLiteral("result"));
        QCOMPARE(events.last().data.value(QStringLiteral("branch")).toString(),
                 QStringLiteral("other"));
    }

    void given_unknown_action_when_handled_then_invalid_argument()
    {
        TempRepo t;
        QVERIFY(t.init(sampleFiles()));
        const auto events = request(QStringLiteral("rebase"), {{QStringLiteral("path"), t.path}});
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().code, QStringLiteral("invalid_argument"));
    }
};

QTEST_GUILESS_MAIN(GitRepositoryTest)
#include "tst_git_repository.moc"

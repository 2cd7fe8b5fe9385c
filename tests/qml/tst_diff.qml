import QtQuick
import QtTest
import Weft
import Weft.Frontend
import Weft.Testing

// A user whose project is a git repository sees which files a turn changed and opens the
// turn's patch; without a repository the pane says why there is nothing to show.
TestCase {
    id: testCase
    name: "Diff"
    when: windowShown
    visible: true // a TestCase is hidden by default; the views need a size to lay out
    width: 1200
    height: 800

    Component {
        id: harnessComponent
        WeftHarness {}
    }
    Component {
        id: turnsComponent
        TurnListModel {}
    }
    Component {
        id: viewComponent
        MainView {
            width: testCase.width
            height: testCase.height
        }
    }

    // Runs one shell turn on a new thread of a new project on `workspace`; returns the thread id.
    function runTurn(harness, workspace, shell) {
        const project = harness.client.createProject("P", workspace)
        const thread = harness.client.createThread(project.id, "T", "shell")
        harness.client.startTurn(thread.id, shell)
        tryVerify(() => harness.client.thread(thread.id).turnCount === 1
                  && harness.client.thread(thread.id).running === false, 30000, "turn finished")
        return thread.id
    }

    function patchHas(diff, kind, text) {
        for (let i = 0; i < diff.lines.length; ++i)
            if (diff.lines[i].kind === kind && diff.lines[i].text === text)
                return true
        return false
    }

    function test_given_git_workspace_when_turn_edits_a_file_then_its_diff_shows_the_added_line() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const repo = harness.makeGitRepo("repo")
        verify(repo.length > 0, "git repository made")
        const project = harness.client.createProject("Repo", repo)
        const thread = harness.client.createThread(project.id, "Edit", "shell")
        view.openThread(thread.id)
        harness.client.startTurn(thread.id, "echo 'a line from the turn' >> README.md")

        // The turn's row shows the file count and lines once its checkpoint is recorded.
        const turns = view.threadView.turns
        tryVerify(() => turns.count === 1 && turns.get(0).fileCount === 1, 30000, "changes recorded")
        compare(turns.get(0).additions, 1)
        compare(turns.get(0).deletions, 0)
        const changes = findChild(view.threadView, "turnChanges")
        verify(changes !== null)
        tryVerify(() => changes.visible, 5000, "changes shown in the turn list")
        mouseClick(changes)

        const pane = view.threadView.turnDiff
        tryVerify(() => pane.opened, 5000, "diff pane open")
        const diff = pane.diff
        tryVerify(() => !diff.loading, 20000, "diff answered")
        compare(diff.error, "")
        compare(diff.count, 1)
        compare(diff.get(0).path, "README.md")
        compare(diff.get(0).kind, "modified")
        compare(diff.get(0).additions, 1)
        compare(diff.currentRow, 0)
        verify(patchHas(diff, "added", "+a line from the turn"), "added line in the patch")
        verify(patchHas(diff, "context", " # test repository"), "context line in the patch")
        verify(pane.patchView.count === diff.lines.length)
    }

    function test_given_open_diff_when_escape_is_pressed_then_it_closes() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const threadId = runTurn(harness, harness.makeGitRepo("repo"), "echo x > new.txt")
        view.openThread(threadId)
        view.threadView.openTurnDiff(1)
        const pane = view.threadView.turnDiff
        tryVerify(() => pane.opened, 5000)
        tryVerify(() => !pane.diff.loading && pane.diff.count === 1, 20000)
        compare(pane.diff.get(0).kind, "added")
        keyClick(Qt.Key_Escape)
        tryVerify(() => !pane.visible, 5000, "closed by Escape")
    }

    function test_given_thread_reopened_when_turns_load_then_recorded_changes_are_read_back() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const threadId = runTurn(harness, harness.makeGitRepo("repo"),
                                 "printf 'one\\ntwo\\n' > a.txt; printf 'x\\n' > b.txt")
        // Wait, on a model of its own, for the checkpoint; then the view's model, new to the
        // thread, finds the changes in the stored history.
        const probe = createTemporaryObject(turnsComponent, testCase,
                                            { client: harness.client, threadId: threadId })
        tryVerify(() => probe.count === 1 && probe.get(0).fileCount === 2, 30000, "changes recorded")
        compare(view.threadView.turns.count, 0) // the view shows no thread yet
        view.openThread(threadId)
        const turns = view.threadView.turns
        tryVerify(() => turns.count === 1 && turns.get(0).fileCount === 2, 20000, "read back")
        compare(turns.get(0).additions, 3)
    }

    function test_given_workspace_without_git_when_diff_opened_then_the_pane_says_why() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const threadId = runTurn(harness, harness.makeDir("plain"), "echo x > new.txt")
        view.openThread(threadId)
        view.threadView.openTurnDiff(1)
        const pane = view.threadView.turnDiff
        tryVerify(() => !pane.diff.loading && pane.diff.error.length > 0, 20000, "error answered")
        verify(pane.diff.error.indexOf("not a git repository") >= 0, pane.diff.error)
        const label = findChild(pane.contentItem, "diffError")
        verify(label !== null && label.visible)
        compare(pane.diff.count, 0)
        compare(harness.client.lastError, "") // shown in the pane, not as a notification
    }
}

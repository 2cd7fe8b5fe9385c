import QtQuick
import QtTest
import Weft
import Weft.Testing

// The sidebar shows each thread's state: a spinner while a turn runs, a mark after a turn
// failed; archived threads are folded away under a toggle that unfolds them.
TestCase {
    id: testCase
    name: "Sidebar"
    when: windowShown
    visible: true // a TestCase is hidden by default; the views need a size to lay out
    width: 1200
    height: 800

    Component {
        id: harnessComponent
        WeftHarness {}
    }
    Component {
        id: viewComponent
        MainView {
            width: testCase.width
            height: testCase.height
        }
    }

    function rowOf(view, threadId) {
        let row = null
        tryVerify(() => (row = findChild(view.sidebar, "thread_" + threadId)) !== null, 20000,
                  "the sidebar lists the thread")
        return row
    }

    function test_given_threads_when_one_runs_and_one_fails_then_spinner_and_error_mark_show() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const project = harness.client.createProject("P", harness.makeDir("p"))
        const slow = harness.client.createThread(project.id, "Slow", "shell")
        const bad = harness.client.createThread(project.id, "Bad", "shell")
        const slowRow = rowOf(view, slow.id)
        const badRow = rowOf(view, bad.id)
        const spinner = findChild(slowRow, "threadSpinner")
        verify(!spinner.visible)

        harness.client.startTurn(slow.id, "sleep 60")
        tryVerify(() => spinner.visible && spinner.running, 20000, "spinner while running")
        verify(!findChild(slowRow, "threadErrorMark").visible)

        harness.client.startTurn(bad.id, "exit 3")
        tryVerify(() => findChild(badRow, "threadErrorMark").visible, 20000, "error mark")
        verify(!findChild(badRow, "threadSpinner").visible)
        compare(findChild(badRow, "threadRowStatus").text, "error")

        harness.client.interruptTurn(slow.id)
        tryVerify(() => !spinner.visible, 20000, "spinner stops")
        verify(!findChild(slowRow, "threadErrorMark").visible)
    }

    function test_given_archived_thread_when_toggle_clicked_then_it_unfolds_and_folds_again() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const project = harness.client.createProject("P", harness.makeDir("p"))
        const kept = harness.client.createThread(project.id, "Kept", "shell")
        const old = harness.client.createThread(project.id, "Old", "shell")
        const keptRow = rowOf(view, kept.id)
        const oldRow = rowOf(view, old.id)
        const toggle = findChild(view.sidebar, "archivedToggle")
        verify(oldRow.visible)
        verify(!toggle.visible)

        harness.client.archiveThread(old.id)
        tryVerify(() => !oldRow.visible, 20000, "archived thread folded away")
        verify(keptRow.visible)
        verify(toggle.visible)
        compare(toggle.text, "Archived (1)")

        mouseClick(toggle)
        verify(oldRow.visible)
        compare(toggle.text, "Hide archived (1)")
        mouseClick(toggle)
        verify(!oldRow.visible)

        harness.client.unarchiveThread(old.id)
        tryVerify(() => oldRow.visible && !toggle.visible, 20000, "unarchived thread back")
    }
}

import QtQuick
import QtTest
import Weft
import Weft.Testing

// A command the rules refuse shows the decider's sentence as a notification; so does a backend
// that fails (a database that cannot be opened).
TestCase {
    id: testCase
    name: "Rejection"
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
    SignalSpy {
        id: rejected
        signalName: "commandRejected"
    }

    function test_given_folder_in_use_when_second_project_created_then_notification_shows() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        rejected.target = harness.client
        tryVerify(() => harness.client.ready, 20000)
        const folder = harness.makeDir("shared")
        harness.client.createProject("First", folder)

        view.newProjectDialog.open()
        view.newProjectDialog.titleField.text = "Second"
        view.newProjectDialog.folderField.text = folder
        view.newProjectDialog.accept()

        tryCompare(rejected, "count", 1, 20000)
        compare(rejected.signalArguments[0][1], "workspace_root_in_use")
        tryCompare(view.notifications, "count", 1, 20000)
        verify(view.notifications.latest.length > 0)
        compare(view.notifications.latest, rejected.signalArguments[0][2])
        compare(view.sidebar.projects.count, 1)
    }

    function test_given_idle_thread_when_interrupted_then_notification_shows() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"))
        const thread = harness.client.createThread(project.id, "T", "shell")
        tryVerify(() => harness.client.threadCount === 1, 20000)
        harness.client.interruptTurn(thread.id)
        tryCompare(view.notifications, "count", 1, 20000)
        verify(view.notifications.latest.indexOf("No turn is running") >= 0)
    }

    function test_given_corrupt_database_when_backend_starts_then_failure_shows_as_notification() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        harness.writeFile("broken.sqlite", "This is not an SQLite database, whatever its name says.\n".repeat(200))
        const client = harness.clientOn("broken.sqlite")
        const view = createTemporaryObject(viewComponent, testCase, { client: client })
        tryVerify(() => client.failed, 20000, "the backend refuses the database")
        verify(!client.ready)
        tryCompare(view.notifications, "count", 1, 20000)
        const entries = view.notifications.model
        const shown = entries.get(entries.count - 1)
        compare(shown.level, "error")
        compare(shown.title, "Cannot open the database")
        compare(shown.message, client.lastError)
        verify(shown.message.length > 0)
        // The welcome page says it too, rather than "Opening…" for ever.
        verify(findChild(view, "welcomeStatus").text.indexOf("could not be opened") >= 0)
    }
}

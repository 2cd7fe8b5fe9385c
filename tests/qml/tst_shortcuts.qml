import QtQuick
import QtTest
import Weft
import Weft.Testing

// The keyboard shortcuts of the main window, pressed as a user presses them: new project, new
// thread, project settings, thread settings, search, interrupt, import and fit view.
TestCase {
    id: testCase
    name: "Shortcuts"
    when: windowShown
    visible: true
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

    // A backend, the main view and one project, created through the dialog Ctrl+Shift+N opens.
    function givenProject() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        keyClick(Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)
        tryVerify(() => view.newProjectDialog.opened, 5000, "new project dialog")
        view.newProjectDialog.titleField.text = "Keys"
        view.newProjectDialog.folderField.text = harness.makeDir("workspace")
        view.newProjectDialog.accept()
        tryCompare(view.sidebar.projects, "count", 1, 20000)
        return { harness: harness, view: view }
    }

    function test_given_a_project_when_ctrl_n_then_the_new_thread_dialog_opens() {
        const s = givenProject()
        verify(!s.view.newThreadDialog.opened)
        keyClick(Qt.Key_N, Qt.ControlModifier)
        tryVerify(() => s.view.newThreadDialog.opened, 5000, "new thread dialog")
        compare(s.view.newThreadDialog.projectId, s.view.currentProjectId)
        s.view.newThreadDialog.reject()
    }

    function test_given_a_project_when_ctrl_comma_then_its_settings_dialog_opens() {
        const s = givenProject()
        verify(!s.view.projectSettingsDialog.opened)
        keyClick(Qt.Key_Comma, Qt.ControlModifier)
        tryVerify(() => s.view.projectSettingsDialog.opened, 5000, "project settings dialog")
        compare(s.view.projectSettingsDialog.projectId, s.view.currentProjectId)
        s.view.projectSettingsDialog.reject()
    }

    function test_given_a_thread_when_ctrl_shift_p_then_its_settings_dialog_opens() {
        const s = givenProject()
        const thread = s.harness.client.createThread(s.view.currentProjectId, "Own", "shell")
        s.view.openThread(thread.id)
        tryVerify(() => s.view.threadView.info.title === "Own", 20000, "thread shown")
        verify(!s.view.threadSettingsDialog.opened)
        keyClick(Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
        tryVerify(() => s.view.threadSettingsDialog.opened, 5000, "thread settings dialog")
        compare(s.view.threadSettingsDialog.threadId, thread.id)
        s.view.threadSettingsDialog.reject()
    }

    function test_given_the_window_when_ctrl_k_then_the_search_field_has_focus() {
        const s = givenProject()
        const search = findChild(s.view, "searchField")
        verify(search)
        verify(!search.activeFocus)
        keyClick(Qt.Key_K, Qt.ControlModifier)
        tryVerify(() => search.activeFocus, 5000, "search focused")
    }

    function test_given_a_running_turn_when_ctrl_period_then_it_is_interrupted() {
        const s = givenProject()
        const thread = s.harness.client.createThread(s.view.currentProjectId, "Sleeper", "shell")
        s.view.openThread(thread.id)
        tryVerify(() => s.view.threadView.info.title === "Sleeper", 20000, "thread shown")
        s.harness.client.startTurn(thread.id, "sleep 30")
        tryVerify(() => s.view.threadView.info.status === "running", 20000, "turn running")
        keyClick(Qt.Key_Period, Qt.ControlModifier)
        tryVerify(() => s.view.threadView.info.status === "interrupted", 10000, "interrupted")
    }

    function test_given_a_workflow_when_zoomed_and_ctrl_0_then_it_fits_the_view_again() {
        const s = givenProject()
        const r = s.harness.client.importWorkflowJson(s.view.currentProjectId,
                                                      s.harness.workflowJson(60, 6, "true"), "Fit")
        s.view.openWorkflow(r.id)
        const dag = s.view.workflowView.dag
        tryCompare(dag, "nodeCount", 60, 30000)
        tryVerify(() => !dag.layingOut, 30000)
        s.view.workflowView.fitToView()
        const fitted = dag.zoom
        dag.zoomAt(3, dag.width / 2, dag.height / 2)
        dag.panBy(200, 100)
        verify(Math.abs(dag.zoom - fitted) > 1e-6)
        keyClick(Qt.Key_0, Qt.ControlModifier)
        tryVerify(() => Math.abs(dag.zoom - fitted) < 1e-9, 5000, "fitted again")
    }

    function test_given_no_project_when_ctrl_i_then_a_notification_says_why() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        keyClick(Qt.Key_I, Qt.ControlModifier)
        tryVerify(() => view.notifications.count > 0, 5000, "notification")
        const entries = view.notifications.model
        compare(entries.get(entries.count - 1).title, "No project")
    }
}

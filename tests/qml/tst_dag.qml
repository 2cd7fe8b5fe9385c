import QtQuick
import QtTest
import Weft
import Weft.Testing

// The workflow view as a user handles it: drag pans, the wheel and a pinch zoom around the
// pointer, Fit brings the whole graph back, the critical path and a selection's ancestors and
// descendants are drawn lit while the rest fades, the legend names every run state, the run
// buttons drive the workflow, and a workflow file comes in by the import dialog.
TestCase {
    id: testCase
    name: "Dag"
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

    // a → b → c, a → d, and x → y apart from them; a → b → c is the longest path.
    readonly property var diamond: ({
        title: "Shapes",
        tasks: [{ id: "a", title: "A", shell: "sleep 60" }, { id: "b", title: "B", shell: "sleep 60" },
                { id: "c", title: "C", shell: "sleep 60" }, { id: "d", title: "D", shell: "sleep 60" },
                { id: "x", title: "X", shell: "sleep 60" }, { id: "y", title: "Y", shell: "sleep 60" }],
        dependencies: [{ from: "a", to: "b" }, { from: "b", to: "c" }, { from: "a", to: "d" },
                       { from: "x", to: "y" }]
    })

    /// A view showing a workflow imported from `doc`, laid out and fitted.
    function openWorkflow(harness, doc) {
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const project = harness.client.createProject("P", harness.makeDir("p"))
        tryVerify(() => harness.client.projectCount === 1, 20000)
        const r = harness.client.importWorkflowJson(project.id, JSON.stringify(doc), doc.title)
        view.currentProjectId = project.id
        view.openWorkflow(r.id)
        const dag = view.workflowView.dag
        tryCompare(dag, "nodeCount", doc.tasks.length, 20000)
        tryVerify(() => dag.edgeCount === doc.dependencies.length && !dag.layingOut, 20000)
        // The view fits itself once it has a size; fitting again gives every case the same start.
        waitForRendering(view)
        dag.fitToView()
        return view
    }

    function lit(dag, id) { return dag.taskColour(id).a > 0.99 }

    /// The layout point under the item point (x, y).
    function layoutPoint(dag, x, y) { return Qt.point((x - dag.panX) / dag.zoom, (y - dag.panY) / dag.zoom) }

    function test_given_graph_when_dragged_then_it_pans_by_the_drag_and_selects_nothing() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const dag = openWorkflow(harness, diamond).workflowView.dag
        const x0 = dag.panX, y0 = dag.panY, zoom = dag.zoom
        const from = dag.taskPosition("a") // a drag that starts on a node pans too
        mouseDrag(dag, from.x, from.y, 120, -45)
        fuzzyCompare(dag.panX, x0 + 120, 1e-6)
        fuzzyCompare(dag.panY, y0 - 45, 1e-6)
        compare(dag.zoom, zoom)
        compare(dag.selectedTaskId, "")
    }

    function test_given_graph_when_wheel_turned_then_it_zooms_around_the_pointer() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const dag = openWorkflow(harness, diamond).workflowView.dag
        const zoom = dag.zoom
        // Whole pixels: the test's wheel event carries an integer position.
        const x = Math.round(dag.width * 0.3), y = Math.round(dag.height * 0.7)
        const before = layoutPoint(dag, x, y)
        mouseWheel(dag, x, y, 0, 120)
        verify(dag.zoom > zoom * 1.1, "zoomed in: " + dag.zoom + " from " + zoom)
        const after = layoutPoint(dag, x, y)
        fuzzyCompare(after.x, before.x, 1e-6)
        fuzzyCompare(after.y, before.y, 1e-6)

        const zoomedIn = dag.zoom
        mouseWheel(dag, x, y, 0, -240)
        verify(dag.zoom < zoomedIn / 1.3, "zoomed out")
        fuzzyCompare(layoutPoint(dag, x, y).x, before.x, 1e-6)
    }

    function test_given_graph_when_pinched_open_then_it_zooms_in_around_the_fingers() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const dag = openWorkflow(harness, diamond).workflowView.dag
        const zoom = dag.zoom
        const cx = Math.round(dag.width / 2) + 40, cy = Math.round(dag.height / 2) - 30
        const before = layoutPoint(dag, cx, cy)
        const touch = touchEvent(dag)
        touch.press(0, dag, cx - 40, cy).press(1, dag, cx + 40, cy).commit()
        for (let step = 1; step <= 10; ++step)
            touch.move(0, dag, cx - 40 - 8 * step, cy).move(1, dag, cx + 40 + 8 * step, cy).commit()
        touch.release(0, dag, cx - 120, cy).release(1, dag, cx + 120, cy).commit()
        // The fingers moved from 80 to 240 apart: up to three times the zoom, less as the pinch
        // starts once they moved past the drag threshold (a few steps in).
        verify(dag.zoom > zoom * 1.5, "zoomed in: " + dag.zoom + " from " + zoom)
        verify(dag.zoom <= zoom * 3.001, "no more than the fingers spread: " + dag.zoom)
        // The first finger's pan before the pinch was recognised is undone when the pinch takes
        // over: the point between the fingers stays where it was.
        const after = layoutPoint(dag, cx, cy)
        fuzzyCompare(after.x, before.x, 1e-6)
        fuzzyCompare(after.y, before.y, 1e-6)
    }

    function test_given_zoomed_and_panned_graph_when_fit_clicked_then_every_node_shows_again() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = openWorkflow(harness, diamond)
        const dag = view.workflowView.dag
        const fitted = { zoom: dag.zoom, x: dag.panX, y: dag.panY }
        dag.zoomAt(5, 10, 10)
        dag.panBy(-3000, 2000)
        verify(dag.taskPosition("c").x < 0 || dag.taskPosition("c").y > dag.height, "c is off screen")

        mouseClick(findChild(view.workflowView, "fitButton"))
        fuzzyCompare(dag.zoom, fitted.zoom, 1e-9)
        fuzzyCompare(dag.panX, fitted.x, 1e-6)
        fuzzyCompare(dag.panY, fitted.y, 1e-6)
        for (const t of diamond.tasks) {
            const at = dag.taskPosition(t.id)
            verify(at.x > 0 && at.x < dag.width && at.y > 0 && at.y < dag.height, t.id + " shows")
        }
    }

    function test_given_graph_when_shown_then_the_legend_names_every_run_state_in_its_colour() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = openWorkflow(harness, diamond)
        const dag = view.workflowView.dag
        const entries = findChild(view.workflowView, "dagLegendEntries")
        verify(entries !== null)
        // docs/WORKFLOWS.md: every state a task can be in.
        const states = ["blocked", "scheduled", "ready", "leased", "running", "retry_wait",
                        "succeeded", "failed", "canceled", "upstream_failed"]
        compare(entries.count, states.length)
        for (let i = 0; i < entries.count; ++i) {
            const row = entries.itemAt(i)
            compare(row.children[1].text, states[i])
            verify(row.visible, states[i] + " shows")
        }
        // A lit node is drawn in its state's legend colour.
        for (const t of diamond.tasks) {
            const entry = dag.legend.find(e => e.state === dag.taskState(t.id))
            verify(entry !== undefined, t.id + " has a legend entry")
            verify(Qt.colorEqual(dag.taskColour(t.id), entry.color), t.id)
        }
    }

    function test_given_graph_when_critical_path_toggled_then_only_the_path_stays_lit() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = openWorkflow(harness, diamond)
        const dag = view.workflowView.dag
        compare(dag.criticalPath.slice().sort(), ["a", "b", "c"])
        for (const t of diamond.tasks)
            verify(lit(dag, t.id), t.id + " lit before")

        const button = findChild(view.workflowView, "criticalPathButton")
        mouseClick(button)
        verify(dag.showCriticalPath)
        for (const t of diamond.tasks)
            compare(lit(dag, t.id), ["a", "b", "c"].indexOf(t.id) >= 0, t.id)
        // The titles of faded nodes are drawn for the background they now sit on.
        for (const label of dag.labels)
            compare(label.dim, !lit(dag, label.taskId), label.taskId)

        mouseClick(button)
        verify(!dag.showCriticalPath)
        for (const t of diamond.tasks)
            verify(lit(dag, t.id), t.id + " lit again")
    }

    function test_given_graph_when_a_task_is_clicked_then_its_ancestors_and_descendants_stay_lit() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = openWorkflow(harness, diamond)
        const dag = view.workflowView.dag
        const at = dag.taskPosition("b")
        mouseClick(dag, at.x, at.y)
        compare(dag.selectedTaskId, "b")
        verify(view.workflowView.inspector.visible)
        // b's ancestor a and descendant c; d (a's other child) and x → y are not related to b.
        const expected = { a: true, b: true, c: true, d: false, x: false, y: false }
        for (const id in expected)
            compare(lit(dag, id), expected[id], id)

        const y = dag.taskPosition("y")
        mouseClick(dag, y.x, y.y)
        compare(dag.selectedTaskId, "y")
        const expectedY = { a: false, b: false, c: false, d: false, x: true, y: true }
        for (const id in expectedY)
            compare(lit(dag, id), expectedY[id], id)

        // A click on empty space clears the selection: everything is lit again.
        const empty = Qt.point(Math.round(dag.width / 2), 12)
        compare(dag.taskAt(empty.x, empty.y), "")
        mouseClick(dag, empty.x, empty.y)
        compare(dag.selectedTaskId, "")
        for (const id in expected)
            verify(lit(dag, id), id)
    }

    function test_given_workflow_when_start_pause_resume_cancel_clicked_then_its_state_follows() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = openWorkflow(harness, diamond)
        const wf = view.workflowView
        const start = findChild(wf, "startButton")
        const pause = findChild(wf, "pauseButton")
        const cancel = findChild(wf, "cancelButton")
        const stateLabel = findChild(wf, "workflowStateLabel")
        compare(wf.workflowState, "created")
        verify(start.enabled && !pause.enabled && cancel.enabled)
        compare(start.text, "Start")

        mouseClick(start)
        tryCompare(wf, "workflowState", "running", 20000)
        compare(stateLabel.text, "running")
        verify(!start.enabled && pause.enabled)
        tryVerify(() => wf.dag.taskState("a") === "running" || wf.dag.taskState("x") === "running",
                  20000, "a root task runs")

        mouseClick(pause)
        tryCompare(wf, "workflowState", "paused", 20000)
        compare(stateLabel.text, "paused")
        compare(start.text, "Resume")
        verify(start.enabled && !pause.enabled)

        mouseClick(start)
        tryCompare(wf, "workflowState", "running", 20000)
        compare(start.text, "Start")

        mouseClick(cancel)
        tryCompare(wf, "workflowState", "canceled", 20000)
        compare(stateLabel.text, "canceled")
        verify(!start.enabled && !pause.enabled && !cancel.enabled)
        tryVerify(() => diamond.tasks.every(t => wf.dag.taskState(t.id) === "canceled"), 20000,
                  "every node canceled")
    }

    function test_given_project_when_file_chosen_in_import_dialog_then_workflow_opens() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const project = harness.client.createProject("P", harness.makeDir("p"))
        tryVerify(() => harness.client.projectCount === 1, 20000)
        view.currentProjectId = project.id
        const file = harness.writeFile("shapes.json", JSON.stringify(diamond))

        keyClick(Qt.Key_I, Qt.ControlModifier)
        const dialog = view.workflowFileDialog
        tryVerify(() => dialog.visible, 5000, "the import dialog opens")
        // Qt's own dialog (no platform one offscreen): type the path as a user does, once its
        // path field has the keyboard.
        keySequence("Ctrl+L")
        tryVerify(() => {
            const field = testCase.Window.activeFocusItem
            return field !== null && field.visible && field.selectAll !== undefined
        }, 5000, "the dialog's path field has the focus")
        const path = harness.directory + "/shapes.json"
        for (let i = 0; i < path.length; ++i)
            keyClick(path[i])
        keyClick(Qt.Key_Return)
        tryVerify(() => view.currentWorkflowId.length > 0, 20000, "the workflow opens")
        tryCompare(view.workflowView.dag, "nodeCount", 6, 20000)
        compare(view.workflowView.tasks.workflowTitle, "Shapes")
    }

    function test_given_project_on_welcome_page_when_file_dropped_then_workflow_opens() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const project = harness.client.createProject("P", harness.makeDir("p"))
        tryVerify(() => harness.client.projectCount === 1, 20000)
        view.currentProjectId = project.id
        verify(!view.workflowView.visible)
        const file = harness.writeFile("shapes.json", JSON.stringify(diamond))
        verify(harness.dropUrl(view, view.width * 0.6, view.height / 2, file), "drop accepted")
        tryVerify(() => view.currentWorkflowId.length > 0, 20000, "the workflow opens")
        verify(view.workflowView.visible)
        tryCompare(view.workflowView.dag, "nodeCount", 6, 20000)
    }

    function test_given_no_project_when_file_dropped_then_a_notification_says_why() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const file = harness.writeFile("shapes.json", JSON.stringify(diamond))
        harness.dropUrl(view, view.width * 0.6, view.height / 2, file)
        tryVerify(() => view.notifications.count > 0, 5000, "notification")
        compare(view.notifications.model.get(view.notifications.model.count - 1).title, "No project")
        compare(view.currentWorkflowId, "")
    }
}

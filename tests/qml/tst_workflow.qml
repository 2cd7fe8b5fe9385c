import QtQuick
import QtTest
import Weft
import Weft.Testing

// A user imports a workflow file, sees its nodes, starts it, and cancels a task: node colours
// follow the run states.
TestCase {
    id: testCase
    name: "Workflow"
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

    function test_given_project_when_workflow_file_dropped_then_nodes_show_and_follow_states() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"))
        tryVerify(() => harness.client.projectCount === 1, 20000)
        view.currentProjectId = project.id

        // Long tasks: the first layer is still running when the test cancels one of them.
        const file = harness.writeFile("release.json", harness.workflowJson(12, 4, "sleep 60"))
        verify(harness.dropUrl(view, view.width * 0.6, view.height / 2, file), "drop accepted")
        tryVerify(() => view.currentWorkflowId.length > 0, 20000)
        const dag = view.workflowView.dag
        tryCompare(dag, "nodeCount", 12, 20000)
        tryCompare(dag, "layerCount", 3, 20000) // edges may land in a later batch than nodes
        tryVerify(() => dag.edgeCount > 8 && !dag.layingOut, 20000)
        compare(view.workflowView.tasks.count, 12)
        compare(dag.taskState("t5"), "blocked")

        // Selecting a node opens the inspector.
        const at = dag.taskPosition("t0")
        verify(at.x >= 0 && at.y >= 0)
        mouseClick(dag, at.x, at.y)
        compare(dag.selectedTaskId, "t0")
        compare(dag.taskAt(at.x, at.y), "t0")

        const start = findChild(view.workflowView, "startButton")
        mouseClick(start)
        tryCompare(view.workflowView, "workflowState", "running", 20000)

        // The scheduler runs the first layer (as many at once as there are cores).
        const firstLayer = ["t0", "t1", "t2", "t3"]
        tryVerify(() => firstLayer.some(t => dag.taskState(t) === "running"), 20000,
                  "a first-layer node turns running")
        const running = firstLayer.find(t => dag.taskState(t) === "running")
        harness.client.cancelTask(view.currentWorkflowId, running)
        tryVerify(() => dag.taskState(running) === "canceled", 20000, "node recoloured")
        compare(view.workflowView.tasks.get(running).state, "canceled")
    }

    Component {
        id: threadListComponent
        ThreadListModel {}
    }

    function test_given_started_workflow_when_its_tasks_run_then_nodes_succeed_and_it_completes() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"))
        tryVerify(() => harness.client.projectCount === 1, 20000)
        const threads = createTemporaryObject(threadListComponent, testCase,
                                              { client: harness.client, projectId: project.id })
        const r = harness.client.importWorkflowJson(project.id, harness.workflowJson(6, 3, "true"), "Quick")
        view.currentProjectId = project.id
        view.openWorkflow(r.id)
        const dag = view.workflowView.dag
        tryCompare(dag, "nodeCount", 6, 20000)

        mouseClick(findChild(view.workflowView, "startButton"))
        tryCompare(view.workflowView, "workflowState", "completed", 30000)
        for (let i = 0; i < 6; ++i)
            compare(dag.taskState("t" + i), "succeeded")
        // Each attempt ran as a turn on a task thread; the sidebar lists none of them.
        compare(threads.count, 0)
    }

    function test_given_task_that_fails_once_when_inspected_then_both_attempts_and_its_retry_show() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"))
        tryVerify(() => harness.client.projectCount === 1, 20000)
        // Fails with 3 the first time (it leaves a marker in the workspace), succeeds the next.
        const shell = "test -f marker || { touch marker; exit 3; }"
        const doc = {
            title: "Flaky",
            tasks: [{ id: "flaky", title: "Flaky", shell: shell,
                      retry: { maxAttempts: 2, backoff: { type: "fixed", delayMs: 0 } } }],
            dependencies: []
        }
        const r = harness.client.importWorkflowJson(project.id, JSON.stringify(doc), "Flaky")
        view.currentProjectId = project.id
        view.openWorkflow(r.id)
        const dag = view.workflowView.dag
        tryCompare(dag, "nodeCount", 1, 20000)
        tryVerify(() => !dag.layingOut, 20000)
        mouseClick(findChild(view.workflowView, "startButton"))
        tryCompare(view.workflowView, "workflowState", "completed", 30000)
        compare(dag.taskState("flaky"), "succeeded")

        // The inspector opens after both attempts ran: they come from the task's history.
        const at = dag.taskPosition("flaky")
        mouseClick(dag, at.x, at.y)
        compare(dag.selectedTaskId, "flaky")
        const inspector = view.workflowView.inspector
        verify(inspector.visible)
        const attempts = inspector.attempts
        tryVerify(() => !attempts.loading && attempts.count === 2, 20000, "two attempts listed")
        const rows = findChild(inspector, "attemptRows")
        compare(rows.count, 2)
        compare(attempts.get(0).attempt, 2)
        compare(attempts.get(0).outcome, "succeeded")
        compare(attempts.get(1).attempt, 1)
        compare(attempts.get(1).outcome, "failed")
        compare(attempts.get(1).exitCode, 3)
        compare(findChild(rows.itemAt(1), "attemptExitCode").text, "exit 3")
        compare(findChild(rows.itemAt(0), "attemptOutcome").text, "succeeded")

        // The spec shows the command and the retry policy.
        compare(findChild(inspector, "spec_shell").text, shell)
        verify(findChild(inspector, "spec_retry").text.indexOf("up to 2 attempts") === 0,
               findChild(inspector, "spec_retry").text)

        // Each attempt opens its own turn on the task's thread.
        const first = attempts.get(1)
        verify(first.hasTurn)
        const openTurn = findChild(rows.itemAt(1), "openTurnButton")
        verify(openTurn.enabled)
        mouseClick(openTurn)
        compare(view.currentThreadId, first.threadId)
        const turns = view.threadView.turns
        compare(turns.count, 2)
        compare(findChild(view.threadView, "turnList").shownTurnId, first.turnId)
        compare(turns.get(turns.indexOf(first.turnId)).exitCode, 3)
    }

    function test_given_large_workflow_when_imported_then_layout_is_layered_and_fits() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"))
        const r = harness.client.importWorkflowJson(project.id, harness.workflowJson(500, 25, "true"), "Big")
        view.currentProjectId = project.id
        view.openWorkflow(r.id)
        const dag = view.workflowView.dag
        tryCompare(dag, "nodeCount", 500, 30000)
        tryCompare(dag, "layerCount", 20, 30000)
        tryVerify(() => dag.criticalPath.length === 20 && !dag.layingOut, 30000)
        view.workflowView.fitToView()
        verify(dag.zoom > 0 && dag.zoom < 1)
        const before = dag.zoom
        dag.zoomAt(2, dag.width / 2, dag.height / 2)
        fuzzyCompare(dag.zoom, before * 2, 1e-9)
    }
}

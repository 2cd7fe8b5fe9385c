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

        const file = harness.writeFile("release.json", harness.workflowJson(12, 4, "true"))
        view.workflowView.fileDropped(file)
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

        harness.client.cancelTask(view.currentWorkflowId, "t0")
        tryVerify(() => dag.taskState("t0") === "canceled", 20000, "node recoloured")
        compare(view.workflowView.tasks.get("t0").state, "canceled")
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

pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// A workflow: its DAG (pan by dragging, zoom with the wheel or a pinch, Ctrl+0 fits), run
// controls, and the inspector of the selected task. (A workflow file dropped on the window is
// imported by MainView.)
Pane {
    id: root

    required property AppClient client
    property string workflowId: ""
    property string projectId: ""
    readonly property string workflowState: taskModel.workflowState
    property alias dag: dagView
    property alias tasks: taskModel
    property alias inspector: inspector

    signal openThread(string threadId)
    signal openTurn(string threadId, string turnId)
    signal importRequested()

    function fitToView() { dagView.fitToView() }

    padding: 0

    TaskListModel {
        id: taskModel
        client: root.client
        workflowId: root.workflowId
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ToolBar {
            Layout.fillWidth: true
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 12
                anchors.rightMargin: 8
                Label {
                    text: taskModel.workflowTitle
                    font.pixelSize: 16
                    font.bold: true
                }
                Label {
                    objectName: "workflowStateLabel"
                    text: root.workflowState
                    opacity: 0.7
                }
                Label {
                    text: qsTr("%1 tasks · %2 layers").arg(dagView.nodeCount).arg(dagView.layerCount)
                    opacity: 0.6
                }
                Item { Layout.fillWidth: true }
                ToolButton {
                    objectName: "startButton"
                    text: root.workflowState === "paused" ? qsTr("Resume") : qsTr("Start")
                    Accessible.name: text + qsTr(" workflow")
                    enabled: root.workflowState === "created" || root.workflowState === "paused"
                    onClicked: root.workflowState === "paused" ? root.client.resumeWorkflow(root.workflowId)
                                                       : root.client.startWorkflow(root.workflowId)
                }
                ToolButton {
                    objectName: "pauseButton"
                    text: qsTr("Pause")
                    Accessible.name: qsTr("Pause workflow")
                    enabled: root.workflowState === "running"
                    onClicked: root.client.pauseWorkflow(root.workflowId)
                }
                ToolButton {
                    objectName: "cancelButton"
                    text: qsTr("Cancel")
                    Accessible.name: qsTr("Cancel workflow")
                    enabled: root.workflowState !== "completed" && root.workflowState !== "canceled"
                    onClicked: root.client.cancelWorkflow(root.workflowId)
                }
                ToolSeparator {}
                ToolButton {
                    objectName: "criticalPathButton"
                    text: qsTr("Critical path")
                    checkable: true
                    checked: dagView.showCriticalPath
                    Accessible.name: qsTr("Highlight the critical path")
                    onToggled: dagView.showCriticalPath = checked
                }
                ToolButton {
                    objectName: "fitButton"
                    text: qsTr("Fit")
                    Accessible.name: qsTr("Fit the graph to the view (Ctrl+0)")
                    onClicked: dagView.fitToView()
                }
                ToolButton {
                    objectName: "importButton"
                    text: qsTr("Import…")
                    Accessible.name: qsTr("Import a workflow file")
                    onClicked: root.importRequested()
                }
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true

            Rectangle {
                SplitView.fillWidth: true
                color: palette.base
                clip: true

                DagView {
                    id: dagView
                    objectName: "dagView"
                    anchors.fill: parent
                    client: root.client
                    workflowId: root.workflowId
                    Accessible.name: qsTr("Workflow graph")
                    onTaskActivated: (taskId) => {
                        const t = taskModel.get(taskId)
                        if (t.threadId && t.threadId.length > 0)
                            root.openThread(t.threadId)
                    }
                }

                // Titles of the nodes near the viewport, under the DAG's own transform.
                Item {
                    x: dagView.panX
                    y: dagView.panY
                    scale: dagView.zoom
                    transformOrigin: Item.TopLeft
                    Repeater {
                        model: dagView.labels
                        delegate: Label {
                            required property var modelData
                            x: modelData.x + 6
                            y: modelData.y
                            width: 138
                            height: 36
                            verticalAlignment: Text.AlignVCenter
                            text: modelData.title
                            elide: Text.ElideRight
                            // Dark on a node's full colour; a faded node lets the background
                            // through, so its title takes the palette's text, light or dark.
                            color: modelData.dim ? palette.text : dagView.titleColor
                            opacity: modelData.dim ? dagView.fadedTitleOpacity : 1
                            font.pixelSize: 13
                        }
                    }
                }

                PinchHandler {
                    target: null
                    property real last: 1
                    onActiveChanged: last = 1
                    onActiveScaleChanged: {
                        dagView.zoomAt(activeScale / last, centroid.position.x, centroid.position.y)
                        last = activeScale
                    }
                }

                BusyIndicator {
                    anchors.centerIn: parent
                    running: dagView.layingOut && dagView.nodeCount === 0
                    visible: running
                }

                Label {
                    anchors.centerIn: parent
                    visible: root.workflowId.length === 0 || (dagView.nodeCount === 0 && !dagView.layingOut)
                    opacity: 0.6
                    text: qsTr("Drop a workflow file here, or use Import…")
                }

                // Every run state a node can show, in the view's own colours.
                Flow {
                    objectName: "dagLegend"
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    anchors.margins: 8
                    spacing: 10
                    Repeater {
                        objectName: "dagLegendEntries"
                        model: dagView.legend
                        delegate: Row {
                            required property var modelData
                            spacing: 4
                            Rectangle {
                                width: 10
                                height: 10
                                color: parent.modelData.color
                                border.color: palette.mid
                                anchors.verticalCenter: parent.verticalCenter
                            }
                            Label { text: parent.modelData.state; font.pixelSize: 11 }
                        }
                    }
                }
            }

            TaskInspector {
                id: inspector
                objectName: "taskInspector"
                SplitView.preferredWidth: 340
                visible: dagView.selectedTaskId.length > 0
                client: root.client
                workflowId: root.workflowId
                taskId: dagView.selectedTaskId
                tasks: taskModel
                onOpenThread: (threadId) => root.openThread(threadId)
                onOpenTurn: (threadId, turnId) => root.openTurn(threadId, turnId)
                onCloseRequested: dagView.selectedTaskId = ""
            }
        }
    }
}

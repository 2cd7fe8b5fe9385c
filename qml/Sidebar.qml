pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// Projects with their threads (status: spinner while running, a mark on error; archived
// threads folded away) and their workflows.
Pane {
    id: root

    required property AppClient client
    property string filter: ""
    property string currentProjectId: ""
    property string currentThreadId: ""
    property string currentWorkflowId: ""
    property alias projects: projectModel

    signal projectSelected(string projectId)
    signal threadSelected(string projectId, string threadId)
    signal workflowSelected(string projectId, string workflowId)
    signal newThreadRequested(string projectId)
    signal importRequested(string projectId)
    signal settingsRequested(string projectId)

    padding: 0

    ProjectListModel {
        id: projectModel
        client: root.client
    }

    ListView {
        id: projectList
        objectName: "projectList"
        anchors.fill: parent
        clip: true
        model: projectModel
        Accessible.name: qsTr("Projects")
        ScrollBar.vertical: ScrollBar {}

        Label {
            anchors.centerIn: parent
            width: parent.width - 32
            visible: projectList.count === 0
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            opacity: 0.6
            text: qsTr("No projects yet. Create one with “New project…” (Ctrl+Shift+N).")
        }

        delegate: ColumnLayout {
            id: projectDelegate

            required property string projectId
            required property string title
            required property string workspaceRoot
            property bool showArchived: false

            width: ListView.view.width
            spacing: 0

            ItemDelegate {
                Layout.fillWidth: true
                highlighted: projectDelegate.projectId === root.currentProjectId
                Accessible.name: qsTr("Project %1").arg(projectDelegate.title)
                onClicked: root.projectSelected(projectDelegate.projectId)
                contentItem: RowLayout {
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            text: projectDelegate.title
                            font.bold: true
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: projectDelegate.workspaceRoot
                            font.pixelSize: 11
                            opacity: 0.6
                            elide: Text.ElideMiddle
                        }
                    }
                    ToolButton {
                        text: "+"
                        Accessible.name: qsTr("New thread in %1").arg(projectDelegate.title)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("New thread (Ctrl+N)")
                        onClicked: root.newThreadRequested(projectDelegate.projectId)
                    }
                    ToolButton {
                        text: "⇪"
                        Accessible.name: qsTr("Import a workflow into %1").arg(projectDelegate.title)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Import workflow (Ctrl+I)")
                        onClicked: root.importRequested(projectDelegate.projectId)
                    }
                    ToolButton {
                        text: "⚙"
                        Accessible.name: qsTr("Settings of %1").arg(projectDelegate.title)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Project settings: default provider (Ctrl+,)")
                        onClicked: root.settingsRequested(projectDelegate.projectId)
                    }
                }
            }

            ThreadListModel {
                id: threadModel
                client: root.client
                projectId: projectDelegate.projectId
            }

            Repeater {
                model: threadModel
                delegate: ThreadRow {
                    required property bool archived
                    objectName: "thread_" + threadId
                    Layout.fillWidth: true
                    selected: threadId === root.currentThreadId
                    visible: (!archived || projectDelegate.showArchived)
                             && (root.filter.length === 0
                                 || title.toLowerCase().indexOf(root.filter.toLowerCase()) >= 0)
                    onClicked: root.threadSelected(projectDelegate.projectId, threadId)
                }
            }

            Button {
                objectName: "archivedToggle"
                Layout.leftMargin: 24
                visible: threadModel.archivedCount > 0
                flat: true
                text: projectDelegate.showArchived ? qsTr("Hide archived (%1)").arg(threadModel.archivedCount)
                                                   : qsTr("Archived (%1)").arg(threadModel.archivedCount)
                onClicked: projectDelegate.showArchived = !projectDelegate.showArchived
            }

            WorkflowListModel {
                id: workflowModel
                client: root.client
                projectId: projectDelegate.projectId
            }

            Repeater {
                model: workflowModel
                delegate: ItemDelegate {
                    id: workflowRow
                    required property string workflowId
                    required property string title
                    required property string workflowState
                    required property int taskCount
                    Layout.fillWidth: true
                    leftPadding: 24
                    highlighted: workflowId === root.currentWorkflowId
                    Accessible.name: qsTr("Workflow %1").arg(title)
                    onClicked: root.workflowSelected(projectDelegate.projectId, workflowId)
                    contentItem: RowLayout {
                        Label { text: "◇"; opacity: 0.7 }
                        Label {
                            Layout.fillWidth: true
                            text: workflowRow.title
                            elide: Text.ElideRight
                        }
                        Label {
                            text: qsTr("%1 · %2 tasks").arg(workflowRow.workflowState).arg(workflowRow.taskCount)
                            font.pixelSize: 11
                            opacity: 0.6
                        }
                    }
                }
            }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// The selected task: spec, run state, attempts, exit code, and a link to its thread.
Pane {
    id: root

    required property AppClient client
    property string workflowId: ""
    property string taskId: ""
    property TaskListModel tasks
    // Re-read on every event.
    readonly property var task: client && client.sequence >= 0 && tasks && taskId.length > 0 ? tasks.get(taskId) : ({})

    signal openThread(string threadId)
    signal closeRequested()

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        RowLayout {
            Label {
                Layout.fillWidth: true
                text: root.task.title ?? ""
                font.bold: true
                font.pixelSize: 15
                wrapMode: Text.Wrap
            }
            ToolButton {
                text: "✕"
                Accessible.name: qsTr("Close the inspector")
                onClicked: root.closeRequested()
            }
        }
        GridLayout {
            columns: 2
            columnSpacing: 10
            Label { text: qsTr("Id"); opacity: 0.6 }
            Label { text: root.task.taskId ?? ""; Layout.fillWidth: true; elide: Text.ElideRight }
            Label { text: qsTr("State"); opacity: 0.6 }
            Label { objectName: "inspectorState"; text: root.task.state ?? "" }
            Label { text: qsTr("Attempts"); opacity: 0.6 }
            Label { text: qsTr("%1 of %2").arg(root.task.attemptCount ?? 0).arg(root.task.maxAttempts ?? 1) }
            Label { text: qsTr("Last outcome"); opacity: 0.6 }
            Label { text: root.task.outcome || "—" }
            Label { text: qsTr("Exit code"); opacity: 0.6 }
            Label { text: root.task.exitCode !== undefined && root.task.exitCode !== null ? String(root.task.exitCode) : "—" }
            Label { text: qsTr("Priority"); opacity: 0.6 }
            Label { text: String(root.task.priority ?? 0) }
            Label { text: qsTr("Weight"); opacity: 0.6 }
            Label { text: String(root.task.weight ?? 1) }
        }
        Label { text: qsTr("Command"); opacity: 0.6 }
        Label {
            Layout.fillWidth: true
            text: root.task.command ?? ""
            font.family: "monospace"
            wrapMode: Text.WrapAnywhere
        }
        Label {
            Layout.fillWidth: true
            visible: (root.task.error ?? "").length > 0
            text: root.task.error ?? ""
            color: "#d64545"
            wrapMode: Text.Wrap
        }
        Label { text: qsTr("Needs"); opacity: 0.6 }
        Label {
            Layout.fillWidth: true
            text: (root.task.prerequisites ?? []).join(", ") || "—"
            wrapMode: Text.Wrap
        }
        Label { text: qsTr("Unblocks"); opacity: 0.6 }
        Label {
            Layout.fillWidth: true
            text: (root.task.dependents ?? []).join(", ") || "—"
            wrapMode: Text.Wrap
        }
        RowLayout {
            Button {
                text: qsTr("Open thread")
                Accessible.name: qsTr("Open the thread of the latest attempt")
                enabled: (root.task.threadId ?? "").length > 0
                onClicked: root.openThread(root.task.threadId)
            }
            Button {
                objectName: "cancelTaskButton"
                text: qsTr("Cancel task")
                Accessible.name: text
                onClicked: root.client.cancelTask(root.workflowId, root.taskId)
            }
        }
        Item { Layout.fillHeight: true }
    }
}

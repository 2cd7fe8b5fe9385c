pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// The selected task: run state, its whole spec, every attempt (newest first) with outcome, exit
// code, error, start and duration, and links to the attempts' turns on the task's thread.
Pane {
    id: root

    required property AppClient client
    property string workflowId: ""
    property string taskId: ""
    property TaskListModel tasks
    // Re-read on every event.
    readonly property var task: client && client.sequence >= 0 && tasks && taskId.length > 0 ? tasks.get(taskId) : ({})
    property alias attempts: attemptModel

    signal openThread(string threadId)
    signal openTurn(string threadId, string turnId)
    signal closeRequested()

    AttemptListModel {
        id: attemptModel
        client: root.client
        workflowId: root.workflowId
        taskId: root.taskId
    }

    // A value that may be long: wraps up to a few lines, then elides; the whole text on hover.
    component Value: Label {
        id: value
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        maximumLineCount: 4
        elide: Text.ElideRight
        HoverHandler { id: hover }
        ToolTip.visible: hover.hovered && value.truncated
        ToolTip.text: value.text
        ToolTip.delay: 500
    }
    component Caption: Label {
        opacity: 0.6
        Layout.alignment: Qt.AlignTop
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: scroll.availableWidth
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
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 10
                Caption { text: qsTr("Id") }
                Value { text: root.task.taskId ?? "" }
                Caption { text: qsTr("State") }
                Label { objectName: "inspectorState"; text: root.task.state ?? "" }
                Caption { text: qsTr("Attempts") }
                Label { text: qsTr("%1 of %2").arg(root.task.attemptCount ?? 0).arg(root.task.maxAttempts ?? 1) }
            }
            Label {
                Layout.fillWidth: true
                visible: (root.task.error ?? "").length > 0
                text: root.task.error ?? ""
                color: "#d64545"
                wrapMode: Text.Wrap
            }

            Label { text: qsTr("Spec"); font.bold: true; Layout.topMargin: 6 }
            GridLayout {
                objectName: "specFields"
                Layout.fillWidth: true
                columns: 2
                columnSpacing: 10
                Repeater {
                    model: root.task.spec ?? []
                    delegate: Caption {
                        required property var modelData
                        required property int index
                        text: modelData.label
                        Layout.row: index
                        Layout.column: 0
                    }
                }
                Repeater {
                    objectName: "specValues"
                    model: root.task.spec ?? []
                    delegate: Value {
                        required property var modelData
                        required property int index
                        objectName: "spec_" + modelData.key
                        text: modelData.value
                        font.family: modelData.key === "command" || modelData.key === "shell"
                                     || modelData.key === "env" ? "monospace" : Qt.application.font.family
                        Layout.row: index
                        Layout.column: 1
                    }
                }
            }
            Caption { text: qsTr("Needs") }
            Value { text: (root.task.prerequisites ?? []).join(", ") || "—" }
            Caption { text: qsTr("Unblocks") }
            Value { text: (root.task.dependents ?? []).join(", ") || "—" }

            Label { text: qsTr("Attempts"); font.bold: true; Layout.topMargin: 6 }
            Label {
                visible: attemptModel.count === 0
                opacity: 0.6
                text: attemptModel.loading ? qsTr("Reading…") : qsTr("Not run yet.")
            }
            Repeater {
                objectName: "attemptRows"
                model: attemptModel
                delegate: Frame {
                    id: row
                    required property int attempt
                    required property string outcome
                    required property int exitCode
                    required property string error
                    required property var startedAt
                    required property string duration
                    required property string threadId
                    required property string turnId
                    required property bool hasTurn
                    Layout.fillWidth: true
                    padding: 6
                    Accessible.name: qsTr("Attempt %1, %2").arg(attempt).arg(outcome)
                    ColumnLayout {
                        anchors.left: parent.left
                        anchors.right: parent.right
                        spacing: 2
                        RowLayout {
                            Label { text: "#" + row.attempt; font.bold: true }
                            Label {
                                objectName: "attemptOutcome"
                                text: row.outcome
                                color: row.outcome === "succeeded" ? "#27ae60"
                                     : row.outcome === "running" || row.outcome === "leased" ? palette.windowText
                                     : "#d64545"
                            }
                            Label {
                                objectName: "attemptExitCode"
                                visible: row.exitCode >= 0
                                text: qsTr("exit %1").arg(row.exitCode)
                            }
                            Item { Layout.fillWidth: true }
                            Button {
                                objectName: "openTurnButton"
                                text: qsTr("Turn")
                                flat: true
                                enabled: row.hasTurn
                                Accessible.name: qsTr("Open the turn of attempt %1").arg(row.attempt)
                                ToolTip.visible: hovered
                                ToolTip.text: qsTr("Open this attempt's turn in the task's thread")
                                onClicked: root.openTurn(row.threadId, row.turnId)
                            }
                        }
                        Label {
                            opacity: 0.7
                            font.pixelSize: 11
                            visible: row.startedAt !== undefined && !isNaN(row.startedAt)
                            text: Qt.formatDateTime(row.startedAt, "yyyy-MM-dd HH:mm:ss")
                                  + (row.duration.length > 0 ? " · " + row.duration : "")
                        }
                        Value {
                            visible: row.error.length > 0
                            text: row.error
                            color: "#d64545"
                            font.pixelSize: 11
                        }
                    }
                }
            }

            RowLayout {
                Layout.topMargin: 6
                Button {
                    text: qsTr("Open thread")
                    Accessible.name: qsTr("Open the thread of the latest attempt")
                    enabled: (root.task.threadId ?? "").length > 0
                             && root.client.thread(root.task.threadId).threadId !== undefined
                    onClicked: root.openThread(root.task.threadId)
                }
                Button {
                    objectName: "cancelTaskButton"
                    text: qsTr("Cancel task")
                    Accessible.name: text
                    onClicked: root.client.cancelTask(root.workflowId, root.taskId)
                }
            }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A thread's turns: number, state and duration (live while running).
ListView {
    id: root

    objectName: "turnList"
    clip: true
    Accessible.name: qsTr("Turns")
    header: Label {
        padding: 8
        text: qsTr("Turns")
        font.bold: true
    }
    ScrollBar.vertical: ScrollBar {}

    // Ticks once a second while a turn runs, for its live duration.
    property real now: Date.now()
    Timer {
        interval: 1000
        repeat: true
        running: root.visible
        onTriggered: root.now = Date.now()
    }

    function formatDuration(ms) {
        if (ms < 1000)
            return qsTr("%1 ms").arg(ms)
        if (ms < 60000)
            return qsTr("%1 s").arg((ms / 1000).toFixed(1))
        return qsTr("%1 min %2 s").arg(Math.floor(ms / 60000)).arg(Math.round((ms % 60000) / 1000))
    }

    delegate: ItemDelegate {
        id: turn
        required property int number
        required property string turnState
        required property var startedAt
        required property int durationMs
        required property int exitCode
        required property string error
        width: ListView.view.width
        Accessible.name: qsTr("Turn %1, %2").arg(number).arg(turnState)
        contentItem: ColumnLayout {
            spacing: 0
            RowLayout {
                Label { text: "#" + turn.number; font.bold: true }
                Label {
                    objectName: "turnState"
                    text: turn.turnState
                    color: turn.turnState === "error" ? "#d64545" : turn.turnState === "completed" ? "#27ae60" : palette.windowText
                }
                Item { Layout.fillWidth: true }
                Label {
                    opacity: 0.7
                    text: turn.durationMs >= 0 ? root.formatDuration(turn.durationMs)
                                               : root.formatDuration(Math.max(0, root.now - turn.startedAt.getTime()))
                }
            }
            Label {
                visible: turn.exitCode >= 0 || turn.error.length > 0
                text: (turn.exitCode >= 0 ? qsTr("exit %1").arg(turn.exitCode) : "")
                      + (turn.error.length > 0 ? " " + turn.error : "")
                font.pixelSize: 11
                opacity: 0.7
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
    }
}

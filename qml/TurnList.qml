import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A thread's turns: number, state, duration (live while running) and the files each changed;
// a turn with changes opens them (click, or Enter/Space on the current turn).
ListView {
    id: root

    // A turn to show highlighted (the one a task attempt opened); empty: none.
    property string shownTurnId: ""

    signal openChanges(int number)

    objectName: "turnList"
    clip: true
    Accessible.name: qsTr("Turns")
    header: Label {
        padding: 8
        text: qsTr("Turns")
        font.bold: true
    }
    ScrollBar.vertical: ScrollBar {}
    keyNavigationEnabled: true

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
        required property string turnId
        required property int number
        required property string turnState
        required property var startedAt
        required property int durationMs
        required property int exitCode
        required property string error
        required property int fileCount
        required property int additions
        required property int deletions
        width: ListView.view.width
        highlighted: turn.turnId === root.shownTurnId
        Accessible.name: fileCount > 0
            ? qsTr("Turn %1, %2, %3 files changed; press to see the changes").arg(number).arg(turnState).arg(fileCount)
            : qsTr("Turn %1, %2").arg(number).arg(turnState)
        onClicked: if (fileCount > 0) root.openChanges(number)
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
            RowLayout {
                objectName: "turnChanges"
                visible: turn.fileCount > 0
                spacing: 6
                Label {
                    text: qsTr("%n file(s)", "", turn.fileCount)
                    font.pixelSize: 11
                    font.underline: turn.hovered
                }
                Label {
                    text: "+" + turn.additions
                    font.pixelSize: 11
                    color: palette.window.hslLightness < 0.5 ? "#7ee787" : "#116329"
                }
                Label {
                    text: "−" + turn.deletions
                    font.pixelSize: 11
                    color: palette.window.hslLightness < 0.5 ? "#ffa198" : "#a40e26"
                }
            }
        }
    }
}

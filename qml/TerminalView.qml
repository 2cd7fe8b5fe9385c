import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// A terminal in the thread's workspace: the screen as a grid of monospace lines with a cursor.
// Keys typed while it has focus go to the program; the screen follows the view's size.
FocusScope {
    id: root

    required property AppClient client
    property string threadId: ""
    property alias terminal: terminalModel
    property alias screen: screen

    // Opens the terminal if it is not running yet.
    function start() {
        if (!terminalModel.running)
            terminalModel.open()
    }

    Accessible.role: Accessible.Terminal
    Accessible.name: qsTr("Terminal")

    TerminalModel {
        id: terminalModel
        client: root.client
        threadId: root.threadId
    }

    FontMetrics {
        id: metrics
        font.family: "monospace"
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 8
            Label {
                Layout.fillWidth: true
                objectName: "terminalStatus"
                text: terminalModel.status.length > 0 ? terminalModel.status
                                                     : qsTr("Terminal · %1×%2").arg(terminalModel.columns).arg(terminalModel.rows)
                opacity: 0.7
                elide: Text.ElideRight
            }
            ToolButton {
                text: terminalModel.running ? qsTr("Restart") : qsTr("Start")
                Accessible.name: text + qsTr(" the terminal")
                focusPolicy: Qt.NoFocus
                onClicked: terminalModel.open()
            }
        }

        Rectangle {
            id: screen
            objectName: "terminalScreen"
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: palette.base
            border.color: root.activeFocus ? palette.highlight : palette.mid
            clip: true
            focus: true
            activeFocusOnTab: true

            readonly property real cellWidth: Math.max(1, metrics.advanceWidth("M"))
            readonly property real cellHeight: Math.max(1, metrics.lineSpacing)
            readonly property int fitColumns: Math.max(1, Math.floor((width - 8) / cellWidth))
            readonly property int fitRows: Math.max(1, Math.floor((height - 8) / cellHeight))
            // Sizes settle over several layout passes; the program hears of the last one.
            function applySize() {
                if (visible && width > 0 && height > 0)
                    terminalModel.resize(fitColumns, fitRows)
            }
            onFitColumnsChanged: Qt.callLater(applySize)
            onFitRowsChanged: Qt.callLater(applySize)
            onVisibleChanged: Qt.callLater(applySize)

            Keys.onPressed: (event) => {
                if (terminalModel.sendKey(event.key, event.modifiers, event.text))
                    event.accepted = true
            }
            TapHandler {
                onTapped: screen.forceActiveFocus()
            }

            Column {
                x: 4
                y: 4
                Repeater {
                    model: terminalModel.lines
                    Text {
                        required property string modelData
                        text: modelData
                        textFormat: Text.PlainText
                        font: metrics.font
                        color: palette.text
                        height: screen.cellHeight
                    }
                }
            }
            Rectangle {
                objectName: "terminalCursor"
                visible: terminalModel.running
                x: 4 + terminalModel.cursorColumn * screen.cellWidth
                y: 4 + terminalModel.cursorRow * screen.cellHeight
                width: screen.cellWidth
                height: screen.cellHeight
                color: palette.text
                opacity: screen.activeFocus ? 0.6 : 0.25
            }
        }
    }
}

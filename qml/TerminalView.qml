import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// A terminal in the thread's workspace: the screen in its colours with a cursor, the scrollback
// above it (wheel, Shift+PageUp/PageDown, the scroll bar), a mouse selection that Ctrl+Shift+C
// copies and Ctrl+Shift+V or a middle click pastes. Other keys typed while it has focus go to
// the program; the screen follows the view's size.
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
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: palette.base
            border.color: screen.activeFocus ? palette.highlight : palette.mid

            TerminalItem {
                id: screen
                objectName: "terminalScreen"
                anchors.fill: parent
                anchors.margins: 4
                anchors.rightMargin: scrollBar.width + 4
                model: terminalModel
                foreground: palette.text
                background: palette.base
                selectionColor: palette.highlight
                selectedTextColor: palette.highlightedText
                cursorShown: terminalModel.running
                focus: true
                activeFocusOnTab: true
                Accessible.role: Accessible.Terminal
                Accessible.name: qsTr("Terminal screen")

                // Sizes settle over several layout passes; the program hears of the last one.
                function applySize() {
                    if (screen.visible && screen.width > 0 && screen.height > 0)
                        terminalModel.resize(screen.fitColumns, screen.fitRows)
                }
                onFitColumnsChanged: Qt.callLater(screen.applySize)
                onFitRowsChanged: Qt.callLater(screen.applySize)
                onVisibleChanged: Qt.callLater(screen.applySize)

                Keys.onPressed: (event) => {
                    if (terminalModel.handleKey(event.key, event.modifiers, event.text))
                        event.accepted = true
                }
            }

            // The scrollback: the handle is the screen's share of all the lines kept.
            ScrollBar {
                id: scrollBar
                objectName: "terminalScrollBar"
                readonly property int total: terminalModel.scrollbackSize + terminalModel.rows
                anchors.top: parent.top
                anchors.bottom: parent.bottom
                anchors.right: parent.right
                anchors.margins: 1
                orientation: Qt.Vertical
                policy: terminalModel.scrollbackSize > 0 ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
                focusPolicy: Qt.NoFocus
                size: terminalModel.rows / scrollBar.total
                position: (terminalModel.scrollbackSize - terminalModel.scrollOffset) / scrollBar.total
                onPositionChanged: {
                    if (scrollBar.pressed)
                        terminalModel.scrollOffset = terminalModel.scrollbackSize
                                - Math.round(scrollBar.position * scrollBar.total)
                }
                Accessible.name: qsTr("Scroll back through the terminal's output")
            }
        }
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The message box: Enter sends, Shift+Enter inserts a new line; Interrupt while a turn runs.
Pane {
    id: root

    property bool running: false
    property alias text: input.text
    property alias input: input
    signal sendRequested(string text)
    signal interruptRequested()

    function clear() { input.clear() }
    function send() { root.sendRequested(input.text) }

    RowLayout {
        anchors.fill: parent
        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(Math.max(input.implicitHeight, 40), 160)
            TextArea {
                id: input
                objectName: "composerInput"
                placeholderText: qsTr("Message (Enter sends, Shift+Enter new line)")
                wrapMode: TextEdit.Wrap
                Accessible.name: qsTr("Message")
                Keys.onReturnPressed: (event) => {
                    if (event.modifiers & Qt.ShiftModifier) {
                        input.insert(input.cursorPosition, "\n")
                        event.accepted = true
                    } else {
                        root.send()
                        event.accepted = true
                    }
                }
                Keys.onEnterPressed: (event) => {
                    root.send()
                    event.accepted = true
                }
            }
        }
        Button {
            objectName: "sendButton"
            text: qsTr("Send")
            Accessible.name: qsTr("Send message")
            enabled: input.text.trim().length > 0
            onClicked: root.send()
        }
        Button {
            objectName: "interruptButton"
            text: qsTr("Interrupt")
            Accessible.name: qsTr("Interrupt the running turn (Ctrl+.)")
            visible: root.running
            onClicked: root.interruptRequested()
        }
    }
}

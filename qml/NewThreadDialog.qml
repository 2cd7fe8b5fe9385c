import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Asks for a thread's title and provider: "shell" runs each message as a shell command,
// "process" runs a command template with {message} replaced by the text.
Dialog {
    id: root

    property string projectId: ""
    property alias titleField: titleField
    property alias providerCombo: providerCombo
    property alias templateField: templateField
    signal createRequested(string projectId, string title, string provider, var commandTemplate)

    title: qsTr("New thread")
    modal: true
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: 480

    onOpened: {
        titleField.clear()
        titleField.forceActiveFocus()
    }
    onAccepted: {
        const template = providerCombo.currentText === "process"
            ? templateField.text.trim().split(/\s+/).filter(s => s.length > 0) : []
        root.createRequested(root.projectId, titleField.text.trim(), providerCombo.currentText, template)
    }

    GridLayout {
        anchors.fill: parent
        columns: 2
        Label { text: qsTr("Title") }
        TextField {
            id: titleField
            objectName: "threadTitleField"
            Layout.fillWidth: true
            placeholderText: qsTr("What this thread is for")
            Accessible.name: qsTr("Thread title")
        }
        Label { text: qsTr("Provider") }
        ComboBox {
            id: providerCombo
            objectName: "threadProviderCombo"
            Layout.fillWidth: true
            model: ["shell", "process"]
            Accessible.name: qsTr("Provider")
        }
        Label {
            text: qsTr("Command")
            visible: providerCombo.currentText === "process"
        }
        TextField {
            id: templateField
            Layout.fillWidth: true
            visible: providerCombo.currentText === "process"
            placeholderText: qsTr("my-agent --prompt {message}")
            Accessible.name: qsTr("Command template")
        }
    }
}

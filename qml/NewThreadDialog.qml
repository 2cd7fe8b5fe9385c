import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Asks for a thread's title and provider: the project's default (the first choice), a preset,
// or a custom command template with {message} replaced by the text.
Dialog {
    id: root

    property string projectId: ""
    property alias presets: picker.presets
    property alias titleField: titleField
    property alias providerPicker: picker
    property alias providerCombo: picker.combo
    property alias templateField: picker.templateField
    signal createRequested(string projectId, string title, string provider, var commandTemplate)

    title: qsTr("New thread")
    modal: true
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: 480

    onOpened: {
        titleField.clear()
        picker.select("", [])
        titleField.forceActiveFocus()
    }
    onAccepted: root.createRequested(root.projectId, titleField.text.trim(), picker.kind,
                                     picker.commandTemplate)

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
        Label {
            Layout.alignment: Qt.AlignTop
            topPadding: 8
            text: qsTr("Provider")
        }
        ProviderPicker {
            id: picker
            objectName: "threadProviderPicker"
            Layout.fillWidth: true
            noneText: qsTr("Project default")
        }
    }
}

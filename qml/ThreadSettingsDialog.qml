import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Changes a thread's provider from its next turn on: its own (a preset or a custom command),
// or none of its own, so each turn runs with the project's default as it is then.
Dialog {
    id: root

    property string threadId: ""
    property string threadTitle: ""
    property string currentProvider: "" // "" when the thread follows its project's default
    property var currentCommandTemplate: []
    property alias presets: picker.presets
    property alias providerPicker: picker
    signal saveRequested(string threadId, string provider, var commandTemplate)

    title: qsTr("Thread settings — %1").arg(root.threadTitle)
    modal: true
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: 480

    onOpened: {
        picker.select(root.currentProvider, root.currentCommandTemplate)
        picker.combo.forceActiveFocus()
    }
    onAccepted: root.saveRequested(root.threadId, picker.kind, picker.commandTemplate)

    GridLayout {
        anchors.fill: parent
        columns: 2
        Label {
            Layout.alignment: Qt.AlignTop
            topPadding: 8
            text: qsTr("Provider")
        }
        ProviderPicker {
            id: picker
            objectName: "threadSettingsProviderPicker"
            Layout.fillWidth: true
            noneText: qsTr("Project default")
        }
    }
}

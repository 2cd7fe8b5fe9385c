import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Changes a project's default provider: the provider of its threads that name none, from
// their next turn on. "No default" removes it: those threads' turns then end at once with a
// "no provider" error until one is set.
Dialog {
    id: root

    property string projectId: ""
    property string projectTitle: ""
    property string currentProvider: ""
    property var currentCommandTemplate: []
    property alias presets: picker.presets
    property alias providerPicker: picker
    signal saveRequested(string projectId, string provider, var commandTemplate)

    title: qsTr("Project settings — %1").arg(root.projectTitle)
    modal: true
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: 480

    onOpened: {
        picker.select(root.currentProvider, root.currentCommandTemplate)
        picker.combo.forceActiveFocus()
    }
    onAccepted: root.saveRequested(root.projectId, picker.kind, picker.commandTemplate)

    GridLayout {
        anchors.fill: parent
        columns: 2
        Label {
            Layout.alignment: Qt.AlignTop
            topPadding: 8
            text: qsTr("Default provider")
        }
        ProviderPicker {
            id: picker
            Layout.fillWidth: true
            noneText: qsTr("No default")
        }
    }
}

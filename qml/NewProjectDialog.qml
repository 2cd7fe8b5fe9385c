import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs

// Asks for a project's title, workspace folder (typed, or picked with a folder dialog) and
// default provider: what the project's threads that name none run their turns with.
Dialog {
    id: root

    property alias titleField: titleField
    property alias folderField: folderField
    property alias presets: picker.presets
    property alias providerPicker: picker
    signal createRequested(string title, string folder, string provider, var commandTemplate)

    title: qsTr("New project")
    modal: true
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: 480

    onOpened: {
        titleField.clear()
        folderField.clear()
        picker.select("", [])
        titleField.forceActiveFocus()
    }
    onAccepted: root.createRequested(titleField.text.trim(), folderField.text.trim(), picker.kind,
                                     picker.commandTemplate)

    GridLayout {
        anchors.fill: parent
        columns: 3
        Label { text: qsTr("Title") }
        TextField {
            id: titleField
            objectName: "projectTitleField"
            Layout.columnSpan: 2
            Layout.fillWidth: true
            placeholderText: qsTr("My project")
            Accessible.name: qsTr("Project title")
        }
        Label { text: qsTr("Folder") }
        TextField {
            id: folderField
            objectName: "projectFolderField"
            Layout.fillWidth: true
            placeholderText: qsTr("/path/to/workspace")
            Accessible.name: qsTr("Workspace folder")
        }
        Button {
            text: qsTr("Browse…")
            Accessible.name: qsTr("Choose the workspace folder")
            onClicked: folderDialog.open()
        }
        Label {
            Layout.alignment: Qt.AlignTop
            topPadding: 8
            text: qsTr("Default provider")
        }
        ProviderPicker {
            id: picker
            Layout.columnSpan: 2
            Layout.fillWidth: true
            noneText: qsTr("None (each thread names its own)")
        }
    }

    FolderDialog {
        id: folderDialog
        title: qsTr("Choose the workspace folder")
        onAccepted: {
            const url = selectedFolder.toString()
            folderField.text = decodeURIComponent(url.replace(/^file:\/\//, ""))
            if (titleField.text.length === 0)
                titleField.text = folderField.text.split("/").filter(s => s.length > 0).pop() ?? ""
        }
    }
}

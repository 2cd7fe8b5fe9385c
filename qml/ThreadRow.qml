import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One thread in the sidebar: title, and its status as a spinner (running), a mark (error) or
// a word.
ItemDelegate {
    id: row

    required property string threadId
    required property string title
    required property string status
    required property bool running
    required property bool hasError
    property bool selected: false

    leftPadding: 24
    highlighted: selected
    Accessible.name: qsTr("Thread %1, %2").arg(title).arg(status)

    contentItem: RowLayout {
        spacing: 6
        BusyIndicator {
            objectName: "threadSpinner"
            Layout.preferredWidth: 16
            Layout.preferredHeight: 16
            running: row.running
            visible: row.running
        }
        Label {
            objectName: "threadErrorMark"
            visible: row.hasError && !row.running
            text: "⚠"
            color: "#d64545"
            Accessible.name: qsTr("error")
        }
        Label {
            Layout.fillWidth: true
            text: row.title
            elide: Text.ElideRight
        }
        Label {
            objectName: "threadRowStatus"
            text: row.status
            font.pixelSize: 11
            opacity: 0.6
        }
    }
}

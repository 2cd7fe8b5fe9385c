import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// Shown when nothing is selected: what the database holds and how to start.
Pane {
    id: root

    required property AppClient client
    signal newProject()

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 12
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Weft")
            font.pixelSize: 32
        }
        Label {
            objectName: "welcomeStatus"
            Layout.alignment: Qt.AlignHCenter
            text: !root.client ? "" : root.client.ready
                  ? qsTr("%1 projects · %2 threads · %3 events")
                        .arg(root.client.projectCount)
                        .arg(root.client.threadCount)
                        .arg(root.client.sequence)
                  : root.client.failed ? qsTr("The database could not be opened.")
                                       : qsTr("Opening %1…").arg(root.client.databasePath)
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            opacity: 0.6
            text: root.client ? root.client.databasePath : ""
        }
        Button {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("New project…")
            enabled: root.client !== null && root.client.ready
            onClicked: root.newProject()
        }
    }
}

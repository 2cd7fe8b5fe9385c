import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

ApplicationWindow {
    id: window

    required property AppClient client

    width: 960
    height: 640
    visible: true
    title: qsTr("Weft")

    ColumnLayout {
        anchors.centerIn: parent
        spacing: 12

        Label {
            Layout.alignment: Qt.AlignHCenter
            text: qsTr("Weft")
            font.pixelSize: 32
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            text: window.client.ready
                  ? qsTr("%1 projects · %2 threads · %3 events")
                        .arg(window.client.projectCount)
                        .arg(window.client.threadCount)
                        .arg(window.client.sequence)
                  : qsTr("Opening %1…").arg(window.client.databasePath)
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            visible: window.client.lastError.length > 0
            color: palette.highlight
            text: window.client.lastError
        }
        Label {
            Layout.alignment: Qt.AlignHCenter
            opacity: 0.6
            text: window.client.databasePath
        }
    }
}

pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Toasts for rejections and failures: each stays until closed or, for a while, on its own.
// `count` and `latest` let tests and scripts see what was shown.
Column {
    id: root

    SystemPalette { id: sysPalette }

    property int count: 0 // every notification shown so far
    property string latest: ""
    property alias model: entries

    function show(level, title, message) {
        root.count += 1
        root.latest = message
        entries.append({ level: level, title: title, message: message })
        if (entries.count > 5)
            entries.remove(0)
    }

    spacing: 8

    ListModel { id: entries }

    Repeater {
        objectName: "notificationList"
        model: entries
        delegate: Pane {
            id: toast
            required property int index
            required property string level
            required property string title
            required property string message
            width: root.width
            padding: 10
            Accessible.role: Accessible.AlertMessage
            Accessible.name: title + ": " + message
            background: Rectangle {
                radius: 6
                color: toast.level === "error" ? Qt.tint(sysPalette.base, Qt.rgba(0.85, 0.2, 0.2, 0.25)) : sysPalette.base
                border.color: toast.level === "error" ? "#d64545" : sysPalette.mid
            }
            Timer {
                interval: 10000
                running: true
                onTriggered: entries.remove(toast.index)
            }
            RowLayout {
                width: parent.width
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label { text: toast.title; font.bold: true }
                    Label {
                        Layout.fillWidth: true
                        text: toast.message
                        wrapMode: Text.Wrap
                    }
                }
                ToolButton {
                    text: "✕"
                    Accessible.name: qsTr("Dismiss")
                    onClicked: entries.remove(toast.index)
                }
            }
        }
    }
}

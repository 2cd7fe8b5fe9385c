pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A message (user, assistant or system; fenced code in a monospace block) or an activity line.
Item {
    id: root

    SystemPalette { id: sysPalette }

    required property string kind
    required property string role
    required property string text
    required property bool streaming
    required property string tone
    required property string activityKind
    required property string summary
    property bool monospaceAssistant: false

    readonly property bool isActivity: kind === "activity"
    readonly property bool isUser: role === "user"

    // Splits ``` fences: odd parts are code (their first line names the language).
    function segments(body) {
        const parts = body.split("```")
        const out = []
        for (let i = 0; i < parts.length; ++i) {
            const code = i % 2 === 1 || (root.monospaceAssistant && root.role === "assistant")
            const t = i % 2 === 1 ? parts[i].replace(/^[^\n]*\n/, "") : parts[i]
            if (t.length > 0)
                out.push({ code: code, text: t.replace(/\n$/, "") })
        }
        return out
    }

    implicitHeight: isActivity ? activityRow.implicitHeight + 4 : bubble.implicitHeight + 4
    height: implicitHeight

    RowLayout {
        id: activityRow
        visible: root.isActivity
        x: 24
        width: parent.width - 48
        spacing: 6
        Label {
            text: root.tone === "error" ? "✕" : root.tone === "tool" ? "⚙" : root.tone === "approval" ? "?" : "•"
            color: root.tone === "error" ? "#d64545" : sysPalette.windowText
            opacity: 0.8
        }
        Label {
            Layout.fillWidth: true
            text: root.activityKind.length > 0 ? root.activityKind + ": " + root.summary : root.summary
            wrapMode: Text.Wrap
            font.pixelSize: 12
            opacity: 0.75
            color: root.tone === "error" ? "#d64545" : sysPalette.windowText
        }
    }

    Rectangle {
        id: bubble
        visible: !root.isActivity
        x: root.isUser ? parent.width - width - 12 : 12
        width: Math.min(parent.width * 0.8, Math.max(column.implicitWidth + 20, 120))
        implicitHeight: column.implicitHeight + 16
        radius: 8
        color: root.isUser ? Qt.tint(sysPalette.base, Qt.rgba(0.2, 0.45, 0.95, 0.18))
             : root.role === "system" ? Qt.tint(sysPalette.base, Qt.rgba(0.9, 0.6, 0.1, 0.15))
             : sysPalette.alternateBase
        border.color: Qt.rgba(0.5, 0.5, 0.5, 0.25)

        ColumnLayout {
            id: column
            x: 10
            y: 8
            width: bubble.width - 20
            spacing: 4
            Label {
                text: root.role + (root.streaming ? qsTr(" · streaming…") : "")
                font.pixelSize: 11
                opacity: 0.6
            }
            Repeater {
                model: root.segments(root.text)
                delegate: Item {
                    id: segment
                    required property var modelData
                    Layout.fillWidth: true
                    implicitWidth: modelData.code ? code.implicitWidth + 12 : prose.implicitWidth
                    implicitHeight: modelData.code ? code.implicitHeight + 12 : prose.implicitHeight
                    Label {
                        id: prose
                        visible: !segment.modelData.code
                        width: parent.width
                        text: segment.modelData.code ? "" : segment.modelData.text
                        wrapMode: Text.Wrap
                        textFormat: Text.PlainText
                    }
                    Rectangle {
                        visible: segment.modelData.code
                        anchors.fill: parent
                        color: Qt.rgba(0.5, 0.5, 0.5, 0.12)
                        radius: 4
                        Label {
                            id: code
                            x: 6
                            y: 6
                            width: parent.width - 12
                            text: segment.modelData.code ? segment.modelData.text : ""
                            font.family: "monospace"
                            wrapMode: Text.WrapAnywhere
                            textFormat: Text.PlainText
                        }
                    }
                }
            }
        }
    }
}

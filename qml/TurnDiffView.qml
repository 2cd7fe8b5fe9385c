import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// One turn's changes: the files it changed (+additions −deletions) and the selected file's
// part of the unified patch, added and removed lines coloured. Opened over the thread view;
// Escape closes it.
Popup {
    id: root

    required property AppClient client
    property string threadId: ""
    property alias diff: diffModel
    property alias fileList: fileList
    property alias patchView: patchView

    // Shows turn `number` (1-based) of the thread; the changes are asked for at once.
    function show(number) {
        if (diffModel.turn === number)
            diffModel.refresh()
        else
            diffModel.turn = number
        open()
    }

    // Light or dark follows the window's palette; the tints are translucent so they sit on both.
    readonly property bool dark: palette.window.hslLightness < 0.5
    readonly property color addedText: dark ? "#7ee787" : "#116329"
    readonly property color removedText: dark ? "#ffa198" : "#a40e26"
    readonly property color hunkText: dark ? "#79c0ff" : "#0550ae"
    readonly property color addedTint: Qt.rgba(0.18, 0.64, 0.26, dark ? 0.22 : 0.14)
    readonly property color removedTint: Qt.rgba(0.85, 0.21, 0.2, dark ? 0.22 : 0.12)

    modal: true
    focus: true
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
    anchors.centerIn: parent
    width: parent ? parent.width * 0.9 : 800
    height: parent ? parent.height * 0.85 : 600
    padding: 0

    onOpened: fileList.forceActiveFocus()
    onClosed: diffModel.turn = 0

    TurnDiffModel {
        id: diffModel
        client: root.client
        threadId: root.threadId
    }

    contentItem: ColumnLayout {
        spacing: 0
        Accessible.role: Accessible.Dialog
        Accessible.name: qsTr("Changes of turn %1").arg(diffModel.turn)

        ToolBar {
            Layout.fillWidth: true
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 12
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Changes of turn %1").arg(diffModel.turn)
                    font.bold: true
                    elide: Text.ElideRight
                }
                Label {
                    visible: diffModel.truncated
                    text: qsTr("patch cut at 4 MiB")
                    opacity: 0.7
                }
                ToolButton {
                    objectName: "closeDiffButton"
                    text: "✕"
                    Accessible.name: qsTr("Close the changes")
                    onClicked: root.close()
                }
            }
        }

        Label {
            objectName: "diffError"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: diffModel.error.length > 0
            text: diffModel.error
            wrapMode: Text.Wrap
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            padding: 24
        }
        BusyIndicator {
            Layout.alignment: Qt.AlignCenter
            Layout.fillHeight: true
            visible: diffModel.loading
            running: visible
        }
        Label {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !diffModel.loading && diffModel.error.length === 0 && diffModel.count === 0
            text: qsTr("This turn changed no files.")
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            opacity: 0.7
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: diffModel.count > 0

            ListView {
                id: fileList
                objectName: "diffFileList"
                SplitView.preferredWidth: 260
                clip: true
                model: diffModel
                keyNavigationEnabled: true
                Accessible.name: qsTr("Changed files")
                ScrollBar.vertical: ScrollBar {}
                // Keys move currentIndex, the model picks the file; a new answer picks the first.
                onCurrentIndexChanged: diffModel.currentRow = currentIndex
                Connections {
                    target: diffModel
                    function onCurrentChanged() { fileList.currentIndex = diffModel.currentRow }
                }

                delegate: ItemDelegate {
                    id: file
                    required property int index
                    required property string path
                    required property string kind
                    required property int additions
                    required property int deletions
                    required property bool binary
                    width: ListView.view.width
                    highlighted: ListView.isCurrentItem
                    Accessible.name: qsTr("%1, %2, %3 lines added, %4 removed")
                        .arg(path).arg(kind).arg(additions).arg(deletions)
                    onClicked: diffModel.currentRow = index
                    contentItem: RowLayout {
                        Label {
                            Layout.fillWidth: true
                            text: file.path
                            elide: Text.ElideLeft
                            ToolTip.text: file.path + " (" + file.kind + ")"
                            ToolTip.visible: file.hovered
                        }
                        Label {
                            visible: file.binary
                            text: qsTr("binary")
                            opacity: 0.7
                        }
                        Label {
                            visible: !file.binary
                            text: "+" + file.additions
                            color: root.addedText
                        }
                        Label {
                            visible: !file.binary
                            text: "−" + file.deletions
                            color: root.removedText
                        }
                    }
                }
            }

            ListView {
                id: patchView
                objectName: "patchView"
                SplitView.fillWidth: true
                clip: true
                model: diffModel.lines
                boundsBehavior: Flickable.StopAtBounds
                contentWidth: Math.max(width, widest)
                flickableDirection: Flickable.AutoFlickIfNeeded
                Accessible.name: qsTr("Patch")
                ScrollBar.vertical: ScrollBar {}
                ScrollBar.horizontal: ScrollBar {}
                property real widest: 0
                onModelChanged: widest = 0

                delegate: Rectangle {
                    id: patchLine
                    required property var modelData
                    width: Math.max(ListView.view.width, lineText.implicitWidth)
                    height: lineText.implicitHeight
                    color: modelData.kind === "added" ? root.addedTint
                         : modelData.kind === "removed" ? root.removedTint
                         : "transparent"
                    Component.onCompleted: patchView.widest = Math.max(patchView.widest, lineText.implicitWidth)
                    Text {
                        id: lineText
                        text: patchLine.modelData.text
                        textFormat: Text.PlainText
                        font.family: "monospace"
                        leftPadding: 6
                        rightPadding: 6
                        color: patchLine.modelData.kind === "added" ? root.addedText
                             : patchLine.modelData.kind === "removed" ? root.removedText
                             : patchLine.modelData.kind === "hunk" ? root.hunkText
                             : palette.text
                        opacity: patchLine.modelData.kind === "header" || patchLine.modelData.kind === "note" ? 0.7 : 1
                        font.bold: patchLine.modelData.kind === "header" && patchLine.modelData.text.startsWith("diff ")
                    }
                }
            }
        }
    }
}

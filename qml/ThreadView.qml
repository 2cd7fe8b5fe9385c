import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Weft.Frontend

// One thread: its messages with activities inline, the turn list and the composer.
Pane {
    id: root

    required property AppClient client
    property string threadId: ""
    // Re-read on every event: `sequence` is the binding's dependency.
    readonly property var info: client && client.sequence >= 0 && threadId.length > 0 ? client.thread(threadId) : ({})
    readonly property bool running: info.running === true
    property alias messages: messageModel
    property alias turns: turnModel
    property alias composer: composer
    property alias turnDiff: turnDiff
    property alias terminal: terminalView
    property bool terminalShown: false
    // The ⚙ button: the main view opens the thread's settings (its provider).
    signal settingsRequested()

    // Shows the thread's terminal (started on first show, in the thread's workspace) and gives
    // it the keyboard, or hides it again; its program keeps running while hidden.
    function toggleTerminal() {
        if (root.threadId.length === 0)
            return
        root.terminalShown = !root.terminalShown
        if (root.terminalShown) {
            terminalView.start()
            terminalView.screen.forceActiveFocus()
        } else {
            composer.input.forceActiveFocus()
        }
    }

    // Highlights a turn in the turn list and scrolls it into view.
    function showTurn(turnId) {
        const row = turnModel.indexOf(turnId)
        if (row < 0)
            return
        turnList.shownTurnId = turnId
        turnList.positionViewAtIndex(row, ListView.Contain)
    }

    // Opens the changes of turn `number` (1-based).
    function openTurnDiff(number) {
        turnDiff.show(number)
    }

    function send(text) {
        if (text.trim().length === 0)
            return false
        root.client.startTurn(root.threadId, text)
        return true
    }
    function interrupt() {
        if (root.running)
            root.client.interruptTurn(root.threadId)
    }

    padding: 0
    onThreadIdChanged: {
        terminalShown = false // the old thread's terminal closes with it
        turnList.shownTurnId = ""
    }

    MessageListModel {
        id: messageModel
        client: root.client
        threadId: root.threadId
    }
    TurnListModel {
        id: turnModel
        client: root.client
        threadId: root.threadId
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ToolBar {
            Layout.fillWidth: true
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 12
                anchors.rightMargin: 8
                Label {
                    Layout.fillWidth: true
                    text: root.info.title ?? ""
                    font.pixelSize: 16
                    font.bold: true
                    elide: Text.ElideRight
                }
                BusyIndicator {
                    Layout.preferredWidth: 20
                    Layout.preferredHeight: 20
                    running: root.running
                    visible: root.running
                }
                Label {
                    objectName: "threadStatusLabel"
                    text: root.info.status ?? ""
                    color: root.info.status === "error" ? "#d64545" : palette.windowText
                    Accessible.name: qsTr("Status %1").arg(text)
                }
                Label {
                    objectName: "threadProviderLabel"
                    text: !root.info.providerFromProject
                          ? (root.info.provider ? qsTr("· %1").arg(root.info.provider) : "")
                          : root.info.provider ? qsTr("· %1 (project default)").arg(root.info.provider)
                          : qsTr("· no provider")
                    opacity: 0.6
                }
                ToolButton {
                    objectName: "threadSettingsButton"
                    text: "⚙"
                    // A task thread's provider is the scheduler's.
                    enabled: root.info.taskThread === false
                    Accessible.name: qsTr("Thread settings (Ctrl+Shift+P)")
                    ToolTip.text: qsTr("Thread settings: its provider (Ctrl+Shift+P)")
                    ToolTip.visible: hovered
                    onClicked: root.settingsRequested()
                }
                ToolButton {
                    objectName: "terminalButton"
                    text: qsTr("Terminal")
                    checkable: true
                    checked: root.terminalShown
                    Accessible.name: qsTr("Show the terminal (Ctrl+`)")
                    ToolTip.text: qsTr("Terminal in the thread's workspace (Ctrl+`)")
                    ToolTip.visible: hovered
                    onClicked: root.toggleTerminal()
                }
                ToolButton {
                    text: root.info.archived ? qsTr("Unarchive") : qsTr("Archive")
                    Accessible.name: text
                    onClicked: root.info.archived ? root.client.unarchiveThread(root.threadId)
                                                  : root.client.archiveThread(root.threadId)
                }
                ToolButton {
                    text: qsTr("Delete")
                    Accessible.name: qsTr("Delete thread")
                    onClicked: root.client.deleteThread(root.threadId)
                }
            }
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true

            ListView {
                id: messageList
                objectName: "messageList"
                SplitView.fillWidth: true
                clip: true
                model: messageModel
                spacing: 6
                topMargin: 8
                bottomMargin: 8
                Accessible.name: qsTr("Messages")
                ScrollBar.vertical: ScrollBar {}
                property bool stickToEnd: true

                onAtYBeginningChanged: if (atYBeginning && messageModel.hasOlder) messageModel.fetchOlder()
                onMovementEnded: stickToEnd = atYEnd
                onCountChanged: if (stickToEnd) Qt.callLater(positionViewAtEnd)
                Connections {
                    target: messageModel
                    function onOlderLoaded(rows) {
                        if (rows > 0)
                            messageList.positionViewAtIndex(rows, ListView.Beginning)
                    }
                }
                header: Item {
                    width: messageList.width
                    height: messageModel.loading ? 32 : 0
                    BusyIndicator {
                        anchors.centerIn: parent
                        running: messageModel.loading
                        visible: running
                        height: 28
                    }
                }
                delegate: MessageDelegate {
                    width: messageList.width
                    monospaceAssistant: root.info.provider === "shell" || root.info.provider === "process"
                }
                Label {
                    anchors.centerIn: parent
                    visible: messageList.count === 0 && !messageModel.loading
                    opacity: 0.6
                    text: qsTr("No messages yet. Write below; Enter sends, Shift+Enter starts a new line.")
                }
            }

            TurnList {
                id: turnList
                SplitView.preferredWidth: 230
                model: turnModel
                onOpenChanges: (number) => root.openTurnDiff(number)
            }
        }

        TerminalView {
            id: terminalView
            objectName: "terminalView"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.round(root.height * 0.35)
            visible: root.terminalShown
            client: root.client
            threadId: root.threadId
        }

        Composer {
            id: composer
            Layout.fillWidth: true
            running: root.running
            enabled: root.threadId.length > 0 && root.info.archived !== true
            onSendRequested: (text) => { if (root.send(text)) composer.clear() }
            onInterruptRequested: root.interrupt()
        }
    }

    Shortcut {
        sequence: "Ctrl+`"
        enabled: root.visible && root.threadId.length > 0
        onActivated: root.toggleTerminal()
    }

    TurnDiffView {
        id: turnDiff
        objectName: "turnDiff"
        client: root.client
        threadId: root.threadId
    }
}

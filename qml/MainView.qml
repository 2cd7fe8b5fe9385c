pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Dialogs
import Weft.Frontend

// Everything inside the window: sidebar, the selected thread or workflow, dialogs,
// notifications and the keyboard shortcuts.
Page {
    id: root

    required property AppClient client
    property string currentProjectId: ""
    property string currentThreadId: ""
    property string currentWorkflowId: ""
    readonly property string windowTitle: currentThreadId.length > 0 ? qsTr("Weft — thread")
                                          : currentWorkflowId.length > 0 ? qsTr("Weft — workflow")
                                          : qsTr("Weft")
    property alias notifications: notifications
    property alias newProjectDialog: newProjectDialog
    property alias newThreadDialog: newThreadDialog
    property alias projectSettingsDialog: projectSettingsDialog
    property alias threadSettingsDialog: threadSettingsDialog
    property alias sidebar: sidebar
    property alias threadView: threadView
    property alias workflowView: workflowView
    property alias workflowFileDialog: workflowFileDialog

    function openThread(threadId) {
        root.currentWorkflowId = ""
        root.currentThreadId = threadId
    }
    // The thread with one of its turns current and in view.
    function openTurn(threadId, turnId) {
        root.openThread(threadId)
        threadView.showTurn(turnId)
    }
    function openWorkflow(workflowId) {
        root.currentThreadId = ""
        root.currentWorkflowId = workflowId
    }
    function newThread() {
        if (root.currentProjectId.length === 0) {
            notifications.show("error", qsTr("No project"), qsTr("Create or select a project first."))
            return
        }
        newThreadDialog.projectId = root.currentProjectId
        newThreadDialog.open()
    }
    function editProject() {
        const project = root.client.project(root.currentProjectId)
        if (!project.projectId) {
            notifications.show("error", qsTr("No project"), qsTr("Create or select a project first."))
            return
        }
        projectSettingsDialog.projectId = project.projectId
        projectSettingsDialog.projectTitle = project.title
        projectSettingsDialog.currentProvider = project.defaultProvider
        projectSettingsDialog.currentCommandTemplate = project.defaultCommandTemplate
        projectSettingsDialog.open()
    }
    function editThread() {
        const thread = root.client.thread(root.currentThreadId)
        if (!thread.threadId) {
            notifications.show("error", qsTr("No thread"), qsTr("Select a thread first."))
            return
        }
        if (thread.taskThread) {
            notifications.show("error", qsTr("A workflow task's thread"),
                               qsTr("Its provider is the scheduler's and cannot be changed."))
            return
        }
        threadSettingsDialog.threadId = thread.threadId
        threadSettingsDialog.threadTitle = thread.title
        threadSettingsDialog.currentProvider = thread.providerFromProject ? "" : thread.provider
        threadSettingsDialog.currentCommandTemplate = thread.providerFromProject
            ? [] : thread.commandTemplate
        threadSettingsDialog.open()
    }
    function importWorkflow() {
        if (root.currentProjectId.length === 0) {
            notifications.show("error", qsTr("No project"), qsTr("Create or select a project first."))
            return
        }
        workflowFileDialog.open()
    }
    // A workflow file from the dialog or dropped on the window goes into the current project.
    function importWorkflowFile(url) {
        if (root.currentProjectId.length === 0) {
            notifications.show("error", qsTr("No project"), qsTr("Create or select a project first."))
            return
        }
        const r = root.client.importWorkflowFile(root.currentProjectId, url)
        if (r.id.length > 0)
            root.openWorkflow(r.id)
    }

    Connections {
        target: root.client
        function onNotify(level, title, message) { notifications.show(level, title, message) }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 8
            ToolButton {
                text: qsTr("New project…")
                Accessible.name: text
                onClicked: newProjectDialog.open()
            }
            ToolButton {
                text: qsTr("New thread…")
                Accessible.name: text
                enabled: root.currentProjectId.length > 0
                onClicked: root.newThread()
            }
            ToolButton {
                text: qsTr("Import workflow…")
                Accessible.name: text
                enabled: root.currentProjectId.length > 0
                onClicked: root.importWorkflow()
            }
            Item { Layout.fillWidth: true }
            TextField {
                id: searchField
                objectName: "searchField"
                Layout.preferredWidth: 240
                placeholderText: qsTr("Search threads (Ctrl+K)")
                Accessible.name: qsTr("Search threads")
            }
            Label {
                opacity: 0.6
                text: !root.client ? "" : root.client.ready ? qsTr("%1 events").arg(root.client.sequence)
                                        : root.client.failed ? qsTr("backend failed") : qsTr("opening…")
            }
        }
    }

    SplitView {
        anchors.fill: parent

        Sidebar {
            id: sidebar
            SplitView.preferredWidth: 300
            SplitView.minimumWidth: 200
            client: root.client
            filter: searchField.text
            currentProjectId: root.currentProjectId
            currentThreadId: root.currentThreadId
            currentWorkflowId: root.currentWorkflowId
            onProjectSelected: (projectId) => root.currentProjectId = projectId
            onThreadSelected: (projectId, threadId) => {
                root.currentProjectId = projectId
                root.openThread(threadId)
            }
            onWorkflowSelected: (projectId, workflowId) => {
                root.currentProjectId = projectId
                root.openWorkflow(workflowId)
            }
            onNewThreadRequested: (projectId) => {
                root.currentProjectId = projectId
                root.newThread()
            }
            onImportRequested: (projectId) => {
                root.currentProjectId = projectId
                root.importWorkflow()
            }
            onSettingsRequested: (projectId) => {
                root.currentProjectId = projectId
                root.editProject()
            }
        }

        // One page at a time; plain visibility rather than StackLayout, whose 6.4 version left
        // a page unsized when it became current.
        Item {
            SplitView.fillWidth: true

            Welcome {
                anchors.fill: parent
                visible: root.currentThreadId.length === 0 && root.currentWorkflowId.length === 0
                client: root.client
                onNewProject: newProjectDialog.open()
            }
            ThreadView {
                id: threadView
                anchors.fill: parent
                visible: root.currentThreadId.length > 0
                client: root.client
                threadId: root.currentThreadId
                onSettingsRequested: root.editThread()
            }
            WorkflowView {
                id: workflowView
                anchors.fill: parent
                visible: root.currentThreadId.length === 0 && root.currentWorkflowId.length > 0
                client: root.client
                workflowId: root.currentWorkflowId
                projectId: root.currentProjectId
                onOpenThread: (threadId) => root.openThread(threadId)
                onOpenTurn: (threadId, turnId) => root.openTurn(threadId, turnId)
                onImportRequested: root.importWorkflow()
            }

            // Over every page, not only an open workflow: the first workflow of a project is
            // dropped on the welcome page.
            DropArea {
                objectName: "workflowDropArea"
                anchors.fill: parent
                keys: ["text/uri-list"]
                onDropped: (drop) => {
                    if (drop.hasUrls && drop.urls.length > 0) {
                        drop.acceptProposedAction()
                        root.importWorkflowFile(drop.urls[0])
                    }
                }
            }
        }
    }

    NewProjectDialog {
        id: newProjectDialog
        anchors.centerIn: parent
        presets: root.client ? root.client.providerPresets : []
        onCreateRequested: (title, folder, provider, commandTemplate) => {
            const r = root.client.createProject(title, folder, provider, commandTemplate)
            root.currentProjectId = r.id
        }
    }

    ProjectSettingsDialog {
        id: projectSettingsDialog
        anchors.centerIn: parent
        presets: root.client ? root.client.providerPresets : []
        onSaveRequested: (projectId, provider, commandTemplate) => {
            root.client.setProjectDefaultProvider(projectId, provider, commandTemplate)
        }
    }

    ThreadSettingsDialog {
        id: threadSettingsDialog
        anchors.centerIn: parent
        presets: root.client ? root.client.providerPresets : []
        onSaveRequested: (threadId, provider, commandTemplate) => {
            root.client.setThreadProvider(threadId, provider, commandTemplate)
        }
    }

    NewThreadDialog {
        id: newThreadDialog
        anchors.centerIn: parent
        presets: root.client ? root.client.providerPresets : []
        onCreateRequested: (projectId, title, provider, commandTemplate) => {
            const r = root.client.createThread(projectId, title, provider, commandTemplate)
            root.openThread(r.id)
        }
    }

    FileDialog {
        id: workflowFileDialog
        title: qsTr("Import a workflow file")
        nameFilters: [qsTr("Workflow files (*.json)"), qsTr("All files (*)")]
        onAccepted: root.importWorkflowFile(selectedFile)
    }

    Notifications {
        id: notifications
        // Below the views' own tool bars, so their buttons stay reachable.
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.topMargin: 52
        anchors.rightMargin: 12
        width: Math.min(420, parent.width - 24)
        z: 100
    }

    Shortcut {
        sequence: "Ctrl+N"
        onActivated: root.newThread()
    }
    Shortcut {
        sequence: "Ctrl+Shift+N"
        onActivated: newProjectDialog.open()
    }
    Shortcut {
        sequence: "Ctrl+,"
        onActivated: root.editProject()
    }
    Shortcut {
        sequence: "Ctrl+Shift+P"
        enabled: root.currentThreadId.length > 0
        onActivated: root.editThread()
    }
    Shortcut {
        sequences: ["Ctrl+K", StandardKey.Find]
        onActivated: searchField.forceActiveFocus()
    }
    Shortcut {
        sequence: "Ctrl+."
        enabled: root.currentThreadId.length > 0
        onActivated: threadView.interrupt()
    }
    Shortcut {
        sequence: "Ctrl+0"
        enabled: root.currentWorkflowId.length > 0
        onActivated: workflowView.fitToView()
    }
    Shortcut {
        sequence: "Ctrl+I"
        onActivated: root.importWorkflow()
    }
}

import QtQuick
import QtTest
import Weft
import Weft.Testing

// A user creates a project whose default provider is the shell and a thread that keeps the
// project's default, sends a turn and sees the message, the output and the status change.
TestCase {
    id: testCase
    name: "Thread"
    when: windowShown
    visible: true // a TestCase is hidden by default; the views need a size to lay out
    width: 1200
    height: 800

    Component {
        id: harnessComponent
        WeftHarness {}
    }
    Component {
        id: viewComponent
        MainView {
            width: testCase.width
            height: testCase.height
        }
    }

    function typeText(text) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
    }

    function test_given_empty_database_when_user_sends_a_turn_then_message_and_status_show() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000, "backend ready")

        view.newProjectDialog.open()
        view.newProjectDialog.titleField.text = "Demo"
        view.newProjectDialog.folderField.text = harness.makeDir("workspace")
        const projectPicker = view.newProjectDialog.providerPicker
        compare(projectPicker.kind, "")
        verify(projectPicker.presets.indexOf("shell") >= 0)
        projectPicker.select("shell", [])
        compare(projectPicker.kind, "shell")
        view.newProjectDialog.accept()
        tryCompare(view.sidebar.projects, "count", 1, 20000)
        verify(view.currentProjectId.length > 0)
        tryVerify(() => harness.client.project(view.currentProjectId).defaultProvider === "shell",
                  20000, "project default recorded")

        view.newThread()
        view.newThreadDialog.titleField.text = "Echo"
        compare(view.newThreadDialog.providerCombo.currentText, "Project default")
        compare(view.newThreadDialog.providerPicker.kind, "")
        view.newThreadDialog.accept()
        tryVerify(() => view.threadView.info.title === "Echo", 20000, "thread shown")
        compare(view.threadView.info.status, "idle")
        compare(view.threadView.info.provider, "shell")
        verify(view.threadView.info.providerFromProject)

        const input = view.threadView.composer.input
        mouseClick(input)
        input.forceActiveFocus()
        typeText("echo hello")
        keyClick(Qt.Key_Return, Qt.ShiftModifier) // a new line, not a send
        typeText("echo weft")
        compare(view.threadView.turns.count, 0)
        keyClick(Qt.Key_Return)

        tryCompare(view.threadView.turns, "count", 1, 20000)
        compare(input.text, "")
        const user = view.threadView.messages
        tryVerify(() => user.count >= 1, 20000, "user message shown")
        compare(user.get(0).role, "user")
        compare(user.get(0).text, "echo hello\necho weft")

        tryVerify(() => view.threadView.info.status === "ready", 30000, "turn finished")
        tryVerify(() => {
            for (let i = 0; i < user.count; ++i) {
                const row = user.get(i)
                if (row.role === "assistant" && row.text.indexOf("weft") >= 0 && !row.streaming)
                    return true
            }
            return false
        }, 20000, "assistant output shown")
        const turnList = findChild(view.threadView, "turnList")
        verify(turnList !== null)
        tryCompare(turnList, "count", 1)
    }

    function test_given_project_without_default_when_default_set_in_settings_then_thread_uses_it() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"))
        const thread = harness.client.createThread(project.id, "T", "")
        tryVerify(() => harness.client.thread(thread.id).title === "T", 20000)
        view.currentProjectId = project.id
        view.openThread(thread.id)
        compare(view.threadView.info.provider, "")
        verify(view.threadView.info.providerFromProject)

        view.editProject()
        const dialog = view.projectSettingsDialog
        tryCompare(dialog, "opened", true)
        const picker = dialog.providerPicker
        // Custom command: a template whose words become the argument vector.
        picker.combo.currentIndex = picker.combo.count - 1
        verify(picker.templateField.visible)
        picker.templateField.text = "printf %s {message}"
        compare(picker.kind, "process")
        compare(picker.commandTemplate, ["printf", "%s", "{message}"])
        dialog.accept()
        tryVerify(() => harness.client.project(project.id).defaultProvider === "process", 20000,
                  "project default changed")
        compare(harness.client.project(project.id).defaultCommandTemplate,
                ["printf", "%s", "{message}"])
        tryVerify(() => view.threadView.info.provider === "process", 20000, "thread view follows")

        harness.client.startTurn(thread.id, "from the settings")
        tryVerify(() => harness.client.thread(thread.id).turnCount === 1
                  && !harness.client.thread(thread.id).running, 30000, "turn finished")
        compare(harness.client.thread(thread.id).status, "ready")

        // Reopened, the dialog shows the project's current default.
        view.editProject()
        tryCompare(dialog, "opened", true)
        compare(picker.kind, "process")
        compare(picker.templateField.text, "printf %s {message}")
        dialog.reject()
    }

    // Moves a focused provider combo up to its first choice with the arrow key, as a user does.
    function chooseFirstByKeyboard(picker) {
        verify(picker.combo.activeFocus, "the dialog gives the combo the keyboard")
        for (let i = picker.combo.currentIndex; i > 0; --i)
            keyClick(Qt.Key_Up)
        compare(picker.combo.currentIndex, 0)
    }

    function test_given_project_with_default_when_no_default_chosen_then_it_is_removed() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"), "shell")
        const thread = harness.client.createThread(project.id, "T", "")
        tryVerify(() => harness.client.thread(thread.id).title === "T", 20000)
        view.currentProjectId = project.id
        view.openThread(thread.id)
        tryVerify(() => view.threadView.info.provider === "shell", 20000, "thread shown")

        keyClick(Qt.Key_Comma, Qt.ControlModifier)
        const dialog = view.projectSettingsDialog
        tryCompare(dialog, "opened", true)
        const picker = dialog.providerPicker
        compare(picker.kind, "shell")
        chooseFirstByKeyboard(picker)
        compare(picker.combo.currentText, "No default")
        compare(picker.kind, "")
        dialog.accept()

        tryVerify(() => harness.client.project(project.id).defaultProvider === "", 20000,
                  "default removed")
        tryVerify(() => view.threadView.info.provider === "", 20000, "thread view follows")
        verify(view.threadView.info.providerFromProject)
        compare(findChild(view.threadView, "threadProviderLabel").text, "· no provider")
        compare(view.notifications.count, 0)

        // Reopened, the dialog shows that there is none.
        view.editProject()
        tryCompare(dialog, "opened", true)
        compare(picker.combo.currentText, "No default")
        dialog.reject()
    }

    function test_given_thread_with_own_provider_when_project_default_chosen_then_it_follows_project() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"), "shell")
        const thread = harness.client.createThread(project.id, "T", "process",
                                                   ["printf", "%s", "{message}"])
        tryVerify(() => harness.client.thread(thread.id).title === "T", 20000)
        view.currentProjectId = project.id
        view.openThread(thread.id)
        tryVerify(() => view.threadView.info.provider === "process", 20000, "thread shown")
        verify(!view.threadView.info.providerFromProject)
        verify(findChild(view.threadView, "threadSettingsButton").enabled)

        keyClick(Qt.Key_P, Qt.ControlModifier | Qt.ShiftModifier)
        const dialog = view.threadSettingsDialog
        tryCompare(dialog, "opened", true)
        const picker = dialog.providerPicker
        compare(picker.kind, "process")
        compare(picker.templateField.text, "printf %s {message}")
        chooseFirstByKeyboard(picker)
        compare(picker.combo.currentText, "Project default")
        dialog.accept()

        tryVerify(() => view.threadView.info.providerFromProject, 20000, "back to the default")
        compare(view.threadView.info.provider, "shell")
        compare(findChild(view.threadView, "threadProviderLabel").text, "· shell (project default)")

        // And a provider of its own again, a preset this time.
        view.editThread()
        tryCompare(dialog, "opened", true)
        compare(picker.combo.currentText, "Project default")
        picker.select("shell", [])
        dialog.accept()
        tryVerify(() => !view.threadView.info.providerFromProject, 20000, "own provider")
        compare(view.threadView.info.provider, "shell")
        compare(view.notifications.count, 0)
    }

    function test_given_thread_with_history_when_reopened_then_messages_are_read_back() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        tryVerify(() => harness.client.ready, 20000)
        const project = harness.client.createProject("P", harness.makeDir("p"))
        const thread = harness.client.createThread(project.id, "T", "shell")
        for (let i = 0; i < 3; ++i) {
            harness.client.startTurn(thread.id, "echo line" + i)
            tryVerify(() => harness.client.thread(thread.id).running === false
                      && harness.client.thread(thread.id).turnCount === i + 1, 30000)
        }
        const messages = view.threadView.messages
        messages.pageSize = 4
        view.openThread(thread.id)
        // The newest page first (4 rows of the 6 messages and their activities), then older
        // pages as the view scrolls back (it asks at the top) or on request, down to the first.
        tryVerify(() => messages.count >= 4 && !messages.loading, 20000, "newest page")
        while (messages.hasOlder) {
            messages.fetchOlder()
            tryVerify(() => !messages.loading, 20000, "older page")
        }
        let texts = []
        for (let i = 0; i < messages.count; ++i)
            if (messages.get(i).kind === "message")
                texts.push(messages.get(i).text)
        compare(texts.length, 6)
        compare(texts[0], "echo line0")
        for (let i = 1; i < messages.count; ++i)
            verify(messages.get(i - 1).sequence < messages.get(i).sequence)
    }
}

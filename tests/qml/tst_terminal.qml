import QtQuick
import QtTest
import Weft
import Weft.Testing

// A user opens the thread's terminal with Ctrl+`, types a command and reads its output.
TestCase {
    id: testCase
    name: "Terminal"
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

    function openThread(harness, view) {
        tryVerify(() => harness.client.ready, 20000, "backend ready")
        const project = harness.client.createProject("P", harness.makeDir("workspace"))
        const thread = harness.client.createThread(project.id, "T", "shell")
        tryVerify(() => harness.client.thread(thread.id).title === "T", 20000, "thread created")
        view.openThread(thread.id)
        tryCompare(view.threadView, "threadId", thread.id)
        return thread.id
    }

    function test_given_thread_when_user_types_a_command_in_its_terminal_then_the_output_shows() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        openThread(harness, view)

        keyClick(Qt.Key_QuoteLeft, Qt.ControlModifier)
        const terminalView = view.threadView.terminal
        tryVerify(() => terminalView.visible, 5000, "terminal shown by Ctrl+`")
        const terminal = terminalView.terminal
        tryVerify(() => terminal.running, 20000, "terminal started")
        verify(terminalView.screen.activeFocus, "the terminal has the keyboard")
        // The screen fits the view, not the 80×24 it started with.
        tryVerify(() => terminal.columns > 80 && terminal.rows !== 24, 5000, "resized to the view")

        typeText("echo hello")
        keyClick(Qt.Key_Return)
        // The command line holds "echo hello"; the program's answer is a line of its own.
        tryVerify(() => terminal.lines.indexOf("hello") >= 0, 20000, "output shown: " + terminal.text)

        keyClick(Qt.Key_QuoteLeft, Qt.ControlModifier)
        tryVerify(() => !terminalView.visible, 5000, "hidden again by Ctrl+`")
    }

    function test_given_running_terminal_when_exit_is_typed_then_the_view_says_it_ended() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        openThread(harness, view)
        view.threadView.toggleTerminal()
        const terminal = view.threadView.terminal.terminal
        tryVerify(() => terminal.running, 20000, "terminal started")
        typeText("exit 3")
        keyClick(Qt.Key_Return)
        tryVerify(() => !terminal.running, 20000, "program ended")
        compare(terminal.status, "The program exited with code 3.")
    }
}

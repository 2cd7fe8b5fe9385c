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

    // Shows the thread's terminal and waits until its shell runs at the view's size.
    function startTerminal(view) {
        view.threadView.toggleTerminal()
        const terminal = view.threadView.terminal.terminal
        tryVerify(() => terminal.running, 20000, "terminal started")
        tryVerify(() => terminal.columns > 80, 5000, "resized to the view")
        return terminal
    }

    function test_given_running_terminal_when_a_program_prints_colours_then_the_view_draws_them() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        openThread(harness, view)
        const terminal = startTerminal(view)
        const screen = view.threadView.terminal.screen

        // The command line shows the escapes as typed; only the output lines read "red", "RED".
        terminal.write("printf '\\033[31mred\\033[0m\\n\\033[41mRED\\033[0m\\n'\r")
        tryVerify(() => terminal.lines.indexOf("RED") >= 0, 20000, "output shown")

        const red = terminal.cell(terminal.lines.indexOf("red"), 0)
        verify(!red.defaultForeground, "the program chose the colour")
        verify(red.foreground.r > 0.5 && red.foreground.g < 0.3 && red.foreground.b < 0.3,
               "red text: " + red.foreground)

        const row = terminal.lines.indexOf("RED")
        const onRed = terminal.cell(row, 0)
        verify(!onRed.defaultBackground, "the program chose the background")
        verify(onRed.background.r > 0.5 && onRed.background.g < 0.3, "on red: " + onRed.background)
        // The item draws it: the cell's top left corner, off the glyph, has that colour. (Qt
        // 6.4's grabImage crops an item by its position in its parent, not in the window: grab
        // the whole view, which sits at the window's origin.)
        const rect = screen.cellRect(row, 0)
        const corner = screen.mapToItem(view, rect.x + 1, rect.y + 1)
        tryVerify(() => Qt.colorEqual(grabImage(view).pixel(corner.x, corner.y), onRed.background),
                  5000, "red cell painted")
        // A cell the program left alone is drawn in the palette's base colour.
        const plain = screen.cellRect(row, 10)
        const plainCorner = screen.mapToItem(view, plain.x + 1, plain.y + 1)
        verify(Qt.colorEqual(grabImage(view).pixel(plainCorner.x, plainCorner.y), screen.background),
               "default background")
    }

    // Runs `seq 1 300` and types "echo " after it; returns once the shell has echoed that, so
    // all of seq's output is on the screen or in the scrollback.
    function printNumbers(terminal) {
        terminal.write("seq 1 300\r")
        tryVerify(() => terminal.lines.indexOf("300") >= 0, 20000, "output shown")
        typeText("echo ")
        tryVerify(() => terminal.lines.some(line => line.endsWith("echo")), 20000, "echo typed")
        verify(terminal.scrollbackSize > terminal.rows + 3, "lines went up into the scrollback")
    }

    function test_given_long_output_when_scrolled_back_then_older_lines_show_until_a_key_is_typed() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        openThread(harness, view)
        const terminal = startTerminal(view)
        const screen = view.threadView.terminal.screen
        printNumbers(terminal)

        keyClick(Qt.Key_PageUp, Qt.ShiftModifier)
        compare(terminal.scrollOffset, terminal.rows)
        verify(terminal.lines.indexOf("300") < 0, "the newest lines are below the view")
        mouseWheel(screen, screen.width / 2, screen.height / 2, 0, 120)
        compare(terminal.scrollOffset, terminal.rows + 3, "a wheel step scrolls three lines back")
        keyClick(Qt.Key_PageDown, Qt.ShiftModifier)
        compare(terminal.scrollOffset, 3)

        // The scroll bar's handle, dragged to the top, shows the oldest line.
        const bar = findChild(view.threadView.terminal, "terminalScrollBar")
        verify(bar.visible, "a scroll bar once there is scrollback")
        mousePress(bar, bar.width / 2, bar.height - 4)
        mouseMove(bar, bar.width / 2, -bar.height, -1, Qt.LeftButton)
        mouseRelease(bar, bar.width / 2, -bar.height)
        compare(terminal.scrollOffset, terminal.scrollbackSize)
        verify(terminal.lines.indexOf("1") >= 0, "the first lines show: " + terminal.text)

        keyClick(Qt.Key_A)
        compare(terminal.scrollOffset, 0, "typing goes back to the bottom")
    }

    function test_given_scrolled_back_output_when_a_line_is_dragged_over_then_it_copies_and_pastes() {
        const harness = createTemporaryObject(harnessComponent, testCase)
        const view = createTemporaryObject(viewComponent, testCase, { client: harness.client })
        openThread(harness, view)
        const terminal = startTerminal(view)
        const screen = view.threadView.terminal.screen
        printNumbers(terminal)
        terminal.scrollBy(terminal.rows + 3)
        const older = terminal.lines[0]
        verify(/^[0-9]+$/.test(older) && Number(older) < 300 - terminal.rows, "older line: " + older)

        // Drag across the top row's number, from the left edge of its first cell to its end.
        const first = screen.cellRect(0, 0)
        const end = screen.cellRect(0, older.length)
        mousePress(screen, first.x + 1, first.y + first.height / 2)
        mouseMove(screen, end.x + 1, end.y + end.height / 2, -1, Qt.LeftButton)
        mouseRelease(screen, end.x + 1, end.y + end.height / 2)
        compare(terminal.selectedText, older)

        keyClick(Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
        keyClick(Qt.Key_V, Qt.ControlModifier | Qt.ShiftModifier)
        compare(terminal.scrollOffset, 0, "pasting goes back to the bottom")
        keyClick(Qt.Key_Return)
        tryVerify(() => terminal.lines.indexOf(older) >= 0, 20000, "pasted and echoed: " + older)

        // A middle click pastes too (the clipboard, where the platform has no primary selection).
        typeText("echo ")
        const here = screen.cellRect(1, 1)
        mouseClick(screen, here.x + 1, here.y + 1, Qt.MiddleButton)
        keyClick(Qt.Key_Return)
        tryVerify(() => terminal.lines.filter(line => line === older).length === 2, 20000,
                  "pasted by a middle click")
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

#pragma once

#include "backend/terminal/TerminalScreen.h"
#include "frontend/AppClient.h"
#include "frontend/TerminalViewport.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace frontend {

/// A terminal of a thread as a view sees it: opens it in the backend (in the thread's
/// workspace), keeps a screen of its own fed by the backend's `output` events (libvterm, like
/// the backend's, so the view never waits on the backend thread) and sends the user's keys
/// back as `write`. The view scrolls back through the screen's scrollback, selects text across
/// it, copies and pastes; a TerminalItem draws what `viewport()` shows.
class TerminalModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(frontend::AppClient *client READ client WRITE setClient NOTIFY keyChanged)
    Q_PROPERTY(QString threadId READ threadId WRITE setThreadId NOTIFY keyChanged)
    Q_PROPERTY(QString terminalId READ terminalId WRITE setTerminalId NOTIFY keyChanged)
    Q_PROPERTY(int columns READ columns NOTIFY sizeChanged)
    Q_PROPERTY(int rows READ rows NOTIFY sizeChanged)
    /// Open in the backend and its program not exited.
    Q_PROPERTY(bool running READ isRunning NOTIFY stateChanged)
    /// The last error or exit, as a sentence; empty when none.
    Q_PROPERTY(QString status READ status NOTIFY stateChanged)
    /// The text of the rows the view shows (the screen's, or older ones while scrolled back),
    /// trailing blanks removed.
    Q_PROPERTY(QStringList lines READ lines NOTIFY screenChanged)
    /// `lines` joined with newlines.
    Q_PROPERTY(QString text READ text NOTIFY screenChanged)
    Q_PROPERTY(int cursorRow READ cursorRow NOTIFY screenChanged)
    Q_PROPERTY(int cursorColumn READ cursorColumn NOTIFY screenChanged)
    /// How many lines the view is scrolled back from the bottom (0 to scrollbackSize).
    Q_PROPERTY(int scrollOffset READ scrollOffset WRITE scrollTo NOTIFY screenChanged)
    /// How many lines the screen keeps above its top row.
    Q_PROPERTY(int scrollbackSize READ scrollbackSize NOTIFY screenChanged)
    Q_PROPERTY(bool hasSelection READ hasSelection NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedText READ selectedText NOTIFY selectionChanged)

public:
    explicit TerminalModel(QObject *parent = nullptr);
    ~TerminalModel() override;

    [[nodiscard]] AppClient *client() const { return m_client; }
    void setClient(AppClient *client);
    [[nodiscard]] QString threadId() const { return m_threadId; }
    void setThreadId(const QString &threadId);
    [[nodiscard]] QString terminalId() const { return m_terminalId; }
    void setTerminalId(const QString &terminalId);
    [[nodiscard]] int columns() const { return m_screen->columns(); }
    [[nodiscard]] int rows() const { return m_screen->rows(); }
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] QString status() const { return m_status; }
    [[nodiscard]] QStringList lines() const { return m_lines; }
    [[nodiscard]] QString text() const { return m_lines.join(QLatin1Char('\n')); }
    [[nodiscard]] int cursorRow() const { return m_cursor.row; }
    [[nodiscard]] int cursorColumn() const { return m_cursor.column; }
    /// The cursor as of the last screen update (what the view shows).
    [[nodiscard]] backend::terminal::TerminalCursor cursor() const { return m_cursor; }
    [[nodiscard]] int scrollOffset() const { return m_viewport.scrollOffset(); }
    [[nodiscard]] int scrollbackSize() const { return int(m_viewport.scrollbackSize()); }
    [[nodiscard]] bool hasSelection() const { return m_viewport.hasSelection(); }
    [[nodiscard]] QString selectedText() const { return m_viewport.selectedText(); }
    /// What the view shows, as of the last screen update.
    [[nodiscard]] const TerminalViewport &viewport() const { return m_viewport; }

    /// Opens the terminal in the thread's workspace at the current size (or restarts it).
    Q_INVOKABLE void open();
    Q_INVOKABLE void close();
    Q_INVOKABLE void write(const QString &data);
    /// Resizes the screen here at once and the program's terminal in the backend.
    Q_INVOKABLE void resize(int columns, int rows);
    /// Sends what a key press means to a terminal (text, or an escape sequence for Enter,
    /// arrows, Ctrl+letter, …). Returns false for keys a terminal has no use for.
    Q_INVOKABLE bool sendKey(int key, int modifiers, const QString &text);

    /// What a key press does in the view: Shift+PageUp/PageDown scroll back and forth,
    /// Ctrl+Shift+C copies, Ctrl+Shift+V and Shift+Insert paste; other keys go to sendKey().
    Q_INVOKABLE bool handleKey(int key, int modifiers, const QString &text);

    Q_INVOKABLE void scrollTo(int offset);
    /// Scrolls back by `lines` (forward when negative).
    Q_INVOKABLE void scrollBy(int lines);
    Q_INVOKABLE void scrollToBottom() { scrollTo(0); }
    /// Selects the text between two places, each a line (0 the oldest scrollback line, the
    /// scrollback's size plus r the screen's row r) and a column boundary (0 before the first
    /// cell); equal places select nothing.
    Q_INVOKABLE void select(int fromLine, int fromColumn, int toLine, int toColumn);
    /// Moves the end of the selection that is not its anchor (where a drag began).
    Q_INVOKABLE void extendSelection(int toLine, int toColumn);
    Q_INVOKABLE void clearSelection();
    /// Puts the selection on the clipboard (and on X11's primary selection); false when nothing
    /// is selected.
    Q_INVOKABLE bool copy();
    /// Puts the selection on X11's primary selection, where the platform has one: what the
    /// end of a drag does, for a middle click elsewhere.
    void copyToPrimary();
    /// Sends the clipboard's text to the program.
    Q_INVOKABLE void paste();
    /// Sends X11's primary selection to the program (the clipboard where there is none): what a
    /// middle click pastes.
    Q_INVOKABLE void pasteSelection();
    /// Sends text as a paste: newlines become carriage returns, bracketed when the program
    /// asked for it, in writes the backend accepts.
    Q_INVOKABLE void pasteText(const QString &text);
    /// A cell of the view's row `row`: {text, width, foreground, background (colours),
    /// defaultForeground, defaultBackground, bold, italic, underline, reverse, strike}; empty
    /// outside the view.
    Q_INVOKABLE QVariantMap cell(int row, int column) const;

    /// The bytes a key press sends to a terminal program (xterm conventions); empty when none.
    [[nodiscard]] static QString keySequence(int key, int modifiers, const QString &text);
    /// Pasted text as writes for the program: each at most TerminalSession::kMaxWrite bytes of
    /// UTF-8, split between characters; line ends become carriage returns (what Enter sends);
    /// between ESC[200~ and ESC[201~ when `bracketed`, with any ESC[201~ inside taken out so
    /// the text cannot end the paste early.
    [[nodiscard]] static QStringList pasteChunks(const QString &text, bool bracketed);

Q_SIGNALS:
    void keyChanged();
    void sizeChanged();
    void stateChanged();
    void screenChanged();
    void selectionChanged();

private:
    void onEvent(const QString &threadId, const QString &terminalId, const QString &kind,
                 const QString &code, const QString &message, const QJsonObject &data);
    void scheduleScreenUpdate();
    void updateScreen();
    /// Shows the viewport's current lines (after a scroll or a screen update).
    void showViewport();
    void setState(bool running, const QString &status);

    QPointer<AppClient> m_client;
    QMetaObject::Connection m_events;
    QString m_threadId;
    QString m_terminalId = QStringLiteral("main");
    std::unique_ptr<backend::terminal::TerminalScreen> m_screen;
    TerminalViewport m_viewport;
    QStringList m_lines;
    backend::terminal::TerminalCursor m_cursor;
    bool m_running = false;
    bool m_opened = false; ///< asked to open and not closed since
    bool m_updateScheduled = false;
    QString m_status;
};

} // namespace frontend

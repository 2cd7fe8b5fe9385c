#pragma once

#include "backend/terminal/TerminalScreen.h"
#include "frontend/AppClient.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace frontend {

/// A terminal of a thread as a view sees it: opens it in the backend (in the thread's
/// workspace), keeps a screen of its own fed by the backend's `output` events (libvterm, like
/// the backend's, so the view never waits on the backend thread) and sends the user's keys
/// back as `write`. The screen is exposed as text lines with a cursor.
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
    /// The visible rows' text, trailing blanks removed.
    Q_PROPERTY(QStringList lines READ lines NOTIFY screenChanged)
    /// `lines` joined with newlines.
    Q_PROPERTY(QString text READ text NOTIFY screenChanged)
    Q_PROPERTY(int cursorRow READ cursorRow NOTIFY screenChanged)
    Q_PROPERTY(int cursorColumn READ cursorColumn NOTIFY screenChanged)

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
    [[nodiscard]] int cursorRow() const { return m_screen->cursor().row; }
    [[nodiscard]] int cursorColumn() const { return m_screen->cursor().column; }

    /// Opens the terminal in the thread's workspace at the current size (or restarts it).
    Q_INVOKABLE void open();
    Q_INVOKABLE void close();
    Q_INVOKABLE void write(const QString &data);
    /// Resizes the screen here at once and the program's terminal in the backend.
    Q_INVOKABLE void resize(int columns, int rows);
    /// Sends what a key press means to a terminal (text, or an escape sequence for Enter,
    /// arrows, Ctrl+letter, …). Returns false for keys a terminal has no use for.
    Q_INVOKABLE bool sendKey(int key, int modifiers, const QString &text);

    /// The bytes a key press sends to a terminal program (xterm conventions); empty when none.
    [[nodiscard]] static QString keySequence(int key, int modifiers, const QString &text);

Q_SIGNALS:
    void keyChanged();
    void sizeChanged();
    void stateChanged();
    void screenChanged();

private:
    void onEvent(const QString &threadId, const QString &terminalId, const QString &kind,
                 const QString &code, const QString &message, const QJsonObject &data);
    void scheduleScreenUpdate();
    void updateScreen();
    void setState(bool running, const QString &status);

    QPointer<AppClient> m_client;
    QMetaObject::Connection m_events;
    QString m_threadId;
    QString m_terminalId = QStringLiteral("main");
    std::unique_ptr<backend::terminal::TerminalScreen> m_screen;
    QStringList m_lines;
    bool m_running = false;
    bool m_opened = false; ///< asked to open and not closed since
    bool m_updateScheduled = false;
    QString m_status;
};

} // namespace frontend

#include "frontend/TerminalModel.h"

#include "backend/terminal/TerminalSession.h"

#include <QClipboard>
#include <QColor>
#include <QGuiApplication>

namespace frontend {

namespace {

constexpr int kDefaultColumns = 80;
constexpr int kDefaultRows = 24;

} // namespace

TerminalModel::TerminalModel(QObject *parent)
    : QObject(parent)
    , m_screen(std::make_unique<backend::terminal::TerminalScreen>(kDefaultRows, kDefaultColumns))
    , m_viewport(*m_screen)
{
    // The backend's own screen answers the program's queries; this copy only shows.
    m_screen->onOutput = [](const QByteArray &) {};
    updateScreen();
}

TerminalModel::~TerminalModel()
{
    close();
}

void TerminalModel::setClient(AppClient *client)
{
    if (m_client == client)
        return;
    close();
    disconnect(m_events);
    m_client = client;
    if (client)
        m_events = connect(client, &AppClient::terminalEvent, this, &TerminalModel::onEvent);
    Q_EMIT keyChanged();
}

void TerminalModel::setThreadId(const QString &threadId)
{
    if (m_threadId == threadId)
        return;
    close(); // a terminal belongs to its thread; the next thread gets its own
    m_threadId = threadId;
    Q_EMIT keyChanged();
}

void TerminalModel::setTerminalId(const QString &terminalId)
{
    if (m_terminalId == terminalId)
        return;
    close();
    m_terminalId = terminalId;
    Q_EMIT keyChanged();
}

void TerminalModel::open()
{
    if (!m_client || m_threadId.isEmpty())
        return;
    const QString cwd = m_client->workspaceOf(m_threadId);
    if (cwd.isEmpty()) {
        setState(false, tr("The thread has no workspace to open a terminal in."));
        return;
    }
    m_screen->clear();
    m_viewport.reset();
    scheduleScreenUpdate();
    m_opened = true;
    setState(false, tr("Starting…"));
    m_client->requestTerminal(m_threadId, m_terminalId, QStringLiteral("open"),
                              {{QStringLiteral("cwd"), cwd},
                               {QStringLiteral("cols"), m_screen->columns()},
                               {QStringLiteral("rows"), m_screen->rows()}});
}

void TerminalModel::close()
{
    if (!m_opened)
        return;
    m_opened = false;
    if (m_client)
        m_client->requestTerminal(m_threadId, m_terminalId, QStringLiteral("close"));
    m_screen->clear();
    m_viewport.reset();
    scheduleScreenUpdate();
    setState(false, QString());
}

void TerminalModel::write(const QString &data)
{
    if (!m_client || !m_running || data.isEmpty())
        return;
    m_client->requestTerminal(m_threadId, m_terminalId, QStringLiteral("write"),
                              {{QStringLiteral("data"), data}});
    scrollToBottom(); // what the user types goes where the program answers
}

void TerminalModel::resize(int columns, int rows)
{
    columns = qBound(1, columns, 1000);
    rows = qBound(1, rows, 1000);
    if (columns == m_screen->columns() && rows == m_screen->rows())
        return;
    m_screen->resize(rows, columns);
    // At once: a taller screen takes lines back from the scrollback the snapshot points into.
    updateScreen();
    Q_EMIT sizeChanged();
    if (m_client && m_opened)
        m_client->requestTerminal(
            m_threadId, m_terminalId, QStringLiteral("resize"),
            {{QStringLiteral("cols"), columns}, {QStringLiteral("rows"), rows}});
}

bool TerminalModel::sendKey(int key, int modifiers, const QString &text)
{
    const QString sequence = keySequence(key, modifiers, text);
    if (sequence.isEmpty())
        return false;
    write(sequence);
    return true;
}

bool TerminalModel::handleKey(int key, int modifiers, const QString &text)
{
    const auto chord = modifiers & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier);
    const int shift = Qt::ShiftModifier;
    const int controlShift = Qt::ControlModifier | Qt::ShiftModifier;
    if (chord == shift && (key == Qt::Key_PageUp || key == Qt::Key_PageDown)) {
        scrollBy(key == Qt::Key_PageUp ? rows() : -rows());
        return true;
    }
    if (chord == controlShift && key == Qt::Key_C) {
        copy();
        return true;
    }
    if ((chord == controlShift && key == Qt::Key_V) || (chord == shift && key == Qt::Key_Insert)) {
        paste();
        return true;
    }
    return sendKey(key, modifiers, text);
}

void TerminalModel::scrollTo(int offset)
{
    if (m_viewport.scrollTo(offset))
        showViewport();
}

void TerminalModel::scrollBy(int lines)
{
    if (m_viewport.scrollBy(lines))
        showViewport();
}

void TerminalModel::select(int fromLine, int fromColumn, int toLine, int toColumn)
{
    m_viewport.select(TerminalPoint {fromLine, fromColumn}, TerminalPoint {toLine, toColumn});
    Q_EMIT selectionChanged();
}

void TerminalModel::extendSelection(int toLine, int toColumn)
{
    m_viewport.extendSelection(TerminalPoint {toLine, toColumn});
    Q_EMIT selectionChanged();
}

void TerminalModel::clearSelection()
{
    const bool had = m_viewport.hasSelection();
    m_viewport.clearSelection();
    if (had)
        Q_EMIT selectionChanged();
}

namespace {

/// The application's clipboard; none in a program without a GUI (a test, say).
QClipboard *clipboard()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance())
        ? QGuiApplication::clipboard()
        : nullptr;
}

} // namespace

bool TerminalModel::copy()
{
    QClipboard *board = clipboard();
    if (!board || !m_viewport.hasSelection())
        return false;
    board->setText(m_viewport.selectedText());
    copyToPrimary();
    return true;
}

void TerminalModel::copyToPrimary()
{
    QClipboard *board = clipboard();
    if (board && board->supportsSelection() && m_viewport.hasSelection())
        board->setText(m_viewport.selectedText(), QClipboard::Selection);
}

void TerminalModel::paste()
{
    if (QClipboard *board = clipboard())
        pasteText(board->text());
}

void TerminalModel::pasteSelection()
{
    if (QClipboard *board = clipboard())
        pasteText(board->text(board->supportsSelection() ? QClipboard::Selection
                                                         : QClipboard::Clipboard));
}

void TerminalModel::pasteText(const QString &text)
{
    for (const QString &chunk : pasteChunks(text, m_screen->bracketedPaste()))
        write(chunk);
}

QVariantMap TerminalModel::cell(int row, int column) const
{
    if (row < 0 || row >= m_viewport.rows())
        return {};
    const QList<backend::terminal::TerminalCell> cells = m_viewport.visibleCells(row);
    if (column < 0 || column >= cells.size())
        return {};
    const backend::terminal::TerminalCell &c = cells.at(column);
    return {{QStringLiteral("text"), c.text},
            {QStringLiteral("width"), c.width},
            {QStringLiteral("foreground"), QColor::fromRgb(QRgb(c.foreground))},
            {QStringLiteral("background"), QColor::fromRgb(QRgb(c.background))},
            {QStringLiteral("defaultForeground"), c.defaultForeground},
            {QStringLiteral("defaultBackground"), c.defaultBackground},
            {QStringLiteral("bold"), c.bold},
            {QStringLiteral("italic"), c.italic},
            {QStringLiteral("underline"), c.underline},
            {QStringLiteral("reverse"), c.reverse},
            {QStringLiteral("strike"), c.strike}};
}

QStringList TerminalModel::pasteChunks(const QString &text, bool bracketed)
{
    QString body = text;
    body.replace(QLatin1String("\r\n"), QLatin1String("\r"));
    body.replace(QLatin1Char('\n'), QLatin1Char('\r'));
    if (bracketed) {
        body.remove(QLatin1String("\x1b[201~"));
        body = QLatin1String("\x1b[200~") + body + QLatin1String("\x1b[201~");
    }
    // A pty is a byte stream, so a split may fall anywhere, even inside a bracket; only a
    // character's UTF-8 bytes must stay in one write.
    QStringList chunks;
    qsizetype start = 0;
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < body.size();) {
        const char32_t c = body.at(i).unicode();
        const bool pair = body.at(i).isHighSurrogate() && i + 1 < body.size()
            && body.at(i + 1).isLowSurrogate();
        const qsizetype units = pair ? 2 : 1;
        const qsizetype size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        if (bytes + size > backend::terminal::TerminalSession::kMaxWrite) {
            chunks.append(body.mid(start, i - start));
            start = i;
            bytes = 0;
        }
        bytes += size;
        i += units;
    }
    if (start < body.size())
        chunks.append(body.mid(start));
    return chunks;
}

QString TerminalModel::keySequence(int key, int modifiers, const QString &text)
{
    const QString csi = QStringLiteral("\x1b[");
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return QStringLiteral("\r");
    case Qt::Key_Backspace:
        return QStringLiteral("\x7f");
    case Qt::Key_Tab:
        return QStringLiteral("\t");
    case Qt::Key_Backtab:
        return csi + QLatin1Char('Z');
    case Qt::Key_Escape:
        return QStringLiteral("\x1b");
    case Qt::Key_Up:
        return csi + QLatin1Char('A');
    case Qt::Key_Down:
        return csi + QLatin1Char('B');
    case Qt::Key_Right:
        return csi + QLatin1Char('C');
    case Qt::Key_Left:
        return csi + QLatin1Char('D');
    case Qt::Key_Home:
        return csi + QLatin1Char('H');
    case Qt::Key_End:
        return csi + QLatin1Char('F');
    case Qt::Key_Insert:
        return csi + QStringLiteral("2~");
    case Qt::Key_Delete:
        return csi + QStringLiteral("3~");
    case Qt::Key_PageUp:
        return csi + QStringLiteral("5~");
    case Qt::Key_PageDown:
        return csi + QStringLiteral("6~");
    default:
        break;
    }
    if ((modifiers & Qt::ControlModifier) && key >= Qt::Key_A && key <= Qt::Key_Z)
        return QString(QChar(char16_t(key - Qt::Key_A + 1))); // Ctrl+C is ETX, and so on
    if (text.isEmpty() || !text.at(0).isPrint())
        return {};
    return (modifiers & Qt::AltModifier) ? QStringLiteral("\x1b") + text : text;
}

void TerminalModel::onEvent(const QString &threadId, const QString &terminalId, const QString &kind,
                            const QString &code, const QString &message, const QJsonObject &data)
{
    if (threadId != m_threadId || terminalId != m_terminalId || !m_opened)
        return;
    if (kind == QLatin1String("output")) {
        m_screen->feed(data.value(QLatin1String("text")).toString().toUtf8());
        scheduleScreenUpdate();
    } else if (kind == QLatin1String("opened")) {
        setState(true, QString());
    } else if (kind == QLatin1String("cleared")) {
        m_screen->clear();
        m_viewport.reset();
        scheduleScreenUpdate();
    } else if (kind == QLatin1String("exited")) {
        const int signal = data.value(QLatin1String("signal")).toInt();
        setState(false,
                 signal > 0 ? tr("The program ended on signal %1.").arg(signal)
                            : tr("The program exited with code %1.")
                                  .arg(data.value(QLatin1String("exitCode")).toInt()));
    } else if (kind == QLatin1String("closed")) {
        setState(false, tr("The terminal is closed."));
    } else if (kind == QLatin1String("error")) {
        // A write after exit or a refused size leaves the terminal as it was.
        if (code == QLatin1String("spawn_failed") || code == QLatin1String("cwd_missing")
            || code == QLatin1String("not_open"))
            setState(false, message);
        else
            setState(m_running, message);
    }
}

void TerminalModel::scheduleScreenUpdate()
{
    // Output arrives in many small events; the view is told once per turn of the event loop.
    if (m_updateScheduled)
        return;
    m_updateScheduled = true;
    QMetaObject::invokeMethod(this, &TerminalModel::updateScreen, Qt::QueuedConnection);
}

void TerminalModel::updateScreen()
{
    m_updateScheduled = false;
    m_viewport.update();
    m_cursor = m_screen->cursor();
    showViewport();
    if (m_viewport.hasSelection())
        Q_EMIT selectionChanged(); // the text under it may have changed
}

void TerminalModel::showViewport()
{
    m_lines = m_viewport.visibleLines();
    Q_EMIT screenChanged();
}

void TerminalModel::setState(bool running, const QString &status)
{
    if (running == m_running && status == m_status)
        return;
    m_running = running;
    m_status = status;
    Q_EMIT stateChanged();
}

} // namespace frontend

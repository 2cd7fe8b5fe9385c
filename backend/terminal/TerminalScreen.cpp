#include "backend/terminal/TerminalScreen.h"

#include "backend/process/Utf8Stream.h"

#include <vterm.h>

namespace backend::terminal {

struct ScreenCallbacks
{
    static TerminalCell convert(const TerminalScreen &self, const VTermScreenCell &in)
    {
        TerminalCell out;
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && in.chars[i] && in.chars[i] != uint32_t(-1);
             ++i)
            out.text += QString::fromUcs4(reinterpret_cast<const char32_t *>(&in.chars[i]), 1);
        out.width = in.width;
        out.bold = in.attrs.bold;
        out.italic = in.attrs.italic;
        out.underline = in.attrs.underline != 0;
        out.reverse = in.attrs.reverse;
        out.strike = in.attrs.strike;
        VTermColor fg = in.fg;
        VTermColor bg = in.bg;
        out.defaultForeground = VTERM_COLOR_IS_DEFAULT_FG(&fg);
        out.defaultBackground = VTERM_COLOR_IS_DEFAULT_BG(&bg);
        vterm_screen_convert_color_to_rgb(self.m_screen, &fg);
        vterm_screen_convert_color_to_rgb(self.m_screen, &bg);
        out.foreground = (quint32(fg.rgb.red) << 16) | (quint32(fg.rgb.green) << 8) | fg.rgb.blue;
        out.background = (quint32(bg.rgb.red) << 16) | (quint32(bg.rgb.green) << 8) | bg.rgb.blue;
        return out;
    }

    static int moveCursor(VTermPos pos, VTermPos, int visible, void *user)
    {
        auto *self = static_cast<TerminalScreen *>(user);
        self->m_cursor = TerminalCursor {pos.row, pos.col, visible != 0};
        return 1;
    }

    static int pushLine(int cols, const VTermScreenCell *cells, void *user)
    {
        auto *self = static_cast<TerminalScreen *>(user);
        QList<TerminalCell> line;
        line.reserve(cols);
        for (int i = 0; i < cols; ++i)
            line.append(convert(*self, cells[i]));
        self->m_scrollback.push_back(std::move(line));
        ++self->m_scrolledOff;
        while (qsizetype(self->m_scrollback.size()) > TerminalScreen::kMaxScrollback)
            self->m_scrollback.pop_front();
        return 1;
    }

    static int popLine(int cols, VTermScreenCell *cells, void *user)
    {
        // The screen grew taller: the newest scrollback line comes back onto it. Only its text
        // returns (colours are the defaults), which is what a resize needs.
        auto *self = static_cast<TerminalScreen *>(user);
        if (self->m_scrollback.empty())
            return 0;
        const QList<TerminalCell> line = std::move(self->m_scrollback.back());
        self->m_scrollback.pop_back();
        --self->m_scrolledOff;
        for (int i = 0; i < cols; ++i) {
            VTermScreenCell &c = cells[i];
            c = VTermScreenCell {};
            c.width = 1;
            vterm_color_indexed(&c.fg, 7);
            c.fg.type = VTermColorType(c.fg.type | VTERM_COLOR_DEFAULT_FG);
            vterm_color_indexed(&c.bg, 0);
            c.bg.type = VTermColorType(c.bg.type | VTERM_COLOR_DEFAULT_BG);
            if (i < line.size() && !line.at(i).text.isEmpty()) {
                const QList<uint> ucs4 = line.at(i).text.toUcs4();
                for (qsizetype k = 0; k < ucs4.size() && k < VTERM_MAX_CHARS_PER_CELL; ++k)
                    c.chars[k] = ucs4.at(k);
                c.width = char(line.at(i).width);
            }
        }
        return 1;
    }

    static int setTermProp(VTermProp prop, VTermValue *value, void *user)
    {
        auto *self = static_cast<TerminalScreen *>(user);
        if (prop == VTERM_PROP_TITLE && value->string)
            self->m_title = QString::fromUtf8(value->string);
        return 1;
    }

    static void output(const char *bytes, size_t length, void *user)
    {
        auto *self = static_cast<TerminalScreen *>(user);
        if (self->m_capture)
            self->m_capture->append(bytes, qsizetype(length));
        else if (self->onOutput)
            self->onOutput(QByteArray(bytes, qsizetype(length)));
    }

    static constexpr VTermScreenCallbacks kCallbacks {
        nullptr, // damage: the owner repaints after each feed
        nullptr, // moverect
        &moveCursor, &setTermProp,
        nullptr, // bell
        nullptr, // resize
        &pushLine,   &popLine,
    };
};

TerminalScreen::TerminalScreen(int rows, int columns)
    : m_rows(qMax(1, rows))
    , m_columns(qMax(1, columns))
{
    m_vterm = vterm_new(m_rows, m_columns);
    vterm_set_utf8(m_vterm, 1);
    vterm_output_set_callback(m_vterm, &ScreenCallbacks::output, this);
    m_screen = vterm_obtain_screen(m_vterm);
    vterm_screen_set_callbacks(m_screen, &ScreenCallbacks::kCallbacks, this);
    vterm_screen_enable_altscreen(m_screen, 1);
    vterm_screen_reset(m_screen, 1);
}

TerminalScreen::~TerminalScreen()
{
    vterm_free(m_vterm);
}

void TerminalScreen::feed(const QByteArray &bytes)
{
    // libvterm 0.1 does not carry a UTF-8 sequence across writes (a pty read can split one),
    // so an incomplete tail waits for the next piece.
    QByteArray input = m_pending + bytes;
    const qsizetype tail = incompleteUtf8Tail(input);
    m_pending = input.right(tail);
    input.chop(tail);
    if (!input.isEmpty())
        vterm_input_write(m_vterm, input.constData(), size_t(input.size()));
    vterm_screen_flush_damage(m_screen);
}

void TerminalScreen::resize(int rows, int columns)
{
    m_rows = qMax(1, rows);
    m_columns = qMax(1, columns);
    vterm_set_size(m_vterm, m_rows, m_columns);
    vterm_screen_flush_damage(m_screen);
}

void TerminalScreen::clear()
{
    vterm_screen_reset(m_screen, 1);
    m_scrollback.clear();
    m_scrolledOff = 0;
    m_pending.clear();
    m_cursor = TerminalCursor {};
}

TerminalCell TerminalScreen::cell(int row, int column) const
{
    VTermScreenCell c;
    if (row < 0 || row >= m_rows || column < 0 || column >= m_columns
        || !vterm_screen_get_cell(m_screen, VTermPos {row, column}, &c))
        return TerminalCell {};
    return ScreenCallbacks::convert(*this, c);
}

QString TerminalScreen::textOf(const QList<TerminalCell> &cells)
{
    QString text;
    for (qsizetype col = 0; col < cells.size(); ++col) {
        const TerminalCell &c = cells.at(col);
        if (!continuesWideCharacter(cells, col))
            text += c.text.isEmpty() ? QStringLiteral(" ") : c.text;
    }
    while (text.endsWith(u' '))
        text.chop(1);
    return text;
}

QList<TerminalCell> TerminalScreen::row(int row) const
{
    QList<TerminalCell> cells;
    if (row < 0 || row >= m_rows)
        return cells;
    cells.reserve(m_columns);
    for (int col = 0; col < m_columns; ++col)
        cells.append(cell(row, col));
    return cells;
}

QString TerminalScreen::lineText(int row) const
{
    return textOf(this->row(row));
}

QStringList TerminalScreen::lines() const
{
    QStringList out;
    for (int row = 0; row < m_rows; ++row)
        out.append(lineText(row));
    return out;
}

QString TerminalScreen::scrollbackText(qsizetype index) const
{
    return textOf(scrollbackLine(index));
}

bool TerminalScreen::bracketedPaste() const
{
    // libvterm 0.1 keeps the mode but tells it only by writing the opening bracket to its
    // output when a paste starts; that output is caught here rather than sent.
    QByteArray opening;
    m_capture = &opening;
    vterm_keyboard_start_paste(m_vterm);
    m_capture = nullptr;
    return !opening.isEmpty();
}

} // namespace backend::terminal

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>
#include <QString>

#include <array>
#include <cstddef>
#include <cstring>

// Private to EventCodec.cpp: a scanner for the flat JSON objects the store holds as event
// payloads, so replay can read a few fields without building a QJsonDocument. It only ever
// says "here are the fields" or "not sure": anything unusual (a key with an escape, a
// duplicate key, \u escapes, broken syntax) is "not sure", and the caller parses the payload
// with QJsonDocument as before. It trusts that the text is UTF-8 (the store wrote it).
namespace backend::json::flat {

/// One top-level value, still as JSON text.
struct Field
{
    enum Kind : char { Absent, String, Null, True, False, Number, Nested };
    Kind kind = Absent;
    QByteArrayView raw; ///< a string's content between its quotes, or the value's text
    bool escaped = false; ///< the string contains backslash escapes

    [[nodiscard]] bool isAbsentOrNull() const { return kind == Absent || kind == Null; }
};

namespace detail {

inline bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class Cursor
{
    static const char *find(const char *from, const char *to, char c)
    {
        return from < to ? static_cast<const char *>(std::memchr(from, c, std::size_t(to - from)))
                         : nullptr;
    }

public:
    explicit Cursor(QByteArrayView text)
        : m_at(text.data())
        , m_end(text.data() + text.size())
    {
    }

    void skipSpace()
    {
        while (m_at != m_end && space(*m_at))
            ++m_at;
    }
    [[nodiscard]] bool atEnd() const { return m_at == m_end; }
    [[nodiscard]] char peek() const { return m_at == m_end ? '\0' : *m_at; }
    bool take(char c)
    {
        if (peek() != c)
            return false;
        ++m_at;
        return true;
    }
    bool literal(const char *word, qsizetype n)
    {
        if (m_end - m_at < n || QByteArrayView(m_at, n) != QByteArrayView(word, n))
            return false;
        m_at += n;
        return true;
    }
    /// After the opening quote: the content up to the closing quote, which it consumes.
    bool string(QByteArrayView &content, bool &escaped)
    {
        // memchr for the next quote, then for the escapes before it (a delta's content is
        // megabytes): a quote right after an escaping backslash is content, so look further.
        const char *start = m_at;
        const char *from = m_at;
        escaped = false;
        for (;;) {
            const char *quote = find(from, m_end, '"');
            if (!quote)
                return false;
            const char *slash = find(from, quote, '\\');
            escaped = escaped || slash;
            while (slash && slash + 1 < quote)
                slash = find(slash + 2, quote, '\\');
            if (!slash) {
                content = QByteArrayView(start, quote - start);
                m_at = quote + 1;
                return true;
            }
            from = quote + 1; // `slash` escapes this quote
        }
    }
    bool number(QByteArrayView &text)
    {
        const char *start = m_at;
        while (m_at != m_end
               && ((*m_at >= '0' && *m_at <= '9') || *m_at == '-' || *m_at == '+' || *m_at == '.'
                   || *m_at == 'e' || *m_at == 'E'))
            ++m_at;
        text = QByteArrayView(start, m_at - start);
        return m_at != start;
    }
    /// After the opening bracket or brace: skips to its match (strings inside respected).
    bool nested(const char *start, QByteArrayView &text)
    {
        int depth = 1;
        while (m_at != m_end && depth > 0) {
            const char c = *m_at++;
            if (c == '"') {
                QByteArrayView ignored;
                bool escaped = false;
                if (!string(ignored, escaped))
                    return false;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                --depth;
            }
        }
        text = QByteArrayView(start, m_at - start);
        return depth == 0;
    }
    [[nodiscard]] const char *position() const { return m_at; }

private:
    const char *m_at;
    const char *m_end;
};

inline bool value(Cursor &in, Field &field)
{
    const char *start = in.position();
    switch (in.peek()) {
    case '"':
        in.take('"');
        field.kind = Field::String;
        return in.string(field.raw, field.escaped);
    case 't':
        field.kind = Field::True;
        return in.literal("true", 4);
    case 'f':
        field.kind = Field::False;
        return in.literal("false", 5);
    case 'n':
        field.kind = Field::Null;
        return in.literal("null", 4);
    case '{':
    case '[':
        in.take(in.peek());
        field.kind = Field::Nested;
        return in.nested(start, field.raw);
    default:
        field.kind = Field::Number;
        return in.number(field.raw);
    }
}

} // namespace detail

/// Fills `fields[i]` with the value of `keys[i]` in the JSON object `json` (Absent when the
/// key is not there; other keys are skipped). False when unsure (see above).
template<std::size_t N>
bool scan(QByteArrayView json, const std::array<QLatin1StringView, N> &keys,
          std::array<Field, N> &fields)
{
    detail::Cursor in(json);
    in.skipSpace();
    if (!in.take('{'))
        return false;
    in.skipSpace();
    if (!in.take('}')) {
        for (;;) {
            in.skipSpace();
            QByteArrayView key;
            bool keyEscaped = false;
            if (!in.take('"') || !in.string(key, keyEscaped) || keyEscaped)
                return false;
            in.skipSpace();
            if (!in.take(':'))
                return false;
            in.skipSpace();
            Field field;
            if (!detail::value(in, field))
                return false;
            for (std::size_t i = 0; i < N; ++i) {
                if (key == QByteArrayView(keys[i].data(), keys[i].size())) {
                    if (fields[i].kind != Field::Absent)
                        return false; // a duplicate key: let the full parser decide
                    fields[i] = field;
                    break;
                }
            }
            in.skipSpace();
            if (in.take('}'))
                break;
            if (!in.take(','))
                return false;
        }
    }
    in.skipSpace();
    return in.atEnd();
}

/// The text of a String field, or a null QString when unsure (\u escapes).
inline QString text(const Field &field)
{
    if (!field.escaped)
        return QString::fromUtf8(field.raw);
    // Runs between escapes are copied whole: a streamed delta is megabytes of text with a
    // newline escape every few dozen bytes, and a call per byte was most of its projection.
    QByteArray plain(field.raw.size(), Qt::Uninitialized);
    char *out = plain.data();
    const char *at = field.raw.data();
    const char *const end = at + field.raw.size();
    while (at != end) {
        const auto *slash = static_cast<const char *>(std::memchr(at, '\\', std::size_t(end - at)));
        const char *runEnd = slash ? slash : end;
        std::memcpy(out, at, std::size_t(runEnd - at));
        out += runEnd - at;
        if (!slash)
            break;
        // The scanner saw a character after every backslash (Cursor::string).
        switch (slash[1]) {
        case '"':
            *out++ = '"';
            break;
        case '\\':
            *out++ = '\\';
            break;
        case '/':
            *out++ = '/';
            break;
        case 'b':
            *out++ = '\b';
            break;
        case 'f':
            *out++ = '\f';
            break;
        case 'n':
            *out++ = '\n';
            break;
        case 'r':
            *out++ = '\r';
            break;
        case 't':
            *out++ = '\t';
            break;
        default:
            return QString();
        }
        at = slash + 2;
    }
    QString s = QString::fromUtf8(plain.constData(), out - plain.constData());
    return s.isNull() ? QString(QLatin1StringView("")) : s;
}

} // namespace backend::json::flat

#include "backend/dag/JsonText.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace backend::json {

void appendString(QByteArray &out, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    // Plain ASCII, the usual id, is copied unit by unit: encoding every id to a temporary
    // QByteArray first was an allocation per id, and a report lists hundreds of thousands.
    const bool plain = std::ranges::all_of(text, [](QChar c) {
        return c.unicode() >= 0x20 && c.unicode() < 0x80 && c != u'"' && c != u'\\';
    });
    if (plain) {
        const qsizetype at = out.size();
        if (out.capacity() < at + text.size() + 2)
            out.reserve(std::max(2 * out.capacity(), at + text.size() + 2));
        out.resize(at + text.size() + 2);
        char *to = out.data() + at;
        *to++ = '"';
        for (const QChar c : text)
            *to++ = char(c.unicode());
        *to = '"';
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\').append(c);
        } else if (byte < 0x20) {
            switch (c) {
            case '\n':
                out.append("\\n");
                break;
            case '\t':
                out.append("\\t");
                break;
            case '\r':
                out.append("\\r");
                break;
            default:
                out.append("\\u00").append(hex[byte >> 4]).append(hex[byte & 0xf]);
            }
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

void appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null");
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

void appendStringArray(QByteArray &out, const QStringList &items)
{
    out.append('[');
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out.append(", ");
        appendString(out, items.at(i));
    }
    out.append(']');
}

} // namespace backend::json

#include "backend/domain/JsonObjectWriter.h"

#include <QJsonDocument>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace backend::json {

namespace {

char hexDigit(unsigned value)
{
    return value < 10 ? char('0' + value) : char('a' + value - 10);
}

/// Writes the escaped content of a UTF-16 (char16_t) or Latin-1 (uchar) string at `out`, which
/// has room for 6 bytes per unit. Qt's rules: the quote, the backslash and control characters
/// escaped (short forms where JSON has them), everything else as UTF-8, and a lone surrogate,
/// which has no UTF-8, as a \u escape.
template<typename Unit> char *escape(char *out, const Unit *at, const Unit *end)
{
    while (at != end) {
        const char16_t u = *at++;
        if (u < 0x80) {
            if (u >= 0x20 && u != u'"' && u != u'\\') {
                *out++ = char(u);
                continue;
            }
            *out++ = '\\';
            switch (u) {
            case u'"':
                *out++ = '"';
                break;
            case u'\\':
                *out++ = '\\';
                break;
            case u'\b':
                *out++ = 'b';
                break;
            case u'\f':
                *out++ = 'f';
                break;
            case u'\n':
                *out++ = 'n';
                break;
            case u'\r':
                *out++ = 'r';
                break;
            case u'\t':
                *out++ = 't';
                break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = hexDigit(u >> 4);
                *out++ = hexDigit(u & 0xf);
            }
        } else if (u < 0x800) {
            *out++ = char(0xc0 | (u >> 6));
            *out++ = char(0x80 | (u & 0x3f));
        } else if (!QChar::isSurrogate(u)) {
            *out++ = char(0xe0 | (u >> 12));
            *out++ = char(0x80 | ((u >> 6) & 0x3f));
            *out++ = char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && at != end && QChar::isLowSurrogate(*at)) {
            const char32_t c = QChar::surrogateToUcs4(u, char16_t(*at++));
            *out++ = char(0xf0 | (c >> 18));
            *out++ = char(0x80 | ((c >> 12) & 0x3f));
            *out++ = char(0x80 | ((c >> 6) & 0x3f));
            *out++ = char(0x80 | (c & 0x3f));
        } else {
            *out++ = '\\';
            *out++ = 'u';
            *out++ = hexDigit((u >> 12) & 0xf);
            *out++ = hexDigit((u >> 8) & 0xf);
            *out++ = hexDigit((u >> 4) & 0xf);
            *out++ = hexDigit(u & 0xf);
        }
    }
    return out;
}

template<typename Unit> void appendQuoted(QByteArray &out, const Unit *begin, qsizetype size)
{
    const qsizetype start = out.size();
    out.resize(start + 6 * size + 2);
    char *at = out.data() + start;
    *at++ = '"';
    at = escape(at, begin, begin + size);
    *at++ = '"';
    out.truncate(at - out.constData());
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    appendQuoted(out, text.utf16(), text.size());
}

void ObjectWriter::beginValue(QLatin1StringView key)
{
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        if (m_fields[i].key == key) {
            m_fields.remove(i);
            break;
        }
    }
    m_fields.append(Field {key, m_values.size(), m_values.size()});
}

void ObjectWriter::insert(QLatin1StringView key, QStringView value)
{
    beginValue(key);
    appendJsonString(m_values, value);
    endValue();
}

void ObjectWriter::insert(QLatin1StringView key, bool value)
{
    beginValue(key);
    m_values.append(value ? "true" : "false");
    endValue();
}

void ObjectWriter::insert(QLatin1StringView key, qint64 value)
{
    beginValue(key);
    char digits[24];
    const auto written = std::to_chars(std::begin(digits), std::end(digits), value);
    m_values.append(digits, written.ptr - digits);
    endValue();
}

void ObjectWriter::insert(QLatin1StringView key, const QJsonObject &value)
{
    beginValue(key);
    m_values.append(QJsonDocument(value).toJson(QJsonDocument::Compact));
    endValue();
}

void ObjectWriter::insert(QLatin1StringView key, const QJsonArray &value)
{
    beginValue(key);
    m_values.append(QJsonDocument(value).toJson(QJsonDocument::Compact));
    endValue();
}

void ObjectWriter::insert(QLatin1StringView key, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
        // As QJsonObject::insert: an undefined value removes the key.
        beginValue(key);
        m_fields.pop_back();
        return;
    case QJsonValue::String:
        insert(key, value.toString());
        return;
    case QJsonValue::Object:
        insert(key, value.toObject());
        return;
    case QJsonValue::Array:
        insert(key, value.toArray());
        return;
    default: {
        // null, booleans and numbers as Qt writes them (an integer stays an integer).
        beginValue(key);
        const QByteArray inArray = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        m_values.append(inArray.constData() + 1, inArray.size() - 2);
        endValue();
    }
    }
}

QByteArray ObjectWriter::take()
{
    // QJsonObject keeps its keys sorted by UTF-16 code unit: byte order for Latin-1 keys.
    const auto view = [](QLatin1StringView key) {
        return std::string_view(key.data(), std::size_t(key.size()));
    };
    std::sort(m_fields.begin(), m_fields.end(),
              [&view](const Field &a, const Field &b) { return view(a.key) < view(b.key); });
    // Exact for keys that need no escape (all of the codecs'), so the text keeps no slack.
    qsizetype size = 2;
    for (const Field &field : std::as_const(m_fields)) {
        const bool plain = std::all_of(field.key.begin(), field.key.end(),
                                       [](char c) { return c >= 0x20 && c != '"' && c != '\\'; });
        size += (plain ? 1 : 6) * field.key.size() + 4 + (field.end - field.begin);
    }
    QByteArray out(size, Qt::Uninitialized);
    char *at = out.data();
    *at++ = '{';
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const Field &field = m_fields.at(i);
        if (i > 0)
            *at++ = ',';
        *at++ = '"';
        const auto *key = reinterpret_cast<const uchar *>(field.key.data());
        at = escape(at, key, key + field.key.size());
        *at++ = '"';
        *at++ = ':';
        at = std::copy(m_values.constData() + field.begin, m_values.constData() + field.end, at);
    }
    *at++ = '}';
    out.truncate(at - out.constData());
    m_fields.clear();
    m_values.clear();
    return out;
}

} // namespace backend::json

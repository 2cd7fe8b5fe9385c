#pragma once

#include <QStringView>

#include <array>
#include <string>
#include <string_view>

namespace backend::detail {

/// Appends the UTF-8 encoding of `code` (below 0x110000) to `out`.
inline void appendUtf8(std::string &out, char32_t code)
{
    if (code < 0x80) {
        out.push_back(char(code));
    } else if (code < 0x800) {
        out.push_back(char(0xC0 | (code >> 6)));
        out.push_back(char(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(char(0xE0 | (code >> 12)));
        out.push_back(char(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(char(0x80 | (code & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (code >> 18)));
        out.push_back(char(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(char(0x80 | (code & 0x3F)));
    }
}

/// The bytes by which WorkflowDag's IdTable knows a node id: its UTF-8, a lone surrogate
/// encoded by itself in three bytes (as WTF-8 does) so that two different ids never share a
/// key. ASCII ids of up to 64 characters, the common case, are narrowed on the stack.
class IdKey
{
public:
    IdKey() = default;
    explicit IdKey(QStringView id) { assign(id); }
    IdKey(const IdKey &) = delete; // the view may point into the object itself
    IdKey &operator=(const IdKey &) = delete;

    void assign(QStringView id)
    {
        const char16_t *units = id.utf16();
        const auto size = std::size_t(id.size());
        if (size <= m_small.size()) {
            // Narrow first and test once: the loop has no exit and vectorises.
            char16_t seen = 0;
            for (std::size_t i = 0; i < size; ++i) {
                seen |= units[i];
                m_small[i] = char(units[i]);
            }
            if (seen < 0x80) {
                m_key = std::string_view(m_small.data(), size);
                return;
            }
        }
        m_large.clear();
        for (std::size_t i = 0; i < size; ++i) {
            char32_t code = units[i];
            if (code >= 0xD800 && code <= 0xDBFF && i + 1 < size && units[i + 1] >= 0xDC00
                && units[i + 1] <= 0xDFFF)
                code = 0x10000 + ((code - 0xD800) << 10) + (units[++i] - 0xDC00);
            appendUtf8(m_large, code);
        }
        m_key = m_large;
    }

    [[nodiscard]] std::string_view view() const { return m_key; }

private:
    std::array<char, 64> m_small {};
    std::string m_large;
    std::string_view m_key;
};

} // namespace backend::detail

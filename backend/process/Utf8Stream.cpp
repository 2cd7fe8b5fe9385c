#include "backend/process/Utf8Stream.h"

namespace backend {

qsizetype incompleteUtf8Tail(QByteArrayView bytes)
{
    for (qsizetype back = 1; back <= 3 && back <= bytes.size(); ++back) {
        const auto byte = uchar(bytes.at(bytes.size() - back));
        if ((byte & 0xC0) == 0x80)
            continue; // a continuation byte: look further back for the lead
        const qsizetype needed = (byte & 0xE0) == 0xC0 ? 2
            : (byte & 0xF0) == 0xE0                    ? 3
            : (byte & 0xF8) == 0xF0                    ? 4
                                                       : 1;
        return needed > back ? back : 0;
    }
    return 0;
}

QString Utf8StreamDecoder::decode(QByteArrayView bytes)
{
    if (m_tail.isEmpty()) {
        const qsizetype tail = incompleteUtf8Tail(bytes);
        m_tail = bytes.last(tail).toByteArray();
        return QString::fromUtf8(bytes.first(bytes.size() - tail));
    }
    QByteArray joined = m_tail;
    joined.append(bytes);
    const qsizetype tail = incompleteUtf8Tail(joined);
    m_tail = joined.right(tail);
    joined.chop(tail);
    return QString::fromUtf8(joined);
}

QString Utf8StreamDecoder::finish()
{
    // fromUtf8 replaces a truncated sequence with U+FFFD.
    return QString::fromUtf8(std::exchange(m_tail, QByteArray()));
}

} // namespace backend

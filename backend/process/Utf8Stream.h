#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace backend {

/// How many bytes at the end of `bytes` start a UTF-8 sequence that is not complete yet (0–3).
[[nodiscard]] qsizetype incompleteUtf8Tail(QByteArrayView bytes);

/// Decodes a byte stream read in pieces (a pipe, a pseudo-terminal) as UTF-8: a sequence split
/// across reads is joined, malformed bytes become U+FFFD, and `finish()` turns a sequence the
/// stream ended inside into U+FFFD instead of losing it. (QStringDecoder keeps such a tail in
/// its state with no way to flush it in Qt 6.4.)
class Utf8StreamDecoder
{
public:
    /// The text of `bytes` after what came before, up to the last complete character.
    [[nodiscard]] QString decode(QByteArrayView bytes);
    /// What is left at the end of the stream: an incomplete sequence as U+FFFD, or nothing.
    [[nodiscard]] QString finish();

private:
    QByteArray m_tail;
};

} // namespace backend

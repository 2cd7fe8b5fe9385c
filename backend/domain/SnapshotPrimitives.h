#pragma once

#include <QByteArray>
#include <QString>
#include <QSysInfo>
#include <QtEndian>

#include <cstring>

// Private to the snapshot codec: the writer of the workflows section (WorkflowSnapshot.cpp),
// which keeps QDataStream's format.
namespace backend::snapshot {

/// Appends exactly the bytes QDataStream (Qt_6_4, little-endian) writes for the types
/// the snapshot uses, straight into the buffer: QDataStream's path through QBuffer costs
/// ~70 ns per field (about 15% of encoding a large model). Reading keeps QDataStream for its
/// bounds and status checks, and the round-trip tests hold the two to the same format.
class DataStreamSink
{
public:
    explicit DataStreamSink(QByteArray *data)
        : m_data(*data)
    {
    }

    DataStreamSink &operator<<(quint8 v) { return raw(&v, 1); }
    DataStreamSink &operator<<(bool v) { return *this << quint8(v ? 1 : 0); }
    DataStreamSink &operator<<(quint32 v) { return integer(v); }
    DataStreamSink &operator<<(quint64 v) { return integer(v); }
    DataStreamSink &operator<<(qint32 v) { return integer(v); }
    DataStreamSink &operator<<(qint64 v) { return integer(v); }
    /// As QDataStream's default DoublePrecision: the IEEE 754 bits in the stream's byte order.
    DataStreamSink &operator<<(double v)
    {
        quint64 bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        return integer(bits);
    }
    DataStreamSink &operator<<(const QString &s)
    {
        if (s.isNull())
            return *this << quint32(0xffffffff);
        *this << quint32(s.size() * sizeof(QChar));
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            raw(s.constData(), s.size() * sizeof(QChar));
        } else {
            for (const QChar c : s)
                integer(c.unicode());
        }
        return *this;
    }

private:
    template<typename T> DataStreamSink &integer(T v)
    {
        const T le = qToLittleEndian(v);
        return raw(&le, sizeof le);
    }
    DataStreamSink &raw(const void *p, qsizetype n)
    {
        m_data.append(static_cast<const char *>(p), n);
        return *this;
    }

    QByteArray &m_data;
};

} // namespace backend::snapshot

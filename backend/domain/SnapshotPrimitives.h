#pragma once

#include "backend/domain/Provider.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QSysInfo>
#include <QtEndian>

#include <cstring>
#include <limits>
#include <type_traits>

// Private to ReadModelSnapshot.cpp: the two building blocks of the snapshot encoding.
namespace backend::snapshot {

/// A reference to a table entry that is not there yet: the value follows and takes the next
/// index.
inline constexpr quint32 kNew = std::numeric_limits<quint32>::max();

/// Assigns indices to values as they are first written. Small tables are searched linearly
/// (a thread has a few dozen ids); past kLinearLimit strings get an index hash, and providers
/// (of which there are a handful) are simply written again.
template<typename T> class RefTable
{
public:
    /// The index of `value`, or kNew after appending it.
    quint32 refFor(const T &value)
    {
        const quint64 key = keyOf(value);
        if (m_values.size() <= kLinearLimit) {
            for (qsizetype i = m_values.size() - 1; i >= 0; --i) {
                if (m_keys.at(i) == key && same(m_values.at(i), value))
                    return quint32(i);
            }
        } else if constexpr (std::is_same_v<T, QString>) {
            if (m_index.isEmpty()) {
                for (qsizetype i = 0; i < m_values.size(); ++i)
                    m_index.insert(m_values.at(i), quint32(i));
            }
            const auto it = m_index.constFind(value);
            if (it != m_index.cend())
                return *it;
            m_index.insert(value, quint32(m_values.size()));
        }
        m_values.append(value);
        m_keys.append(key);
        return kNew;
    }

    void clear()
    {
        m_values.clear();
        m_keys.clear();
        m_index.clear();
    }

private:
    static constexpr qsizetype kLinearLimit = 48;

    // Ids of a thread share long prefixes ("<thread>-turn-3-reply"): the size and the last
    // character, kept beside the table, reject most candidates without touching their text.
    static quint64 keyOf(const QString &s)
    {
        return s.isEmpty() ? 0 : (quint64(s.size()) << 16) | s.back().unicode();
    }
    static quint64 keyOf(const ProviderSpec &) { return 0; }

    static bool same(const QString &a, const QString &b)
    {
        return a.constData() == b.constData()
            || std::memcmp(a.constData(), b.constData(), a.size() * sizeof(QChar)) == 0;
    }
    static bool same(const ProviderSpec &a, const ProviderSpec &b) { return a == b; }

    QList<T> m_values;
    QList<quint64> m_keys;
    QHash<QString, quint32> m_index; ///< used for QString tables only
};

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

#include "backend/domain/Ids.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <atomic>

namespace backend {

namespace {

// The last (milliseconds << 12 | counter) handed out. Taking max(now, last + 1) keeps ids
// increasing when several are made in one millisecond or the wall clock steps back.
std::atomic<quint64> g_lastStamp {0};

quint64 nextStamp()
{
    const auto ms = static_cast<quint64>(QDateTime::currentMSecsSinceEpoch()) & 0xFFFF'FFFF'FFFFull;
    const quint64 now = ms << 12;
    quint64 last = g_lastStamp.load(std::memory_order_relaxed);
    quint64 next = 0;
    do {
        next = now > last ? now : last + 1;
    } while (!g_lastStamp.compare_exchange_weak(last, next, std::memory_order_relaxed));
    return next;
}

} // namespace

QString timeOrderedUuid()
{
    const quint64 stamp = nextStamp(); // 48 bits of time, 12 of counter
    const quint64 random = QRandomGenerator::global()->generate64();
    uchar b[16];
    const quint64 ms = stamp >> 12;
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<uchar>(ms >> (40 - 8 * i));
    b[6] = static_cast<uchar>(0x70 | ((stamp >> 8) & 0x0F)); // version 7
    b[7] = static_cast<uchar>(stamp & 0xFF);
    for (int i = 0; i < 8; ++i)
        b[8 + i] = static_cast<uchar>(random >> (56 - 8 * i));
    b[8] = static_cast<uchar>(0x80 | (b[8] & 0x3F)); // RFC 9562 variant
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(b), 16))
        .toString(QUuid::WithoutBraces);
}

} // namespace backend

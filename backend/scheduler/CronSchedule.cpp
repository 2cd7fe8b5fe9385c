#include "backend/scheduler/CronSchedule.h"

#include <QStringList>

namespace backend {

namespace {

/// Sets the bits of one field; returns an error sentence or an empty string.
template<std::size_t N>
QString parseField(const QString &text, int low, int high, std::bitset<N> &bits, bool *restricted,
                   const char *name)
{
    const auto bad = [&](const QString &why) {
        return QStringLiteral("cron field %1 (\"%2\"): %3").arg(QLatin1String(name), text, why);
    };
    *restricted = text != QLatin1String("*");
    for (const QString &part : text.split(QLatin1Char(','))) {
        QString range = part;
        int step = 1;
        if (const qsizetype slash = part.indexOf(QLatin1Char('/')); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step <= 0)
                return bad(QStringLiteral("the step must be a positive number"));
            range = part.left(slash);
        }
        int from = low;
        int to = high;
        if (range != QLatin1String("*")) {
            const QStringList ends = range.split(QLatin1Char('-'));
            bool okFrom = false;
            bool okTo = true;
            if (ends.size() > 2 || ends.constFirst().isEmpty())
                return bad(QStringLiteral("expected a number, a range or *"));
            from = ends.constFirst().toInt(&okFrom);
            to = ends.size() == 2 ? ends.constLast().toInt(&okTo) : from;
            if (ends.size() == 1 && part.contains(QLatin1Char('/')))
                to = high;
            if (!okFrom || !okTo)
                return bad(QStringLiteral("expected a number, a range or *"));
            if (from < low || to > high || from > to)
                return bad(QStringLiteral("values must lie in %1-%2").arg(low).arg(high));
        }
        for (int v = from; v <= to; v += step)
            bits.set(static_cast<std::size_t>(v % static_cast<int>(N)));
    }
    return {};
}

} // namespace

std::expected<CronSchedule, QString> CronSchedule::parse(const QString &expression)
{
    const QStringList fields = expression.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (fields.size() != 5 && fields.size() != 6)
        return std::unexpected(
            QStringLiteral("a cron expression has five or six fields, not %1").arg(fields.size()));
    CronSchedule s;
    s.m_withSeconds = fields.size() == 6;
    const qsizetype o = s.m_withSeconds ? 1 : 0;
    bool unused = false;
    QString error;
    if (s.m_withSeconds)
        error = parseField(fields.at(0), 0, 59, s.m_seconds, &unused, "second");
    else
        s.m_seconds.set(0);
    if (error.isEmpty())
        error = parseField(fields.at(o), 0, 59, s.m_minutes, &unused, "minute");
    if (error.isEmpty())
        error = parseField(fields.at(o + 1), 0, 23, s.m_hours, &unused, "hour");
    if (error.isEmpty())
        error = parseField(fields.at(o + 2), 1, 31, s.m_daysOfMonth, &s.m_domRestricted,
                           "day-of-month");
    if (error.isEmpty())
        error = parseField(fields.at(o + 3), 1, 12, s.m_months, &unused, "month");
    if (error.isEmpty()) {
        // 7 folds onto 0 (Sunday) through the modulo in parseField.
        std::bitset<8> dow;
        error = parseField(fields.at(o + 4), 0, 7, dow, &s.m_dowRestricted, "day-of-week");
        for (std::size_t d = 0; d < 7; ++d)
            s.m_daysOfWeek[d] = dow[d] || (d == 0 && dow[7]);
    }
    if (!error.isEmpty())
        return std::unexpected(error);
    return s;
}

bool CronSchedule::matches(const QDateTime &utc) const
{
    const QDate d = utc.date();
    const QTime t = utc.time();
    if (!m_seconds[static_cast<std::size_t>(t.second())]
        || !m_minutes[static_cast<std::size_t>(t.minute())]
        || !m_hours[static_cast<std::size_t>(t.hour())]
        || !m_months[static_cast<std::size_t>(d.month())])
        return false;
    const bool dom = m_daysOfMonth[static_cast<std::size_t>(d.day())];
    const bool dow = m_daysOfWeek[static_cast<std::size_t>(d.dayOfWeek() % 7)];
    if (m_domRestricted && m_dowRestricted)
        return dom || dow;
    return dom && dow;
}

QList<QDateTime> CronSchedule::occurrences(const QDateTime &from, const QDateTime &to,
                                           int limit) const
{
    QList<QDateTime> found;
    if (!from.isValid() || !to.isValid() || to <= from)
        return found;
    // Step by the schedule's resolution from the first whole step after `from`; a window is
    // hours long, so this is a few thousand checks at most.
    const qint64 stepMs = m_withSeconds ? 1000 : 60'000;
    qint64 ms = (from.toMSecsSinceEpoch() / stepMs + 1) * stepMs;
    const qint64 end = to.toMSecsSinceEpoch();
    for (; ms <= end && found.size() < limit; ms += stepMs) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        if (matches(at))
            found.append(at);
    }
    return found;
}

} // namespace backend

#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <bitset>
#include <expected>

namespace backend {

/// A cron expression (five fields: minute hour day-of-month month day-of-week, or six with
/// seconds first), evaluated in UTC. Each field takes `*`, numbers, ranges `a-b`, lists and
/// steps (`*/5`, `10-30/10`); day-of-week 0 and 7 are Sunday. As in Vixie cron, when both day
/// fields are restricted a day matching either one fires. Pure: no clock.
///
/// Hand-written because the scheduler needs only "the occurrences in a window" and the C++
/// cron libraries of Debian 12 would be a new dependency for about a hundred lines.
class CronSchedule
{
public:
    /// The schedule, or a sentence naming the bad field.
    static std::expected<CronSchedule, QString> parse(const QString &expression);

    /// Occurrences t with from < t ≤ to, in order, at most `limit` of them.
    [[nodiscard]] QList<QDateTime> occurrences(const QDateTime &from, const QDateTime &to,
                                               int limit = 1000) const;

    [[nodiscard]] bool matches(const QDateTime &utc) const;

private:
    std::bitset<60> m_seconds;
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_daysOfMonth; ///< bit 1..31
    std::bitset<13> m_months; ///< bit 1..12
    std::bitset<7> m_daysOfWeek; ///< bit 0 = Sunday
    bool m_domRestricted = false;
    bool m_dowRestricted = false;
    bool m_withSeconds = false;
};

} // namespace backend

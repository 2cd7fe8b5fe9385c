#include "frontend/AttemptHistory.h"

#include "backend/domain/EventCodec.h"
#include "backend/domain/WorkflowWords.h"

#include <algorithm>

namespace frontend {

namespace {

/// How an attempt ended, in the words a reader knows: a `lost` attempt names the scheduler's
/// reason instead, and an error that only repeats the outcome or the exit code (the process
/// executor's "exit status 3") is dropped.
std::pair<QString, QString> outcomeAndError(QString outcome, QString error,
                                            std::optional<int> exitCode = std::nullopt)
{
    if (outcome == QLatin1String("lost")
        && (error == QLatin1String("lease_expired")
            || error == QLatin1String("interrupted_by_restart")))
        outcome = error;
    if (error == outcome || (exitCode && error == QStringLiteral("exit status %1").arg(*exitCode)))
        error.clear();
    return {outcome, error};
}

} // namespace

const QStringList &AttemptHistory::eventTypes()
{
    static const QStringList types {
        QLatin1String(backend::TaskLeased::kType),
        QLatin1String(backend::TaskAttemptStarted::kType),
        QLatin1String(backend::TaskAttemptFinished::kType),
        QLatin1String(backend::TaskRetryScheduled::kType),
        QLatin1String(backend::TaskFailed::kType),
        QLatin1String(backend::TaskCanceled::kType),
    };
    return types;
}

AttemptRecord &AttemptHistory::upsert(int attempt)
{
    const auto at = std::lower_bound(
        m_attempts.begin(), m_attempts.end(), attempt,
        [](const AttemptRecord &record, int number) { return record.attempt < number; });
    if (at != m_attempts.end() && at->attempt == attempt)
        return *at;
    AttemptRecord record;
    record.attempt = attempt;
    record.outcome = QStringLiteral("leased");
    return *m_attempts.insert(at, std::move(record));
}

int AttemptHistory::endOpen(const QString &outcome, const QString &error, const QDateTime &at)
{
    if (m_attempts.isEmpty() || !m_attempts.last().isOpen())
        return 0;
    AttemptRecord &record = m_attempts.last();
    std::tie(record.outcome, record.error) = outcomeAndError(outcome, error);
    record.endedAt = at;
    return record.attempt;
}

int AttemptHistory::apply(const backend::StoredEvent &event)
{
    if (!eventTypes().contains(event.type))
        return 0;
    auto decoded = backend::decodeEvent(event.type, event.payload);
    if (!decoded || !*decoded)
        return 0;
    const backend::Event &e = **decoded;
    if (const auto *leased = std::get_if<backend::TaskLeased>(&e)) {
        AttemptRecord &record = upsert(leased->attempt);
        record.leasedAt = event.occurredAt;
        return record.attempt;
    }
    if (const auto *started = std::get_if<backend::TaskAttemptStarted>(&e)) {
        AttemptRecord &record = upsert(started->attempt);
        record.outcome = QStringLiteral("running");
        record.startedAt = event.occurredAt;
        record.threadId = started->threadId.value;
        record.turnId = started->turnId.value;
        return record.attempt;
    }
    if (const auto *finished = std::get_if<backend::TaskAttemptFinished>(&e)) {
        AttemptRecord &record = upsert(finished->attempt);
        std::tie(record.outcome, record.error)
            = outcomeAndError(backend::toWord(finished->outcome),
                              finished->error.value_or(QString()), finished->exitCode);
        record.exitCode = finished->exitCode;
        record.endedAt = event.occurredAt;
        return record.attempt;
    }
    // The events below end an attempt the scheduler gave up on before it could record a finish
    // (a lease that ran out before the start, a cancel that stopped the process).
    if (const auto *retry = std::get_if<backend::TaskRetryScheduled>(&e)) {
        if (m_attempts.isEmpty() || m_attempts.last().attempt != retry->attempt)
            return 0;
        return endOpen(QStringLiteral("lost"), {}, event.occurredAt);
    }
    if (const auto *failed = std::get_if<backend::TaskFailed>(&e))
        return endOpen(QStringLiteral("lost"), failed->error.value_or(QString()), event.occurredAt);
    if (std::holds_alternative<backend::TaskCanceled>(e))
        return endOpen(QStringLiteral("canceled"), {}, event.occurredAt);
    return 0;
}

} // namespace frontend

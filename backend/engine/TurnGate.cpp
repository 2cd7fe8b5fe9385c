#include "backend/engine/TurnGate.h"

#include <QCoro/QCoroFuture>
#include <QPromise>

namespace backend {

namespace {

QString keyOf(const QString &threadId, const QString &turnId)
{
    return threadId + QLatin1Char('\n') + turnId;
}

} // namespace

struct TurnGate::Hold
{
    QPromise<void> promise;
};

TurnGate::TurnGate() = default;

TurnGate::~TurnGate()
{
    for (const auto &hold : std::as_const(m_holds))
        hold->promise.finish();
}

void TurnGate::hold(const QString &threadId, const QString &turnId)
{
    const QString key = keyOf(threadId, turnId);
    if (m_holds.contains(key))
        return;
    auto hold = std::make_shared<Hold>();
    hold->promise.start();
    m_holds.insert(key, hold);
}

void TurnGate::release(const QString &threadId, const QString &turnId)
{
    if (const auto hold = m_holds.take(keyOf(threadId, turnId)))
        hold->promise.finish();
}

bool TurnGate::isHeld(const QString &threadId, const QString &turnId) const
{
    return m_holds.contains(keyOf(threadId, turnId));
}

QCoro::Task<> TurnGate::opened(const QString &threadId, const QString &turnId) const
{
    const auto hold = m_holds.value(keyOf(threadId, turnId));
    if (!hold)
        co_return;
    // The future, not the gate, is awaited: the gate may be gone when the turn opens.
    const QFuture<void> future = hold->promise.future();
    co_await future;
}

} // namespace backend

#pragma once

#include <QCoro/QCoroTask>
#include <QFuture>
#include <QHash>
#include <QString>

#include <memory>

namespace backend {

/// Holds a turn's process back until what must happen before it is done: the checkpoint
/// reactor holds turn (thread, turn) while it takes the baseline snapshot, and the provider
/// reactor awaits `opened()` before it starts the turn's process, so the agent cannot modify
/// the workspace before the baseline is read.
///
/// The hold must be placed synchronously, in the same reaction to `thread.turn-started` that
/// the provider reactor sees later (the checkpoint reactor is registered first). A turn
/// nobody holds opens at once. Used on the backend thread only.
class TurnGate
{
public:
    TurnGate();
    ~TurnGate(); ///< opens every held turn
    TurnGate(const TurnGate &) = delete;
    TurnGate &operator=(const TurnGate &) = delete;

    void hold(const QString &threadId, const QString &turnId);
    /// Opens a held turn (nothing when it is not held).
    void release(const QString &threadId, const QString &turnId);
    [[nodiscard]] bool isHeld(const QString &threadId, const QString &turnId) const;
    /// Completes once the turn is not held (at once when it is not).
    QCoro::Task<> opened(const QString &threadId, const QString &turnId) const;

private:
    struct Hold;
    QHash<QString, std::shared_ptr<Hold>> m_holds; ///< by thread id + turn id
};

} // namespace backend

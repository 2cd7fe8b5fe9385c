#pragma once

#include "backend/domain/DeciderError.h"
#include "backend/store/PersistenceError.h"

#include <variant>

namespace backend {

/// Why a dispatch failed: the rules refused the command, or the store could not keep it.
struct EngineError
{
    std::variant<DeciderError, PersistenceError> error;

    [[nodiscard]] bool isRejection() const { return std::holds_alternative<DeciderError>(error); }
    /// The stable code of the wrapped error ("thread_archived", "query_failed", …).
    [[nodiscard]] QString code() const
    {
        return std::visit([](const auto &e) { return e.codeName(); }, error);
    }
    [[nodiscard]] QString message() const
    {
        return std::visit([](const auto &e) { return e.message; }, error);
    }
};

} // namespace backend

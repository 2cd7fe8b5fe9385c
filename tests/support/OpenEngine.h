#pragma once

// An engine on a fresh store, for tests that drive reactors directly.

#include "backend/engine/OrchestrationEngine.h"
#include "backend/store/EventStore.h"

#include <memory>

namespace testing {

/// The engine over the store at `databasePath`; nullptr when either cannot be opened.
inline std::unique_ptr<backend::OrchestrationEngine> openEngine(const QString &databasePath)
{
    auto store = backend::EventStore::open(databasePath);
    if (!store)
        return nullptr;
    auto created = backend::OrchestrationEngine::create(std::move(*store));
    return created ? std::move(*created) : nullptr;
}

} // namespace testing

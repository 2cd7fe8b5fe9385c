#pragma once

#include "backend/domain/Provider.h"
#include "backend/providers/Provider.h"
#include "backend/providers/ProviderError.h"
#include "backend/providers/ProviderPresets.h"

#include <expected>
#include <memory>

namespace backend {

/// The provider a thread's spec asks for. Kind "process" runs the spec's command template,
/// "shell" runs the message with /bin/sh; any other kind names a preset (e.g. "claude"),
/// whose own kind must be "process" or "shell". Otherwise: `unknown provider kind "x"`.
std::expected<std::unique_ptr<Provider>, ProviderError>
makeProvider(const ProviderSpec &spec, const ProviderPresets &presets,
             const ProviderRunOptions &options);

} // namespace backend

#pragma once

#include <QString>

namespace backend {

/// Why a provider could not be made or configured.
struct ProviderError
{
    enum class Code {
        UnknownKind, ///< neither a built-in kind nor a preset name
        InvalidTemplate, ///< a process provider without a command template
        InvalidPresets, ///< a presets document that does not have the expected shape
        Io, ///< a presets file that cannot be read
    };
    Code code = Code::UnknownKind;
    QString message; ///< a sentence for a person

    /// A stable name of the code, e.g. "unknown-kind".
    [[nodiscard]] QString codeName() const;
    friend bool operator==(const ProviderError &, const ProviderError &) = default;
};

} // namespace backend

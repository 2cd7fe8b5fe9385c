#include "backend/providers/ProviderFactory.h"

#include "backend/providers/ProcessProvider.h"
#include "backend/providers/ShellProvider.h"

namespace backend {

namespace {

std::expected<std::unique_ptr<Provider>, ProviderError>
makeBuiltIn(const ProviderSpec &spec, const ProviderRunOptions &options)
{
    if (spec.kind == u"process") {
        if (spec.commandTemplate.isEmpty() || spec.commandTemplate.constFirst().isEmpty())
            return std::unexpected(
                ProviderError {ProviderError::Code::InvalidTemplate,
                               QStringLiteral("the process provider needs a command template, e.g. "
                                              "[\"claude\", \"-p\", \"{message}\"]")});
        return std::make_unique<ProcessProvider>(spec.commandTemplate, options);
    }
    if (spec.kind == u"shell")
        return std::make_unique<ShellProvider>(options);
    return std::unexpected(
        ProviderError {ProviderError::Code::UnknownKind,
                       QStringLiteral("unknown provider kind \"%1\"").arg(spec.kind)});
}

} // namespace

std::expected<std::unique_ptr<Provider>, ProviderError>
makeProvider(const ProviderSpec &spec, const ProviderPresets &presets,
             const ProviderRunOptions &options)
{
    if (spec.kind == u"process" || spec.kind == u"shell")
        return makeBuiltIn(spec, options);
    if (auto preset = presets.find(spec.kind)) {
        // A thread may name a preset and still give its own template.
        if (!spec.commandTemplate.isEmpty())
            preset->commandTemplate = spec.commandTemplate;
        return makeBuiltIn(*preset, options);
    }
    return makeBuiltIn(spec, options);
}

} // namespace backend

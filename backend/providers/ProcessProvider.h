#pragma once

#include "backend/providers/Provider.h"

#include <QStringList>

namespace backend {

/// Expands a command template for one turn. In each element, "{message}" becomes the turn's
/// text, "{cwd}" the working directory, "{threadId}" and "{turnId}" the ids; other "{…}" stay
/// as written. Each element stays one argument (no shell, no splitting), and substituted text
/// is never expanded again. Pure.
[[nodiscard]] QStringList expandCommandTemplate(const QStringList &commandTemplate,
                                                const TurnRequest &request);

/// Runs a command template per turn, e.g. ["claude", "-p", "{message}"]: stdout is the
/// assistant's answer, stderr lines are activities, the exit status ends the turn.
class ProcessProvider final : public Provider
{
public:
    ProcessProvider(QStringList commandTemplate, ProviderRunOptions options);

    [[nodiscard]] QString kind() const override { return QStringLiteral("process"); }
    [[nodiscard]] std::unique_ptr<ProviderSession>
    startSession(const QString &threadId) const override;
    [[nodiscard]] const QStringList &commandTemplate() const { return m_template; }

private:
    QStringList m_template;
    ProviderRunOptions m_options;
};

} // namespace backend

#include "backend/providers/ProcessProvider.h"

#include "backend/providers/CommandSession.h"

namespace backend {

namespace {

std::optional<QString> placeholderValue(QStringView name, const TurnRequest &request)
{
    if (name == u"message")
        return request.text;
    if (name == u"cwd")
        return request.workingDirectory;
    if (name == u"threadId")
        return request.threadId;
    if (name == u"turnId")
        return request.turnId;
    return std::nullopt;
}

QString expandElement(const QString &element, const TurnRequest &request)
{
    QString out;
    qsizetype at = 0;
    while (at < element.size()) {
        const qsizetype open = element.indexOf(QLatin1Char('{'), at);
        const qsizetype close = open < 0 ? -1 : element.indexOf(QLatin1Char('}'), open + 1);
        if (close < 0) {
            out += QStringView(element).mid(at);
            break;
        }
        out += QStringView(element).mid(at, open - at);
        const QStringView name = QStringView(element).mid(open + 1, close - open - 1);
        if (auto value = placeholderValue(name, request))
            out += *value;
        else
            out += QStringView(element).mid(open, close - open + 1);
        at = close + 1;
    }
    return out;
}

} // namespace

QStringList expandCommandTemplate(const QStringList &commandTemplate, const TurnRequest &request)
{
    QStringList argv;
    argv.reserve(commandTemplate.size());
    for (const QString &element : commandTemplate)
        argv.append(expandElement(element, request));
    return argv;
}

ProcessProvider::ProcessProvider(QStringList commandTemplate, ProviderRunOptions options)
    : m_template(std::move(commandTemplate))
    , m_options(std::move(options))
{
}

std::unique_ptr<ProviderSession> ProcessProvider::startSession(const QString &) const
{
    return std::make_unique<CommandSession>(
        [commandTemplate = m_template](const TurnRequest &request) {
            return expandCommandTemplate(commandTemplate, request);
        },
        m_options);
}

} // namespace backend

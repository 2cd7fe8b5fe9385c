#include "backend/terminal/PtyTerminalManager.h"

#include <QJsonArray>

namespace backend::terminal {

namespace {

AppEvent terminalEvent(const TerminalRequest &request, const QString &kind, QJsonObject data = {})
{
    return AppEvent {AppEvent::TerminalEvent {request.requestId, request.threadId,
                                              request.terminalId, kind, QString(), QString(),
                                              std::move(data)}};
}

AppEvent errorEvent(const TerminalRequest &request, const QString &code, const QString &message)
{
    return AppEvent {AppEvent::TerminalEvent {request.requestId,
                                              request.threadId,
                                              request.terminalId,
                                              QStringLiteral("error"),
                                              code,
                                              message,
                                              {}}};
}

TerminalOptions optionsFrom(const QJsonObject &p)
{
    TerminalOptions o;
    o.cwd = p.value(QStringLiteral("cwd")).toString();
    o.columns = p.value(QStringLiteral("cols")).toInt(80);
    o.rows = p.value(QStringLiteral("rows")).toInt(24);
    const QJsonObject env = p.value(QStringLiteral("env")).toObject();
    for (auto it = env.begin(); it != env.end(); ++it)
        o.env.insert(it.key(), it.value().toString());
    for (const QJsonValue &arg : p.value(QStringLiteral("shell")).toArray())
        o.program.append(arg.toString());
    return o;
}

} // namespace

PtyTerminalManager::~PtyTerminalManager()
{
    // Sessions are destroyed without reporting: nobody listens any more.
    for (auto &[key, session] : m_sessions)
        session->disconnect();
    m_sessions.clear();
}

const TerminalSession *PtyTerminalManager::session(const QString &threadId,
                                                   const QString &terminalId) const
{
    const auto it = m_sessions.find(Key {threadId, terminalId});
    return it == m_sessions.end() ? nullptr : it->second.get();
}

void PtyTerminalManager::open(const TerminalRequest &request, const TerminalOptions &options,
                              const Publish &publish)
{
    auto started = TerminalSession::start(options);
    if (!started) {
        publish(errorEvent(request, started.error().code, started.error().message));
        return;
    }
    TerminalSession *session = started->get();
    // Notifications are not answers to a request: they carry the key, not a request id.
    const TerminalRequest key {QString(), request.threadId, request.terminalId, QString(), {}};
    QObject::connect(
        session, &TerminalSession::output, session, [publish, key](const QString &text) {
            publish(terminalEvent(key, QStringLiteral("output"), {{QStringLiteral("text"), text}}));
        });
    QObject::connect(session, &TerminalSession::exited, session,
                     [publish, key](int exitCode, int signal) {
                         publish(terminalEvent(key, QStringLiteral("exited"),
                                               {{QStringLiteral("exitCode"), exitCode},
                                                {QStringLiteral("signal"), signal}}));
                     });
    m_sessions[Key {request.threadId, request.terminalId}] = std::move(*started);
    publish(terminalEvent(request, QStringLiteral("opened"),
                          {{QStringLiteral("pid"), session->pid()},
                           {QStringLiteral("cols"), options.columns},
                           {QStringLiteral("rows"), options.rows}}));
}

void PtyTerminalManager::handle(const TerminalRequest &request, const Publish &publish)
{
    if (request.threadId.isEmpty() || request.terminalId.isEmpty()) {
        publish(errorEvent(request, QStringLiteral("invalid_request"),
                           QStringLiteral("A terminal request needs a thread id and a terminal "
                                          "id.")));
        return;
    }
    const Key key {request.threadId, request.terminalId};
    const auto found = m_sessions.find(key);
    TerminalSession *session = found == m_sessions.end() ? nullptr : found->second.get();
    const QString &action = request.action;

    if (action == u"open") {
        if (session) {
            publish(terminalEvent(request, QStringLiteral("opened"),
                                  {{QStringLiteral("pid"), session->pid()},
                                   {QStringLiteral("cols"), session->options().columns},
                                   {QStringLiteral("rows"), session->options().rows}}));
            return;
        }
        open(request, optionsFrom(request.params), publish);
        return;
    }
    if (!session) {
        if (action == u"close") {
            publish(terminalEvent(request, QStringLiteral("closed")));
            return;
        }
        publish(errorEvent(request, QStringLiteral("not_open"),
                           QStringLiteral("Terminal %1 of thread %2 is not open.")
                               .arg(request.terminalId, request.threadId)));
        return;
    }
    if (action == u"write") {
        if (auto written
            = session->write(request.params.value(QStringLiteral("data")).toString().toUtf8());
            !written)
            publish(errorEvent(request, written.error().code, written.error().message));
        return;
    }
    if (action == u"resize") {
        const int cols = request.params.value(QStringLiteral("cols")).toInt();
        const int rows = request.params.value(QStringLiteral("rows")).toInt();
        if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
            publish(errorEvent(request, QStringLiteral("invalid_request"),
                               QStringLiteral("A terminal needs 1 to 1000 columns and rows.")));
            return;
        }
        session->resize(rows, cols);
        publish(terminalEvent(request, QStringLiteral("resized"),
                              {{QStringLiteral("cols"), cols}, {QStringLiteral("rows"), rows}}));
        return;
    }
    if (action == u"clear") {
        session->clear();
        publish(terminalEvent(request, QStringLiteral("cleared")));
        return;
    }
    if (action == u"restart") {
        const TerminalOptions options = session->options();
        session->disconnect();
        m_sessions.erase(key); // kills the old program
        open(request, options, publish);
        return;
    }
    if (action == u"close") {
        session->disconnect();
        m_sessions.erase(key);
        publish(terminalEvent(request, QStringLiteral("closed")));
        return;
    }
    publish(errorEvent(request, QStringLiteral("invalid_request"),
                       QStringLiteral("Unknown terminal action “%1”.").arg(action)));
}

void PtyTerminalManager::closeThread(const QString &threadId, const Publish &publish)
{
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it->first.first != threadId) {
            ++it;
            continue;
        }
        const TerminalRequest key {QString(), it->first.first, it->first.second, QString(), {}};
        it->second->disconnect();
        it = m_sessions.erase(it);
        publish(terminalEvent(key, QStringLiteral("closed")));
    }
}

} // namespace backend::terminal

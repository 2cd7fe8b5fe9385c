#include "app/HeadlessCommands.h"

#include "backend/domain/CommandCodec.h"
#include "backend/domain/EventCodec.h"
#include "backend/domain/ReadModelCodec.h"
#include "backend/engine/OrchestrationEngine.h"
#include "backend/store/EventStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace app {

namespace {

QString jsonLine(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

/// Reads `--after N` and `--limit K` (and the leftover positional arguments).
struct PagingArgs
{
    qint64 after = 0;
    qint64 limit = -1; ///< -1: everything
    QStringList positional;
    QString error;
};

PagingArgs parsePaging(const QStringList &args)
{
    PagingArgs paging;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (arg == QLatin1String("--after") || arg == QLatin1String("--limit")) {
            bool ok = false;
            const qint64 value = i + 1 < args.size() ? args.at(i + 1).toLongLong(&ok) : 0;
            if (!ok || value < 0) {
                paging.error = QStringLiteral("%1 needs a non-negative whole number").arg(arg);
                return paging;
            }
            (arg == QLatin1String("--after") ? paging.after : paging.limit) = value;
            ++i;
        } else if (arg.startsWith(QLatin1String("--"))) {
            paging.error = QStringLiteral("unknown option %1").arg(arg);
            return paging;
        } else {
            paging.positional.append(arg);
        }
    }
    return paging;
}

/// Engine options of headless runs; WEFT_SNAPSHOT_INTERVAL overrides the snapshot interval
/// (tests use it to exercise snapshot + tail on short histories).
backend::OrchestrationEngine::Options engineOptions()
{
    backend::OrchestrationEngine::Options options;
    bool ok = false;
    const qint64 interval = qEnvironmentVariable("WEFT_SNAPSHOT_INTERVAL").toLongLong(&ok);
    if (ok && interval >= 0)
        options.snapshotInterval = interval;
    return options;
}

std::unique_ptr<backend::EventStore> openStore(const QString &path, QTextStream &err)
{
    auto store = backend::EventStore::open(path);
    if (!store) {
        err << "weft: " << store.error().message << Qt::endl;
        return nullptr;
    }
    return std::move(*store);
}

QJsonObject errorLine(qsizetype line, const QString &message)
{
    return QJsonObject {{QStringLiteral("error"),
                         QJsonObject {{QStringLiteral("line"), qint64(line)},
                                      {QStringLiteral("message"), message}}}};
}

} // namespace

int runDispatch(const QString &databasePath, const QStringList &args, QTextStream &out,
                QTextStream &err)
{
    if (args.size() > 1) {
        err << "weft dispatch: expected at most one FILE (or - for standard input)" << Qt::endl;
        return ExitFailure;
    }
    QFile input;
    if (args.isEmpty() || args.first() == QLatin1String("-")) {
        if (!input.open(stdin, QIODevice::ReadOnly)) {
            err << "weft dispatch: cannot read standard input" << Qt::endl;
            return ExitFailure;
        }
    } else {
        input.setFileName(args.first());
        if (!input.open(QIODevice::ReadOnly)) {
            err << "weft dispatch: cannot read " << args.first() << ": " << input.errorString()
                << Qt::endl;
            return ExitFailure;
        }
    }

    auto store = openStore(databasePath, err);
    if (!store)
        return ExitFailure;
    auto engine = backend::OrchestrationEngine::create(std::move(store), engineOptions());
    if (!engine) {
        err << "weft: " << engine.error().message << Qt::endl;
        return ExitFailure;
    }

    bool anyRejected = false;
    bool anyMalformed = false;
    qsizetype lineNumber = 0;
    while (!input.atEnd()) {
        const QByteArray line = input.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            anyMalformed = true;
            const QString why = parseError.error != QJsonParseError::NoError
                ? parseError.errorString()
                : QStringLiteral("a command must be a JSON object");
            out << jsonLine(errorLine(lineNumber, QStringLiteral("not valid JSON: %1").arg(why)))
                << Qt::endl;
            continue;
        }
        auto command = backend::decodeCommand(document.object());
        if (!command) {
            anyMalformed = true;
            out << jsonLine(errorLine(lineNumber, command.error().message)) << Qt::endl;
            continue;
        }
        const auto result = (*engine)->dispatch(*command);
        if (result) {
            for (const backend::StoredEvent &event : *result)
                out << jsonLine(backend::storedEventToJson(event)) << '\n';
        } else if (result.error().isRejection()) {
            anyRejected = true;
            out << jsonLine(QJsonObject {
                {QStringLiteral("rejected"),
                 QJsonObject {{QStringLiteral("commandId"), backend::commandIdOf(*command).value},
                              {QStringLiteral("code"), result.error().code()},
                              {QStringLiteral("message"), result.error().message()}}}})
                << '\n';
        } else {
            // The store failed: the command was not kept. Say so and stop, since later
            // commands would most likely fail the same way.
            out << jsonLine(errorLine(lineNumber, result.error().message())) << Qt::endl;
            err << "weft dispatch: " << result.error().message() << Qt::endl;
            return ExitFailure;
        }
        // Printed means stored: flush so a reader (or a crash test) never sees less.
        out.flush();
    }
    if (anyMalformed)
        return ExitFailure;
    return anyRejected ? ExitRejected : ExitOk;
}

int runEvents(const QString &databasePath, const QStringList &args, QTextStream &out,
              QTextStream &err)
{
    const PagingArgs paging = parsePaging(args);
    if (!paging.error.isEmpty() || !paging.positional.isEmpty()) {
        err << "weft events: "
            << (paging.error.isEmpty()
                    ? QStringLiteral("unexpected argument %1").arg(paging.positional.first())
                    : paging.error)
            << Qt::endl;
        return ExitFailure;
    }
    auto store = openStore(databasePath, err);
    if (!store)
        return ExitFailure;
    qint64 after = paging.after;
    qint64 remaining = paging.limit;
    constexpr int kPage = 4096;
    while (remaining != 0) {
        const int want = remaining < 0 ? kPage : int(std::min<qint64>(remaining, kPage));
        auto page = store->readFrom(after, want);
        if (!page) {
            err << "weft events: " << page.error().message << Qt::endl;
            return ExitFailure;
        }
        for (const backend::StoredEvent &event : std::as_const(*page))
            out << jsonLine(backend::storedEventToJson(event)) << '\n';
        if (remaining > 0)
            remaining -= page->size();
        if (page->size() < want)
            break;
        after = page->constLast().sequence;
    }
    out.flush();
    return ExitOk;
}

int runState(const QString &databasePath, const QStringList &args, QTextStream &out,
             QTextStream &err)
{
    if (!args.isEmpty()) {
        err << "weft state: unexpected argument " << args.first() << Qt::endl;
        return ExitFailure;
    }
    auto store = openStore(databasePath, err);
    if (!store)
        return ExitFailure;
    auto engine = backend::OrchestrationEngine::create(std::move(store), engineOptions());
    if (!engine) {
        err << "weft state: " << engine.error().message << Qt::endl;
        return ExitFailure;
    }
    out << QString::fromUtf8(QJsonDocument(backend::readModelToJson((*engine)->readModel()))
                                 .toJson(QJsonDocument::Indented));
    out.flush();
    return ExitOk;
}

int runMessages(const QString &databasePath, const QStringList &args, QTextStream &out,
                QTextStream &err)
{
    const PagingArgs paging = parsePaging(args);
    if (!paging.error.isEmpty() || paging.positional.size() != 1) {
        err << "weft messages: "
            << (paging.error.isEmpty() ? QStringLiteral("expected exactly one THREAD_ID")
                                       : paging.error)
            << Qt::endl;
        return ExitFailure;
    }
    auto store = openStore(databasePath, err);
    if (!store)
        return ExitFailure;
    const QString threadId = paging.positional.first();
    qint64 after = paging.after;
    qint64 remaining = paging.limit;
    constexpr int kPage = 1024;
    while (remaining != 0) {
        const int want = remaining < 0 ? kPage : int(std::min<qint64>(remaining, kPage));
        auto page = store->messages(threadId, after, want);
        if (!page) {
            err << "weft messages: " << page.error().message << Qt::endl;
            return ExitFailure;
        }
        for (const backend::MessageRow &m : std::as_const(*page)) {
            QJsonObject row {
                {QStringLiteral("sequence"), m.sequence},
                {QStringLiteral("threadId"), m.threadId},
                {QStringLiteral("messageId"), m.messageId},
                {QStringLiteral("role"), m.role},
                {QStringLiteral("text"), m.text},
                {QStringLiteral("streaming"), m.streaming},
                {QStringLiteral("createdAt"), m.createdAt.toString(Qt::ISODateWithMs)},
                {QStringLiteral("updatedAt"), m.updatedAt.toString(Qt::ISODateWithMs)}};
            row.insert(QStringLiteral("turnId"),
                       m.turnId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.turnId));
            out << jsonLine(row) << '\n';
        }
        if (remaining > 0)
            remaining -= page->size();
        if (page->size() < want)
            break;
        after = page->constLast().sequence;
    }
    out.flush();
    return ExitOk;
}

} // namespace app

#include "app/DagCommand.h"

#include "backend/dag/DagJson.h"
#include "backend/dag/DagReport.h"

#include <QFile>
#include <QSet>

#include <cstdint>
#include <optional>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

// `weft dag analyze FILE`, `weft dag ready FILE --completed a,b,c`, `weft dag layout FILE`.
// Exit status: 0 success (analyze: a DAG), 1 analyze found a blocking cycle, 2 usage, read or
// parse error (one line on stderr).

namespace app {

namespace {

constexpr int ExitOk = 0;
constexpr int ExitCycle = 1;
constexpr int ExitError = 2;

const char Usage[] = "usage: weft dag analyze FILE | ready FILE [--completed a,b,c] | "
                     "layout FILE\n";

/// The graph file at `path`; with `titles` false the document's titles are left empty, which
/// spares analyze and ready a string and a hash entry per task that they never read.
std::optional<backend::DagDocument> load(const QString &path, QTextStream &err, bool titles)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "weft dag: cannot read " << path << ": " << file.errorString() << '\n';
        return std::nullopt;
    }
    // Mapping spares a copy of a file that can be tens of megabytes; read it when mapping is
    // not possible (a pipe, an empty file).
    QByteArray buffer;
    QByteArrayView bytes;
    if (const qint64 size = file.size(); size > 0) {
        if (const uchar *mapped = file.map(0, size))
            bytes = QByteArrayView(reinterpret_cast<const char *>(mapped), size);
    }
    if (bytes.isNull()) {
        buffer = file.readAll();
        bytes = buffer;
    }
    // Cycles are kept so that analyze can report them.
    constexpr auto policy = backend::CyclePolicy::Allow;
    std::expected<backend::DagDocument, backend::DagError> document;
    if (titles) {
        document = backend::parseDagJson(bytes, policy);
    } else if (auto dag = backend::parseDagJsonGraph(bytes, policy)) {
        document = backend::DagDocument {std::move(*dag), {}};
    } else {
        document = std::unexpected(dag.error());
    }
    if (!document) {
        err << "weft dag: " << path << ": " << document.error().message() << '\n';
        return std::nullopt;
    }
    return std::move(*document);
}

void write(QTextStream &out, const QByteArray &json)
{
    // The JSON is UTF-8 already: straight to the device when there is one, rather than
    // decoding megabytes to a QString for the stream to encode them back.
    out.flush();
    if (QIODevice *device = out.device()) {
        device->write(json);
        if (auto *file = qobject_cast<QFileDevice *>(device))
            file->flush();
        return;
    }
    out << QString::fromUtf8(json);
    out.flush();
}

/// Page faults dominate a run on a big graph on virtual machines (a million edges touch
/// ~25 000 fresh pages). Let the heap grow in one large step backed by transparent huge
/// pages, which the kernel grants only to regions advised so. Only the CLI process does this;
/// the library allocates as usual. Harmless when THP is unavailable.
void preferHugePages()
{
#if defined(__GLIBC__)
    constexpr int pad = 512 << 20;
    mallopt(M_MMAP_THRESHOLD, 32 << 20); // keep big buffers on the advised heap
    mallopt(M_TRIM_THRESHOLD, pad);
    mallopt(M_TOP_PAD, pad);
    auto *before = static_cast<char *>(sbrk(0));
    // Through a volatile: g++ drops a malloc whose block is only freed, and then the heap
    // never grew here and nothing was advised (that went unnoticed until a profile counted
    // ~18 000 page faults on a million edges).
    void *volatile probe = malloc(1 << 20);
    auto *after = static_cast<char *>(sbrk(0));
    constexpr std::uintptr_t huge = 2 << 20;
    const auto begin = (reinterpret_cast<std::uintptr_t>(before) + huge - 1) & ~(huge - 1);
    if (reinterpret_cast<std::uintptr_t>(after) > begin)
        madvise(reinterpret_cast<void *>(begin), reinterpret_cast<std::uintptr_t>(after) - begin,
                MADV_HUGEPAGE);
    free(probe);
#endif
}

} // namespace

int runDag(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.isEmpty() || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("-h")) {
        (args.isEmpty() ? err : out) << Usage;
        return args.isEmpty() ? ExitError : ExitOk;
    }
    const QString command = args.first();
    const QStringList rest = args.mid(1);

    if (command == QLatin1String("analyze") || command == QLatin1String("layout")) {
        if (rest.size() != 1) {
            err << "weft dag " << command << ": expected one FILE\n";
            return ExitError;
        }
        preferHugePages();
        const bool layout = command == QLatin1String("layout");
        const auto document = load(rest.first(), err, layout);
        if (!document)
            return ExitError;
        if (layout) {
            write(out, backend::toDagLayoutJson(*document));
            return ExitOk;
        }
        bool cyclic = false;
        write(out, backend::dagAnalysisJson(document->dag, &cyclic));
        return cyclic ? ExitCycle : ExitOk;
    }

    if (command == QLatin1String("ready")) {
        QString path;
        QSet<QString> completed;
        for (qsizetype i = 0; i < rest.size(); ++i) {
            const QString &arg = rest.at(i);
            QString list;
            if (arg == QLatin1String("--completed")) {
                if (i + 1 >= rest.size()) {
                    err << "weft dag ready: --completed needs a value\n";
                    return ExitError;
                }
                list = rest.at(++i);
            } else if (arg.startsWith(QLatin1String("--completed="))) {
                list = arg.mid(12);
            } else if (path.isEmpty() && !arg.startsWith(u'-')) {
                path = arg;
                continue;
            } else {
                err << "weft dag ready: unexpected argument " << arg << '\n';
                return ExitError;
            }
            for (const QString &id : list.split(u',', Qt::SkipEmptyParts))
                completed.insert(id.trimmed());
        }
        if (path.isEmpty()) {
            err << "weft dag ready: expected a FILE\n";
            return ExitError;
        }
        const auto document = load(path, err, false);
        if (!document)
            return ExitError;
        write(out, backend::dagReadinessJson(document->dag, completed));
        return ExitOk;
    }

    err << "weft dag: unknown command " << command << "; " << Usage;
    return ExitError;
}

} // namespace app

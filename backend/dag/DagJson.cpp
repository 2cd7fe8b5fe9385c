#include "backend/dag/DagJson.h"

#include "backend/dag/IdKey.h"
#include "backend/dag/IdTable.h"
#include "backend/dag/JsonText.h"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

// The reader is a small hand-written pull parser rather than QJsonDocument: on a graph of a
// million edges QJsonDocument::fromJson alone took ~1.5 s (docs/BENCHMARKS.md), several times
// the whole budget of `weft dag analyze`. It reads straight into the bulk loader's index lists
// and never builds a document tree.

namespace backend {

namespace {

constexpr int MaxDepth = 256; // nesting of ignored values; bounds the reader's recursion

class Reader
{
public:
    explicit Reader(QByteArrayView text)
        : m_begin(text.data())
        , m_at(text.data())
        , m_end(text.data() + text.size())
    {
    }

    [[nodiscard]] bool failed() const { return !m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }
    /// Drops the error recorded so far, for one found earlier in the text to take its place.
    void forgetError() { m_error.clear(); }
    [[nodiscard]] const char *position() const { return m_at; }
    void seek(const char *at) { m_at = at; }

    bool fail(const QString &what)
    {
        if (m_error.isEmpty()) {
            int line = 1;
            int column = 1;
            for (const char *p = m_begin; p < m_at && p < m_end; ++p) {
                if (*p == '\n') {
                    ++line;
                    column = 1;
                } else {
                    ++column;
                }
            }
            m_error = QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(what);
        }
        return false;
    }

    void skipSpace()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }

    /// Skips blanks and reports whether the next character is `c`, consuming it if so.
    bool take(char c)
    {
        skipSpace();
        if (m_at < m_end && *m_at == c) {
            ++m_at;
            return true;
        }
        return false;
    }

    bool expect(char c)
    {
        if (take(c))
            return true;
        return fail(QStringLiteral("expected '%1'").arg(QLatin1Char(c)));
    }

    [[nodiscard]] char peek()
    {
        skipSpace();
        return m_at < m_end ? *m_at : '\0';
    }

    /// Reads a string into `out` (UTF-8, escapes decoded).
    bool string(std::string &out)
    {
        out.clear();
        if (!take('"'))
            return fail(QStringLiteral("expected a string"));
        for (;;) {
            const char *run = m_at;
            skipPlain();
            out.append(run, std::size_t(m_at - run));
            if (m_at >= m_end)
                return fail(QStringLiteral("unterminated string"));
            if (*m_at == '"') {
                ++m_at;
                return true;
            }
            if (*m_at != '\\')
                return fail(QStringLiteral("control character in a string"));
            if (!escape(out))
                return false;
        }
    }

    /// Reads a string as a view into the text when it has no escapes, else decoded into
    /// `buffer`: ids are read twice per edge, and copying each was a tenth of a load.
    bool stringView(std::string_view &out, std::string &buffer)
    {
        if (!take('"'))
            return fail(QStringLiteral("expected a string"));
        const char *run = m_at;
        skipPlain();
        if (m_at < m_end && *m_at == '"') {
            out = std::string_view(run, std::size_t(m_at - run));
            ++m_at;
            return true;
        }
        m_at = run - 1;
        if (!string(buffer))
            return false;
        out = buffer;
        return true;
    }

    bool number(double &out)
    {
        skipSpace();
        const char *start = m_at;
        // JSON's grammar, stricter than from_chars: no leading '+', no leading zeros, no "1.".
        if (m_at < m_end && *m_at == '-')
            ++m_at;
        if (m_at < m_end && *m_at == '0') {
            ++m_at;
        } else if (!digits()) {
            m_at = start;
            return fail(QStringLiteral("expected a number"));
        }
        if (m_at < m_end && *m_at == '.') {
            ++m_at;
            if (!digits())
                return fail(QStringLiteral("expected digits after '.'"));
        }
        if (m_at < m_end && (*m_at == 'e' || *m_at == 'E')) {
            ++m_at;
            if (m_at < m_end && (*m_at == '+' || *m_at == '-'))
                ++m_at;
            if (!digits())
                return fail(QStringLiteral("expected digits in the exponent"));
        }
        const auto result = std::from_chars(start, m_at, out);
        if (result.ec != std::errc {} || result.ptr != m_at) {
            m_at = start;
            return fail(QStringLiteral("number out of range"));
        }
        return true;
    }

    bool skipValue(int depth = 0)
    {
        if (depth > MaxDepth)
            return fail(QStringLiteral("values nested too deeply"));
        switch (peek()) {
        case '"':
            return string(m_scratch);
        case '{':
            ++m_at;
            if (take('}'))
                return true;
            do {
                if (!string(m_scratch) || !expect(':') || !skipValue(depth + 1))
                    return false;
            } while (take(','));
            return expect('}');
        case '[':
            ++m_at;
            if (take(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (take(','));
            return expect(']');
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default: {
            double ignored = 0;
            return number(ignored);
        }
        }
    }

    bool atEnd()
    {
        skipSpace();
        return m_at == m_end;
    }

private:
    /// Moves to the first '"', '\\' or control character, or to the end: the run of a string
    /// that needs no decoding.
    void skipPlain()
    {
        if constexpr (std::endian::native == std::endian::little) {
            // Eight bytes at a time, with the zero-byte tests of "Bit Twiddling Hacks": a byte
            // is flagged when it is '"', '\\' or below 0x20. Borrows only run upwards, so the
            // lowest flagged byte is always a true one. Strings were a tenth of a load byte by
            // byte.
            constexpr std::uint64_t ones = 0x0101010101010101ull;
            constexpr std::uint64_t highs = 0x8080808080808080ull;
            while (m_end - m_at >= 8) {
                std::uint64_t word;
                std::memcpy(&word, m_at, 8);
                const std::uint64_t quote = word ^ (ones * '"');
                const std::uint64_t backslash = word ^ (ones * '\\');
                const std::uint64_t flagged
                    = (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)
                       | ((word - ones * 0x20) & ~word))
                    & highs;
                if (flagged != 0) {
                    m_at += std::countr_zero(flagged) / 8;
                    return;
                }
                m_at += 8;
            }
        }
        while (m_at < m_end && *m_at != '"' && *m_at != '\\'
               && static_cast<unsigned char>(*m_at) >= 0x20)
            ++m_at;
    }

    bool digits()
    {
        const char *start = m_at;
        while (m_at < m_end && *m_at >= '0' && *m_at <= '9')
            ++m_at;
        return m_at != start;
    }

    bool literal(std::string_view word)
    {
        if (std::size_t(m_end - m_at) >= word.size()
            && std::string_view(m_at, word.size()) == word) {
            m_at += word.size();
            return true;
        }
        return fail(QStringLiteral("unexpected character"));
    }

    bool hex4(char32_t &out)
    {
        if (m_end - m_at < 4)
            return fail(QStringLiteral("short \\u escape"));
        out = 0;
        for (int i = 0; i < 4; ++i, ++m_at) {
            const char c = *m_at;
            int digit;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            else
                return fail(QStringLiteral("bad \\u escape"));
            out = out * 16 + char32_t(digit);
        }
        return true;
    }

    bool escape(std::string &out)
    {
        ++m_at; // the backslash
        if (m_at >= m_end)
            return fail(QStringLiteral("unterminated string"));
        const char c = *m_at++;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            out.push_back(c);
            return true;
        case 'b':
            out.push_back('\b');
            return true;
        case 'f':
            out.push_back('\f');
            return true;
        case 'n':
            out.push_back('\n');
            return true;
        case 'r':
            out.push_back('\r');
            return true;
        case 't':
            out.push_back('\t');
            return true;
        case 'u':
            break;
        default:
            return fail(QStringLiteral("bad escape"));
        }
        char32_t code = 0;
        if (!hex4(code))
            return false;
        if (code >= 0xD800 && code <= 0xDBFF) {
            char32_t low = 0;
            if (m_end - m_at < 2 || m_at[0] != '\\' || m_at[1] != 'u')
                return fail(QStringLiteral("lone surrogate in \\u escape"));
            m_at += 2;
            if (!hex4(low))
                return false;
            if (low < 0xDC00 || low > 0xDFFF)
                return fail(QStringLiteral("lone surrogate in \\u escape"));
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
            return fail(QStringLiteral("lone surrogate in \\u escape"));
        }
        detail::appendUtf8(out, code);
        return true;
    }

    const char *m_begin;
    const char *m_at;
    const char *m_end;
    std::string m_scratch;
    QString m_error;
};

/// Reads the file's two arrays into the bulk loader's lists.
class GraphReader
{
public:
    /// `keepTitles` false checks the titles but keeps none (parseDagJsonGraph).
    GraphReader(QByteArrayView json, bool keepTitles)
        : m_in(json)
        , m_keepTitles(keepTitles)
    {
    }

    std::expected<DagDocument, DagError> read(CyclePolicy policy, qsizetype size)
    {
        // Room for the most entries the text can hold (an edge takes at least 21 bytes), so
        // the lists never grow by copying; pages never written cost nothing.
        m_edges.reserve(std::size_t(size / 21 + 1));
        if (!document())
            return std::unexpected(DagError::parseError(m_in.error()));
        // Filled only now that their number is known: growing the hash while reading rehashed
        // every id's text a few times over.
        QHash<QString, QString> titles;
        titles.reserve(qsizetype(m_titles.size()));
        for (auto &[node, title] : m_titles)
            titles.insert(m_nodes.at(node).id, std::move(title));
        auto dag = WorkflowDag::fromIndexed(std::move(m_nodes), m_edges, policy);
        if (!dag)
            return std::unexpected(dag.error());
        return DagDocument {std::move(*dag), std::move(titles)};
    }

private:
    bool entryError(const char *array, qsizetype index, const QString &what)
    {
        return m_in.fail(
            QStringLiteral("%1[%2]: %3").arg(QLatin1String(array)).arg(index).arg(what));
    }

    bool document()
    {
        if (!m_in.expect('{'))
            return false;
        const char *dependencies = nullptr;
        bool deferred = false; // the dependencies came before the tasks
        bool sawTasks = false;
        if (!m_in.take('}')) {
            do {
                if (!m_in.string(m_key) || !m_in.expect(':'))
                    return false;
                if (m_key == "tasks" || m_key == "dependencies") {
                    const bool isTasks = m_key == "tasks";
                    if (isTasks ? sawTasks : dependencies != nullptr)
                        return m_in.fail(QStringLiteral("\"%1\" appears twice")
                                             .arg(QString::fromStdString(m_key)));
                    if (isTasks) {
                        sawTasks = true;
                        if (!tasks())
                            return false;
                    } else if (sawTasks) {
                        dependencies = m_in.position();
                        if (!edges())
                            return false;
                    } else {
                        // Edges name nodes, so they are read once every task is known.
                        m_in.skipSpace();
                        dependencies = m_in.position();
                        deferred = true;
                        if (!m_in.skipValue())
                            return false;
                    }
                } else if (!m_in.skipValue()) {
                    return false;
                }
            } while (m_in.take(','));
            if (!m_in.expect('}'))
                return false;
        }
        if (!m_in.atEnd())
            return m_in.fail(QStringLiteral("text after the document"));
        if (deferred) {
            const char *end = m_in.position();
            m_in.seek(dependencies);
            if (!edges())
                return false;
            m_in.seek(end);
        }
        return true;
    }

    bool tasks()
    {
        if (!m_in.take('['))
            return m_in.fail(QStringLiteral("\"tasks\" must be an array"));
        if (m_in.take(']'))
            return true;
        do {
            if (!task(m_nodes.size()))
                return false;
        } while (m_in.take(','));
        return m_in.expect(']');
    }

    bool task(qsizetype index)
    {
        if (m_in.peek() != '{')
            return entryError("tasks", index, QStringLiteral("expected an object"));
        m_in.expect('{');
        bool hasId = false;
        double weight = 1.0;
        bool hasTitle = false;
        if (!m_in.take('}')) {
            do {
                if (!m_in.string(m_key) || !m_in.expect(':'))
                    return false;
                if (m_key == "id") {
                    if (m_in.peek() != '"' || !m_in.string(m_id) || m_id.empty())
                        return entryError("tasks", index,
                                          QStringLiteral("\"id\" must be a non-empty string"));
                    hasId = true;
                } else if (m_key == "weight") {
                    const char c = m_in.peek();
                    if ((c != '-' && (c < '0' || c > '9')) || !m_in.number(weight)
                        || !std::isfinite(weight) || weight < 0)
                        return entryError("tasks", index,
                                          QStringLiteral("\"weight\" must be a number ≥ 0"));
                } else if (m_key == "title") {
                    if (m_in.peek() != '"' || !m_in.string(m_title))
                        return entryError("tasks", index,
                                          QStringLiteral("\"title\" must be a string"));
                    hasTitle = true;
                } else if (!m_in.skipValue()) {
                    return false;
                }
            } while (m_in.take(','));
            if (!m_in.expect('}'))
                return false;
        }
        if (!hasId)
            return entryError("tasks", index, QStringLiteral("missing \"id\""));
        if (!m_slots.insert(m_id))
            return entryError(
                "tasks", index,
                QStringLiteral("duplicate id \"%1\"").arg(QString::fromStdString(m_id)));
        QString id = QString::fromUtf8(m_id.data(), qsizetype(m_id.size()));
        if (hasTitle && m_keepTitles)
            m_titles.emplace_back(m_nodes.size(),
                                  QString::fromUtf8(m_title.data(), qsizetype(m_title.size())));
        m_nodes.append({std::move(id), weight});
        return true;
    }

    bool edges()
    {
        const bool read = readEdges();
        // The ends still queued were read before anything that failed, so an unknown id among
        // them is the first error in the text and the one to report.
        if (!resolveQueued(!read))
            return false;
        return read;
    }

    bool readEdges()
    {
        if (!m_in.take('['))
            return m_in.fail(QStringLiteral("\"dependencies\" must be an array"));
        if (m_in.take(']'))
            return true;
        qsizetype index = 0;
        do {
            if (!edge(index++))
                return false;
        } while (m_in.take(','));
        return m_in.expect(']');
    }

    /// An edge's end whose id has been read and hashed but not yet looked up.
    struct QueuedEnd
    {
        const char *id; // into the text, which the closing quote follows
        std::uint32_t size;
        std::uint32_t hash;
        std::uint32_t edge; // the entry, and its position in m_edges
        bool isFrom;
    };

    // Looking an id up as soon as it is read waited for a cache miss on nearly every edge end
    // of a big file (a third of `weft dag analyze` on a million edges). Instead each id is
    // hashed and its table entry prefetched when read, and looked up Lookahead ends later,
    // when the entry has arrived. The queue is a ring, resolved oldest first, so the first
    // unknown id in the text is still the one reported.
    static constexpr std::uint32_t Lookahead = 16;

    bool endpoint(qsizetype index, bool isFrom)
    {
        const QLatin1String name(isFrom ? "from" : "to");
        std::string_view id;
        if (m_in.peek() != '"' || !m_in.stringView(id, m_id))
            return entryError("dependencies", index,
                              QStringLiteral("\"%1\" must be a string").arg(name));
        const std::uint32_t hash = detail::IdTable::hash(id);
        if (id.data() == m_id.data()) {
            // Decoded from escapes into a buffer that the next string overwrites: look it up
            // now, after the ends read before it.
            if (!resolveQueued(false))
                return false;
            const int slot = m_slots.find(id, hash);
            if (slot < 0)
                return unknownNode(index, isFrom, id);
            DagIndexedEdge &edge = m_edges[std::size_t(index)];
            (isFrom ? edge.from : edge.to) = slot;
            return true;
        }
        if (m_queued - m_resolved == Lookahead && !resolve(m_queue[m_resolved++ % Lookahead]))
            return false;
        m_slots.prefetch(hash);
        m_queue[m_queued++ % Lookahead]
            = {id.data(), std::uint32_t(id.size()), hash, std::uint32_t(index), isFrom};
        return true;
    }

    /// Looks `end` up; `replace` says a later error is recorded already, which an unknown id
    /// replaces.
    bool resolve(const QueuedEnd &end, bool replace = false)
    {
        const std::string_view id(end.id, end.size);
        const int slot = m_slots.find(id, end.hash);
        if (slot < 0) {
            if (replace)
                m_in.forgetError();
            m_in.seek(end.id + end.size + 1); // where a lookup right after reading would fail
            return unknownNode(end.edge, end.isFrom, id);
        }
        DagIndexedEdge &edge = m_edges[end.edge];
        (end.isFrom ? edge.from : edge.to) = slot;
        return true;
    }

    /// Looks up every queued end; `failed` as resolve's `replace`.
    bool resolveQueued(bool failed)
    {
        while (m_resolved != m_queued) {
            if (!resolve(m_queue[m_resolved++ % Lookahead], failed))
                return false;
        }
        return true;
    }

    bool unknownNode(qsizetype index, bool isFrom, std::string_view id)
    {
        return entryError("dependencies", index,
                          QStringLiteral("unknown node \"%1\" in \"%2\"")
                              .arg(QString::fromUtf8(id.data(), qsizetype(id.size())),
                                   QLatin1String(isFrom ? "from" : "to")));
    }

    bool edge(qsizetype index)
    {
        if (m_in.peek() != '{')
            return entryError("dependencies", index, QStringLiteral("expected an object"));
        m_in.expect('{');
        // The ends are filled in when their ids are looked up, possibly after this returns.
        m_edges.push_back({-1, -1, DependencyType::Blocking});
        bool hasFrom = false;
        bool hasTo = false;
        if (!m_in.take('}')) {
            do {
                std::string_view key;
                if (!m_in.stringView(key, m_key) || !m_in.expect(':'))
                    return false;
                if (key == "from") {
                    if (!endpoint(index, true))
                        return false;
                    hasFrom = true;
                } else if (key == "to") {
                    if (!endpoint(index, false))
                        return false;
                    hasTo = true;
                } else if (key == "type") {
                    if (m_in.peek() != '"' || !m_in.string(m_id))
                        return entryError("dependencies", index,
                                          QStringLiteral("\"type\" must be a string"));
                    if (m_id == "blocking")
                        m_edges.back().type = DependencyType::Blocking;
                    else if (m_id == "preferred_order")
                        m_edges.back().type = DependencyType::PreferredOrder;
                    else
                        return entryError("dependencies", index,
                                          QStringLiteral("unknown type \"%1\" (blocking or "
                                                         "preferred_order)")
                                              .arg(QString::fromStdString(m_id)));
                } else if (!m_in.skipValue()) {
                    return false;
                }
            } while (m_in.take(','));
            if (!m_in.expect('}'))
                return false;
        }
        if (!hasFrom || !hasTo)
            return entryError(
                "dependencies", index,
                QStringLiteral("missing \"%1\"").arg(QLatin1String(hasFrom ? "to" : "from")));
        return true;
    }

    Reader m_in;
    bool m_keepTitles;
    std::string m_key;
    std::string m_id;
    std::string m_title;
    detail::IdTable m_slots;
    QList<DagNodeSpec> m_nodes;
    std::vector<DagIndexedEdge> m_edges;
    std::vector<std::pair<qsizetype, QString>> m_titles; // by node index
    std::array<QueuedEnd, Lookahead> m_queue;
    std::uint32_t m_queued = 0; // ends ever queued; m_queue is a ring
    std::uint32_t m_resolved = 0;
};

} // namespace

QLatin1StringView dependencyTypeName(DependencyType type)
{
    return type == DependencyType::Blocking ? QLatin1StringView("blocking")
                                            : QLatin1StringView("preferred_order");
}

std::expected<DagDocument, DagError> parseDagJson(QByteArrayView json, CyclePolicy policy)
{
    return GraphReader(json, true).read(policy, json.size());
}

std::expected<WorkflowDag, DagError> parseDagJsonGraph(QByteArrayView json, CyclePolicy policy)
{
    auto document = GraphReader(json, false).read(policy, json.size());
    if (!document)
        return std::unexpected(document.error());
    return std::move(document->dag);
}

QByteArray toDagJson(const DagDocument &document)
{
    const WorkflowDag &dag = document.dag;
    QByteArray out;
    out.append("{\n  \"tasks\": [");
    const QStringList ids = dag.nodes();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        out.append(i == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ");
        json::appendString(out, ids.at(i));
        if (const auto title = document.titles.constFind(ids.at(i));
            title != document.titles.cend()) {
            out.append(", \"title\": ");
            json::appendString(out, *title);
        }
        out.append(", \"weight\": ");
        json::appendNumber(out, dag.weight(ids.at(i)).value_or(1.0));
        out.append('}');
    }
    out.append(ids.isEmpty() ? "],\n  \"dependencies\": [" : "\n  ],\n  \"dependencies\": [");
    const QList<DagEdge> edges = dag.edges();
    for (qsizetype i = 0; i < edges.size(); ++i) {
        const DagEdge &edge = edges.at(i);
        out.append(i == 0 ? "\n    {\"from\": " : ",\n    {\"from\": ");
        json::appendString(out, edge.from);
        out.append(", \"to\": ");
        json::appendString(out, edge.to);
        out.append(", \"type\": \"").append(dependencyTypeName(edge.type)).append("\"}");
    }
    out.append(edges.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
    return out;
}

QByteArray toDagLayoutJson(const DagDocument &document)
{
    const WorkflowDag &dag = document.dag;
    const bool cyclic = dag.hasCycle();
    const QList<QStringList> layers = cyclic ? dag.condensedLayers() : *dag.layers();
    QByteArray out;
    out.append("{\"nodes\": [");
    bool first = true;
    for (qsizetype layer = 0; layer < layers.size(); ++layer) {
        const QStringList &members = layers.at(layer);
        for (qsizetype order = 0; order < members.size(); ++order) {
            const QString &id = members.at(order);
            out.append(first ? "\n  {\"id\": " : ",\n  {\"id\": ");
            first = false;
            json::appendString(out, id);
            out.append(", \"title\": ");
            json::appendString(out, document.titles.value(id));
            out.append(", \"weight\": ");
            json::appendNumber(out, dag.weight(id).value_or(1.0));
            out.append(", \"layer\": ").append(QByteArray::number(layer));
            out.append(", \"order\": ").append(QByteArray::number(order)).append('}');
        }
    }
    out.append("],\n \"edges\": [");
    const QList<DagEdge> edges = dag.edges();
    for (qsizetype i = 0; i < edges.size(); ++i) {
        const DagEdge &edge = edges.at(i);
        out.append(i == 0 ? "\n  {\"from\": " : ",\n  {\"from\": ");
        json::appendString(out, edge.from);
        out.append(", \"to\": ");
        json::appendString(out, edge.to);
        out.append(", \"type\": \"").append(dependencyTypeName(edge.type)).append("\"}");
    }
    out.append("],\n \"layerCount\": ").append(QByteArray::number(layers.size()));
    out.append(", \"hasCycle\": ").append(cyclic ? "true" : "false").append("}\n");
    return out;
}

} // namespace backend

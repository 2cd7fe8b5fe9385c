#include "backend/domain/ReadModelCodec.h"

#include "backend/domain/SnapshotPrimitives.h"
#include "backend/domain/WorkflowSnapshot.h"

#include <QDataStream>
#include <QIODevice>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>

#include <limits>

// encodeSnapshot / decodeSnapshot (declared in ReadModelCodec.h).
//
// Layout (version 6; see kReadModelVersion for what each version changed): magic "WFTS" and
// kReadModelVersion (both quint32 little-endian), the model's sequence, the projects, the threads,
// then the workflows section (WorkflowSnapshot.h, QDataStream format). Integers are little-endian;
// a collection is a quint32 count then its elements; an optional is a quint8 flag then the value;
// an enum is a quint8; a QDateTime is its UTC milliseconds since the epoch as qint64 (kNoDateTime
// when invalid).
//
// A string is a tag byte: kNull; kUuid and the 16 bytes of an id in canonical UUID form
// (lower-case "8-4-4-4-12" hex, what clients and EventId::generate() produce); kUtf8, a quint32
// byte count and UTF-8. Start-up from a snapshot reads the whole blob, so its size is the cost:
// a UUID takes 17 bytes instead of the 76 of a UTF-16 QDataStream string.
//
// The shape follows the thread rather than its containers, so nothing is written twice: the
// turns in turnOrder (which is then rebuilt, not stored) each with the assistant messages it
// owns (assistantMessageTurns, grouped), and of messageIds only what those do not already
// name. The containers a hand-made model can hold beyond what the projector makes (a turnOrder
// entry without a turn, an assistant message of a missing turn, a turn's message id outside
// messageIds) are written explicitly, so every model round-trips exactly.
//
// Hash members are written in iteration order, so two equal models may give different bytes.

namespace backend {

namespace {

using snapshot::DataStreamSink;

constexpr quint32 kMagic = 0x57465453; // "WFTS"
constexpr QDataStream::Version kStreamVersion = QDataStream::Qt_6_4;
constexpr qint64 kNoDateTime = std::numeric_limits<qint64>::min();

enum StringTag : quint8 { kNull = 0, kUuid = 1, kUtf8 = 2 };

// Bits of a turn's flags byte.
enum TurnFlag : quint8 {
    kInterruptRequested = 1,
    kUserMessageListed = 2, ///< userMessageId is in the thread's messageIds
};

constexpr char16_t kHexDigits[] = u"0123456789abcdef";
constexpr int kHyphens[] = {8, 13, 18, 23};

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    return -1;
}

/// The 16 bytes of `s` when it is a UUID in canonical form (so decoding restores it exactly).
bool uuidBytes(const QString &s, uchar (&bytes)[16])
{
    if (s.size() != 36)
        return false;
    const char16_t *c = reinterpret_cast<const char16_t *>(s.constData());
    for (const int at : kHyphens) {
        if (c[at] != u'-')
            return false;
    }
    int out = 0;
    for (int i = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            continue;
        const int high = hexValue(c[i]);
        const int low = hexValue(c[i + 1]);
        if (high < 0 || low < 0)
            return false;
        bytes[out++] = uchar(high << 4 | low);
        ++i;
    }
    return true;
}

QString uuidString(const uchar *bytes)
{
    QString s(36, Qt::Uninitialized);
    char16_t *c = reinterpret_cast<char16_t *>(s.data());
    int in = 0;
    for (int i = 0; i < 36; ++i) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            c[i] = u'-';
            continue;
        }
        c[i] = kHexDigits[bytes[in] >> 4];
        c[++i] = kHexDigits[bytes[in++] & 0xf];
    }
    return s;
}

class SnapshotWriter
{
public:
    explicit SnapshotWriter(QByteArray *data)
        : m_data(*data)
    {
    }

    void write(const ReadModel &model)
    {
        write(kMagic);
        write(quint32(kReadModelVersion));
        write(model.sequence);
        count(model.projects.size());
        for (const ProjectView &p : model.projects)
            write(p);
        count(model.threads.size());
        for (const ThreadView &t : model.threads)
            write(t);
        DataStreamSink workflows(&m_data);
        snapshot::writeWorkflows(workflows, model);
    }

private:
    template<typename T>
    requires std::is_integral_v<T>
    void write(T v)
    {
        const T le = qToLittleEndian(v);
        m_data.append(reinterpret_cast<const char *>(&le), sizeof le);
    }
    void count(qsizetype n) { write(quint32(n)); }
    void write(bool b) { write(quint8(b ? 1 : 0)); }
    void write(const QDateTime &at) { write(at.isValid() ? at.toMSecsSinceEpoch() : kNoDateTime); }
    template<typename E>
    requires std::is_enum_v<E>
    void write(E e) { write(quint8(e)); }
    void write(const QString &s)
    {
        if (s.isNull()) {
            write(quint8(kNull));
            return;
        }
        uchar bytes[16];
        if (uuidBytes(s, bytes)) {
            write(quint8(kUuid));
            m_data.append(reinterpret_cast<const char *>(bytes), sizeof bytes);
            return;
        }
        const QByteArray utf8 = s.toUtf8();
        write(quint8(kUtf8));
        count(utf8.size());
        m_data.append(utf8);
    }
    template<typename Tag> void write(const Id<Tag> &id) { write(id.value); }
    template<typename T> void write(const std::optional<T> &value)
    {
        write(quint8(value.has_value()));
        if (value)
            write(*value);
    }
    void write(const ProviderSpec &p)
    {
        write(p.kind);
        count(p.commandTemplate.size());
        for (const QString &arg : p.commandTemplate)
            write(arg);
    }

    void write(const ProjectView &p)
    {
        write(p.id);
        write(p.title);
        write(p.workspaceRoot);
        write(p.defaultProvider);
        write(p.deleted);
        write(p.createdAt);
        write(p.updatedAt);
        write(p.version);
    }

    void write(const ThreadView &t)
    {
        write(t.id);
        write(t.projectId);
        write(t.title);
        write(t.provider);
        write(t.branch);
        write(t.worktreePath);
        write(t.status);
        write(t.archived);
        write(t.deleted);
        write(t.createdAt);
        write(t.updatedAt);

        // Per-thread working sets are sorted arrays, not hashes: a snapshot walks every thread,
        // and a QHash allocates a whole span even for the few turns most threads have.
        // The assistant messages, grouped under their turns by sorting on the turn id.
        Pairs assistant;
        Pairs orphans;
        assistant.reserve(t.assistantMessageTurns.size());
        for (auto it = t.assistantMessageTurns.cbegin(); it != t.assistantMessageTurns.cend();
             ++it) {
            (t.turns.contains(it.value()) ? assistant : orphans)
                .append({&it.value().value, &it.key().value});
        }
        std::sort(assistant.begin(), assistant.end(), byFirst);

        // Turns in start order when turnOrder lists each turn exactly once (what the projector
        // makes); otherwise in hash order, followed by turnOrder itself.
        bool ordered = t.turnOrder.size() == t.turns.size();
        if (ordered) {
            Strings order;
            order.reserve(t.turnOrder.size());
            for (const TurnId &id : t.turnOrder) {
                ordered = ordered && t.turns.contains(id);
                order.append(&id.value);
            }
            std::sort(order.begin(), order.end(), byText);
            ordered = ordered
                && std::adjacent_find(order.begin(), order.end(), sameText) == order.end();
        }
        Strings named; // message ids the turns' entries already carry into messageIds
        named.reserve(t.messageIds.size());
        write(ordered);
        count(t.turns.size());
        if (ordered) {
            for (const TurnId &id : t.turnOrder)
                write(t.turns.find(id).value(), assistant, named, t.messageIds);
        } else {
            for (const TurnView &turn : t.turns)
                write(turn, assistant, named, t.messageIds);
            count(t.turnOrder.size());
            for (const TurnId &id : t.turnOrder)
                write(id);
        }
        count(orphans.size());
        for (const auto &[turn, message] : std::as_const(orphans)) {
            write(*message);
            write(*turn);
        }
        write(t.runningTurnId);
        write(t.latestTurnId);
        std::sort(named.begin(), named.end(), byText);
        const qsizetype distinct
            = std::unique(named.begin(), named.end(), sameText) - named.begin();
        named.resize(distinct);
        Strings rest;
        if (distinct != t.messageIds.size()) {
            for (const MessageId &id : t.messageIds) {
                if (!std::binary_search(named.begin(), named.end(), &id.value, byText))
                    rest.append(&id.value);
            }
        }
        count(rest.size());
        for (const QString *id : std::as_const(rest))
            write(*id);
        write(t.messageCount);
        write(t.activityCount);
        write(t.version);
    }

    using Strings = QVarLengthArray<const QString *, 64>;
    using Pairs = QVarLengthArray<std::pair<const QString *, const QString *>, 32>;
    static bool byText(const QString *a, const QString *b) { return *a < *b; }
    static bool sameText(const QString *a, const QString *b) { return *a == *b; }
    static bool byFirst(const std::pair<const QString *, const QString *> &a,
                        const std::pair<const QString *, const QString *> &b)
    {
        return *a.first < *b.first;
    }

    void write(const TurnView &t, const Pairs &assistant, Strings &named,
               const QSet<MessageId> &messageIds)
    {
        const bool userListed = messageIds.contains(t.userMessageId);
        if (userListed)
            named.append(&t.userMessageId.value);
        write(t.id);
        write(t.state);
        write(quint8((t.interruptRequested ? kInterruptRequested : 0)
                     | (userListed ? kUserMessageListed : 0)));
        write(t.userMessageId);
        write(t.startedAt);
        write(t.completedAt);
        write(t.exitCode.has_value());
        if (t.exitCode)
            write(qint32(*t.exitCode));
        write(t.error);
        const std::pair<const QString *, const QString *> key {&t.id.value, nullptr};
        const auto [first, last]
            = std::equal_range(assistant.begin(), assistant.end(), key, byFirst);
        count(last - first);
        for (auto it = first; it != last; ++it) {
            const bool listed = messageIds.contains(MessageId(*it->second));
            if (listed)
                named.append(it->second);
            write(listed);
            write(*it->second);
        }
    }

    QByteArray &m_data;
};

/// Reads a snapshot back over a bounds-checked cursor. Any inconsistency (past the end, an
/// out-of-range enum or tag, a count larger than the bytes left) marks the read as failed; the
/// caller checks `ok()` once, so garbage never becomes a model.
class SnapshotReader
{
public:
    explicit SnapshotReader(const QByteArray &data)
        : m_data(data)
        , m_at(reinterpret_cast<const uchar *>(data.constData()))
        , m_end(m_at + data.size())
    {
    }

    std::expected<ReadModel, CodecError> read()
    {
        const quint32 magic = integer<quint32>();
        const quint32 version = integer<quint32>();
        if (m_bad || magic != kMagic)
            return std::unexpected(malformed(QStringLiteral("This is not a Weft snapshot.")));
        if (version != quint32(kReadModelVersion)) {
            return std::unexpected(CodecError {
                CodecError::Code::UnsupportedVersion, QString(),
                QStringLiteral("Snapshot version %1 is not supported (this Weft reads version %2).")
                    .arg(version)
                    .arg(kReadModelVersion)});
        }

        ReadModel model;
        read(model.sequence);
        const quint32 projects = count();
        model.projects.reserve(projects);
        for (quint32 i = 0; i < projects && !m_bad; ++i) {
            ProjectView p;
            read(p);
            model.projects.insert(p.id, std::move(p));
        }
        const quint32 threads = count();
        model.threads.reserve(threads);
        for (quint32 i = 0; i < threads && !m_bad; ++i) {
            ThreadView t;
            read(t);
            ThreadId key = t.id;
            model.threads.emplace(std::move(key), std::move(t));
        }
        if (!m_bad && !readWorkflows(model))
            m_bad = true;
        if (m_bad) {
            return std::unexpected(
                malformed(QStringLiteral("The snapshot is truncated or corrupt.")));
        }
        if (m_at != m_end)
            return std::unexpected(malformed(QStringLiteral("The snapshot has trailing bytes.")));
        return model;
    }

private:
    static CodecError malformed(const QString &message)
    {
        return CodecError {CodecError::Code::Malformed, QString(), message};
    }

    /// The workflows section keeps the QDataStream format of WorkflowSnapshot.cpp: read it
    /// through a stream positioned where the threads end, then continue after it.
    bool readWorkflows(ReadModel &model)
    {
        QDataStream in(m_data);
        in.setVersion(kStreamVersion);
        in.setByteOrder(QDataStream::LittleEndian);
        const qint64 offset = m_at - reinterpret_cast<const uchar *>(m_data.constData());
        if (!in.device()->seek(offset))
            return false;
        if (!snapshot::readWorkflows(in, m_data.size(), model) || in.status() != QDataStream::Ok)
            return false;
        m_at = reinterpret_cast<const uchar *>(m_data.constData()) + in.device()->pos();
        return true;
    }

    bool need(qsizetype n)
    {
        if (m_bad || m_end - m_at < n) {
            m_bad = true;
            return false;
        }
        return true;
    }
    template<typename T> T integer()
    {
        if (!need(sizeof(T)))
            return T {};
        const T v = qFromLittleEndian<T>(m_at);
        m_at += sizeof(T);
        return v;
    }

    /// A collection's size; each element takes at least one byte, so a count above the bytes
    /// left is corrupt (and must not drive a huge reserve()).
    quint32 count()
    {
        const quint32 n = integer<quint32>();
        if (!m_bad && qint64(n) > m_end - m_at)
            m_bad = true;
        return m_bad ? 0 : n;
    }

    void read(bool &b)
    {
        const quint8 v = integer<quint8>();
        if (v > 1)
            m_bad = true;
        b = v == 1;
    }
    void read(qint64 &n) { n = integer<qint64>(); }
    void read(QDateTime &at)
    {
        const qint64 ms = integer<qint64>();
        at = ms == kNoDateTime ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    }
    template<typename E>
    requires std::is_enum_v<E>
    void read(E &e, E last)
    {
        const quint8 v = integer<quint8>();
        if (v > quint8(last))
            m_bad = true;
        e = E(v);
    }
    void read(QString &s)
    {
        switch (integer<quint8>()) {
        case kNull:
            s = QString();
            return;
        case kUuid:
            if (need(16)) {
                s = uuidString(m_at);
                m_at += 16;
            }
            return;
        case kUtf8: {
            const quint32 n = count();
            if (need(n)) {
                s = QString::fromUtf8(reinterpret_cast<const char *>(m_at), n);
                m_at += n;
            }
            return;
        }
        default:
            m_bad = true;
        }
    }
    template<typename Tag> void read(Id<Tag> &id) { read(id.value); }
    template<typename T> void read(std::optional<T> &value)
    {
        const quint8 present = integer<quint8>();
        if (present > 1)
            m_bad = true;
        if (present == 1) {
            T v;
            read(v);
            value = std::move(v);
        } else {
            value.reset();
        }
    }
    void read(ProviderSpec &p)
    {
        read(p.kind);
        const quint32 args = count();
        p.commandTemplate.reserve(args);
        for (quint32 i = 0; i < args && !m_bad; ++i)
            read(p.commandTemplate.emplace_back());
    }

    void read(ProjectView &p)
    {
        read(p.id);
        read(p.title);
        read(p.workspaceRoot);
        read(p.defaultProvider);
        read(p.deleted);
        read(p.createdAt);
        read(p.updatedAt);
        read(p.version);
    }

    void read(TurnView &turn, ThreadView &t)
    {
        read(turn.id);
        read(turn.state, TurnState::Error);
        const quint8 flags = integer<quint8>();
        if (flags & ~quint8(kInterruptRequested | kUserMessageListed))
            m_bad = true;
        turn.interruptRequested = flags & kInterruptRequested;
        read(turn.userMessageId);
        if (flags & kUserMessageListed)
            t.messageIds.insert(turn.userMessageId);
        read(turn.startedAt);
        read(turn.completedAt);
        bool hasExitCode = false;
        read(hasExitCode);
        if (hasExitCode)
            turn.exitCode = qint32(integer<quint32>());
        read(turn.error);
        const quint32 messages = count();
        for (quint32 i = 0; i < messages && !m_bad; ++i) {
            bool listed = false;
            MessageId id;
            read(listed);
            read(id);
            if (listed)
                t.messageIds.insert(id);
            t.assistantMessageTurns.insert(std::move(id), turn.id);
        }
    }

    void read(ThreadView &t)
    {
        read(t.id);
        read(t.projectId);
        read(t.title);
        read(t.provider);
        read(t.branch);
        read(t.worktreePath);
        read(t.status, ThreadStatus::Error);
        read(t.archived);
        read(t.deleted);
        read(t.createdAt);
        read(t.updatedAt);
        bool ordered = false;
        read(ordered);
        const quint32 turns = count();
        t.turns.reserve(turns);
        t.messageIds.reserve(2 * turns);
        t.assistantMessageTurns.reserve(turns);
        if (ordered)
            t.turnOrder.reserve(turns);
        for (quint32 i = 0; i < turns && !m_bad; ++i) {
            TurnView turn;
            read(turn, t);
            if (ordered)
                t.turnOrder.append(turn.id);
            TurnId key = turn.id;
            t.turns.emplace(std::move(key), std::move(turn));
        }
        if (!ordered) {
            const quint32 order = count();
            t.turnOrder.reserve(order);
            for (quint32 i = 0; i < order && !m_bad; ++i)
                read(t.turnOrder.emplace_back());
        }
        const quint32 orphans = count();
        for (quint32 i = 0; i < orphans && !m_bad; ++i) {
            MessageId message;
            TurnId turn;
            read(message);
            read(turn);
            t.assistantMessageTurns.insert(std::move(message), std::move(turn));
        }
        read(t.runningTurnId);
        read(t.latestTurnId);
        const quint32 rest = count();
        for (quint32 i = 0; i < rest && !m_bad; ++i) {
            MessageId id;
            read(id);
            t.messageIds.insert(std::move(id));
        }
        read(t.messageCount);
        read(t.activityCount);
        read(t.version);
    }

    const QByteArray &m_data;
    const uchar *m_at;
    const uchar *m_end;
    bool m_bad = false;
};

} // namespace

QByteArray encodeSnapshot(const ReadModel &model)
{
    // A rough upper estimate of the size, so the buffer is not regrown (and copied) as it fills.
    qsizetype estimate = 64 + 256 * model.projects.size();
    for (const ThreadView &t : model.threads) {
        estimate += 512 + 96 * t.turns.size() + 24 * t.assistantMessageTurns.size()
            + 4 * t.messageIds.size();
    }
    for (const WorkflowView &w : model.workflows)
        estimate += 128 + 512 * w.tasks.size();
    QByteArray data;
    data.reserve(estimate);
    SnapshotWriter(&data).write(model);
    return data;
}

std::expected<ReadModel, CodecError> decodeSnapshot(const QByteArray &data)
{
    return SnapshotReader(data).read();
}

} // namespace backend

#include "backend/domain/ReadModelCodec.h"

#include "backend/domain/SnapshotPrimitives.h"
#include "backend/domain/WorkflowSnapshot.h"

#include <QDataStream>
#include <QIODevice>

#include <limits>

// encodeSnapshot / decodeSnapshot (declared in ReadModelCodec.h).
//
// Layout: magic "WFTS" and kReadModelVersion (both quint32), then the model field by field
// through a QDataStream fixed at Qt 6.4 and little-endian (strings are copied, not
// byte-swapped, on the machines Weft runs on). A collection is a quint32 count then its
// elements; an optional is a quint8 flag then the value; an enum is a quint8; a QDateTime is its
// UTC milliseconds since the epoch as qint64 (kNoDateTime when invalid).
//
// Ids repeat a lot inside a thread (a turn's id is the hash key, the turn's field, an entry of
// turnOrder and the value of its assistant messages), so each id is written once and then
// referred to by its index in a per-thread table; project ids and providers likewise in
// model-wide tables. The decoded model then shares those strings the way a projected one does;
// for threads of five turns this halves both the snapshot and the decoding time. A reference is
// a quint32 index, or kNew followed by the value, which takes the next index.
//
// Hash members are written in iteration order, so two equal models may give different bytes.

namespace backend {

namespace {

using snapshot::DataStreamSink;
using snapshot::kNew;
using snapshot::RefTable;

constexpr quint32 kMagic = 0x57465453; // "WFTS"
constexpr QDataStream::Version kStreamVersion = QDataStream::Qt_6_4;
constexpr qint64 kNoDateTime = std::numeric_limits<qint64>::min();

class SnapshotWriter
{
public:
    explicit SnapshotWriter(QByteArray *data)
        : m_out(data)
    {
    }

    void write(const ReadModel &model)
    {
        m_out << kMagic << quint32(kReadModelVersion);
        m_out << model.sequence;
        count(model.projects.size());
        for (const ProjectView &p : model.projects)
            write(p);
        count(model.threads.size());
        for (const ThreadView &t : model.threads) {
            m_ids.clear();
            write(t);
        }
        snapshot::writeWorkflows(m_out, model);
    }

private:
    void count(qsizetype n) { m_out << quint32(n); }
    void write(const QString &s) { m_out << s; }
    void write(bool b) { m_out << b; }
    void write(qint64 n) { m_out << n; }
    void write(int n) { m_out << qint32(n); }
    void write(const QDateTime &at)
    {
        m_out << (at.isValid() ? at.toMSecsSinceEpoch() : kNoDateTime);
    }
    template<typename E>
    requires std::is_enum_v<E>
    void write(E e) { m_out << quint8(e); }
    /// A thread-local id: an index into the thread's table, or kNew and the string.
    template<typename Tag> void write(const Id<Tag> &id) { ref(m_ids, id.value); }
    template<typename T> void write(const std::optional<T> &value)
    {
        m_out << quint8(value.has_value());
        if (value)
            write(*value);
    }
    template<typename T> void ref(RefTable<T> &table, const T &value)
    {
        const quint32 r = table.refFor(value);
        m_out << r;
        if (r == kNew)
            writeNew(value);
    }
    void writeNew(const QString &s) { write(s); }
    void writeNew(const ProviderSpec &p)
    {
        write(p.kind);
        count(p.commandTemplate.size());
        for (const QString &arg : p.commandTemplate)
            write(arg);
    }

    void write(const ProjectView &p)
    {
        ref(m_projectIds, p.id.value);
        write(p.title);
        write(p.workspaceRoot);
        write(p.deleted);
        write(p.createdAt);
        write(p.updatedAt);
        write(p.version);
    }

    void write(const TurnView &t)
    {
        write(t.id);
        write(t.state);
        write(t.userMessageId);
        write(t.startedAt);
        write(t.completedAt);
        write(t.exitCode);
        write(t.error);
        write(t.interruptRequested);
    }

    void write(const ThreadView &t)
    {
        write(t.id.value); // unique across threads: not worth a table entry
        ref(m_projectIds, t.projectId.value);
        write(t.title);
        ref(m_providers, t.provider);
        write(t.branch);
        write(t.worktreePath);
        write(t.status);
        write(t.archived);
        write(t.deleted);
        write(t.createdAt);
        write(t.updatedAt);
        count(t.turns.size());
        for (const TurnView &turn : t.turns)
            write(turn);
        count(t.turnOrder.size());
        for (const TurnId &id : t.turnOrder)
            write(id);
        write(t.runningTurnId);
        write(t.latestTurnId);
        count(t.assistantMessageTurns.size());
        for (auto it = t.assistantMessageTurns.cbegin(); it != t.assistantMessageTurns.cend();
             ++it) {
            write(it.key());
            write(it.value());
        }
        count(t.messageIds.size());
        for (const MessageId &id : t.messageIds)
            write(id);
        write(t.messageCount);
        write(t.activityCount);
        write(t.version);
    }

    DataStreamSink m_out;
    RefTable<QString> m_projectIds;
    RefTable<ProviderSpec> m_providers;
    RefTable<QString> m_ids; ///< the current thread's ids
};

/// Reads a snapshot back. Any inconsistency (past the end, an out-of-range enum or reference,
/// a count larger than the bytes left) marks the read as failed; the caller checks `ok()` once,
/// so garbage never becomes a model.
class SnapshotReader
{
public:
    explicit SnapshotReader(const QByteArray &data)
        : m_in(data)
        , m_size(data.size())
    {
        m_in.setVersion(kStreamVersion);
        m_in.setByteOrder(QDataStream::LittleEndian);
    }

    std::expected<ReadModel, CodecError> read()
    {
        quint32 magic = 0;
        quint32 version = 0;
        m_in >> magic >> version;
        if (m_in.status() != QDataStream::Ok || magic != kMagic)
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
        for (quint32 i = 0; i < projects && ok(); ++i) {
            ProjectView p;
            read(p);
            model.projects.insert(p.id, std::move(p));
        }
        const quint32 threads = count();
        model.threads.reserve(threads);
        for (quint32 i = 0; i < threads && ok(); ++i) {
            m_ids.clear();
            ThreadView t;
            read(t);
            model.threads.insert(t.id, std::move(t));
        }
        if (ok() && !snapshot::readWorkflows(m_in, m_size, model))
            m_bad = true;
        if (!ok()) {
            return std::unexpected(
                malformed(QStringLiteral("The snapshot is truncated or corrupt.")));
        }
        if (!m_in.atEnd())
            return std::unexpected(malformed(QStringLiteral("The snapshot has trailing bytes.")));
        return model;
    }

private:
    bool ok() const { return !m_bad && m_in.status() == QDataStream::Ok; }

    static CodecError malformed(const QString &message)
    {
        return CodecError {CodecError::Code::Malformed, QString(), message};
    }

    /// A collection's size; each element takes at least one byte, so a count above the bytes
    /// left is corrupt (and must not drive a huge reserve()).
    quint32 count()
    {
        quint32 n = 0;
        m_in >> n;
        if (!ok() || qint64(n) > m_size - m_in.device()->pos()) {
            m_bad = true;
            return 0;
        }
        return n;
    }

    void read(QString &s) { m_in >> s; }
    void read(bool &b) { m_in >> b; }
    void read(qint64 &n) { m_in >> n; }
    void read(int &n)
    {
        qint32 v = 0;
        m_in >> v;
        n = v;
    }
    void read(QDateTime &at)
    {
        qint64 ms = 0;
        m_in >> ms;
        at = ms == kNoDateTime ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    }
    template<typename E>
    requires std::is_enum_v<E>
    void read(E &e, E last)
    {
        quint8 v = 0;
        m_in >> v;
        if (v > quint8(last))
            m_bad = true;
        e = E(v);
    }
    template<typename Tag> void read(Id<Tag> &id) { ref(m_ids, id.value); }
    template<typename T> void read(std::optional<T> &value)
    {
        quint8 present = 0;
        m_in >> present;
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
    template<typename T> void ref(QList<T> &table, T &value)
    {
        quint32 r = 0;
        m_in >> r;
        if (r == kNew) {
            readNew(value);
            table.append(value);
        } else if (r < quint32(table.size())) {
            value = table.at(r);
        } else {
            m_bad = true;
        }
    }
    void readNew(QString &s) { read(s); }
    void readNew(ProviderSpec &p)
    {
        read(p.kind);
        const quint32 args = count();
        p.commandTemplate.reserve(args);
        for (quint32 i = 0; i < args && ok(); ++i)
            read(p.commandTemplate.emplace_back());
    }

    void read(ProjectView &p)
    {
        ref(m_projectIds, p.id.value);
        read(p.title);
        read(p.workspaceRoot);
        read(p.deleted);
        read(p.createdAt);
        read(p.updatedAt);
        read(p.version);
    }

    void read(TurnView &t)
    {
        read(t.id);
        read(t.state, TurnState::Error);
        read(t.userMessageId);
        read(t.startedAt);
        read(t.completedAt);
        read(t.exitCode);
        read(t.error);
        read(t.interruptRequested);
    }

    void read(ThreadView &t)
    {
        read(t.id.value);
        ref(m_projectIds, t.projectId.value);
        read(t.title);
        ref(m_providers, t.provider);
        read(t.branch);
        read(t.worktreePath);
        read(t.status, ThreadStatus::Error);
        read(t.archived);
        read(t.deleted);
        read(t.createdAt);
        read(t.updatedAt);
        const quint32 turns = count();
        t.turns.reserve(turns);
        for (quint32 i = 0; i < turns && ok(); ++i) {
            TurnView turn;
            read(turn);
            t.turns.insert(turn.id, std::move(turn));
        }
        const quint32 order = count();
        t.turnOrder.reserve(order);
        for (quint32 i = 0; i < order && ok(); ++i)
            read(t.turnOrder.emplace_back());
        read(t.runningTurnId);
        read(t.latestTurnId);
        const quint32 assistant = count();
        t.assistantMessageTurns.reserve(assistant);
        for (quint32 i = 0; i < assistant && ok(); ++i) {
            MessageId message;
            TurnId turn;
            read(message);
            read(turn);
            t.assistantMessageTurns.insert(std::move(message), std::move(turn));
        }
        const quint32 messages = count();
        t.messageIds.reserve(messages);
        for (quint32 i = 0; i < messages && ok(); ++i) {
            MessageId id;
            read(id);
            t.messageIds.insert(std::move(id));
        }
        read(t.messageCount);
        read(t.activityCount);
        read(t.version);
    }

    QDataStream m_in;
    qint64 m_size = 0;
    bool m_bad = false;
    QList<QString> m_projectIds;
    QList<ProviderSpec> m_providers;
    QList<QString> m_ids; ///< the current thread's ids
};

} // namespace

QByteArray encodeSnapshot(const ReadModel &model)
{
    // A rough upper estimate of the size, so the buffer is not regrown (and copied) as it fills.
    qsizetype estimate = 64 + 256 * model.projects.size();
    for (const ThreadView &t : model.threads) {
        estimate += 512 + 256 * t.turns.size() + 128 * t.assistantMessageTurns.size()
            + 8 * t.messageIds.size();
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

#include "backend/domain/WorkflowSnapshot.h"

#include <QIODevice>

#include <limits>

namespace backend::snapshot {

namespace {

constexpr qint64 kNoDateTime = std::numeric_limits<qint64>::min();

class Writer
{
public:
    explicit Writer(DataStreamSink &out)
        : m_out(out)
    {
    }

    void write(const ReadModel &model)
    {
        count(model.workflows.size());
        for (const WorkflowView &w : model.workflows)
            write(w);
        m_out << model.readySerial;
    }

private:
    void count(qsizetype n) { m_out << quint32(n); }
    void write(const QString &s) { m_out << s; }
    void write(bool b) { m_out << b; }
    void write(qint64 n) { m_out << n; }
    void write(int n) { m_out << qint32(n); }
    void write(double d) { m_out << d; }
    void write(const QDateTime &at)
    {
        m_out << (at.isValid() ? at.toMSecsSinceEpoch() : kNoDateTime);
    }
    template<typename E>
    requires std::is_enum_v<E>
    void write(E e) { m_out << quint8(e); }
    template<typename Tag> void write(const Id<Tag> &id) { write(id.value); }
    template<typename T> void write(const std::optional<T> &value)
    {
        m_out << quint8(value.has_value());
        if (value)
            write(*value);
    }
    template<typename T> void write(const QList<T> &list)
    {
        count(list.size());
        for (const T &item : list)
            write(item);
    }
    void write(const TaskDependency &d)
    {
        write(d.prerequisite);
        write(d.type);
    }
    void write(const RetryPolicy &r)
    {
        write(r.maxAttempts);
        write(r.backoff.kind);
        write(r.backoff.delayMs);
        write(r.backoff.baseMs);
        write(r.backoff.maxMs);
        write(r.backoff.jitter);
    }
    void write(const TaskSpec &s)
    {
        write(s.title);
        write(s.command);
        write(s.shell);
        write(s.cwd);
        count(s.env.size());
        for (auto it = s.env.cbegin(); it != s.env.cend(); ++it) {
            write(it.key());
            write(it.value());
        }
        write(s.priority);
        write(s.concurrencyKey);
        write(s.retry);
        write(s.timeoutMs);
        write(s.notBefore);
        write(s.cron);
        write(s.parentTaskId);
        write(s.labels);
        write(s.weight);
    }
    void write(const TaskView &t)
    {
        write(t.id);
        write(t.spec);
        write(t.state);
        write(t.attemptCount);
        write(t.canceledAttempts);
        write(t.currentAttempt);
        write(t.leaseWorker);
        write(t.leaseDeadline);
        write(t.retryAt);
        write(t.lastOutcome);
        write(t.lastExitCode);
        write(t.lastError);
        write(t.threadId);
        write(t.turnId);
        write(t.children);
        write(t.prerequisites);
        write(t.dependents);
        write(t.readySerial);
        write(t.createdAt);
        write(t.updatedAt);
        write(t.version);
    }
    void write(const WorkflowView &w)
    {
        write(w.id);
        write(w.projectId);
        write(w.title);
        write(w.state);
        write(w.strategy);
        write(w.succeeded);
        write(w.taskOrder);
        count(w.tasks.size());
        for (const TaskView &t : w.tasks)
            write(t);
        write(w.createdAt);
        write(w.updatedAt);
        write(w.version);
    }

    DataStreamSink &m_out;
};

class Reader
{
public:
    Reader(QDataStream &in, qint64 size)
        : m_in(in)
        , m_size(size)
    {
    }

    bool read(ReadModel &model)
    {
        const quint32 workflows = count();
        model.workflows.reserve(workflows);
        for (quint32 i = 0; i < workflows && ok(); ++i) {
            WorkflowView w;
            read(w);
            model.workflows.insert(w.id, std::move(w));
        }
        read(model.readySerial);
        return ok();
    }

private:
    bool ok() const { return !m_bad && m_in.status() == QDataStream::Ok; }

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
    void read(double &d) { m_in >> d; }
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
    void read(E &e)
    {
        quint8 v = 0;
        m_in >> v;
        if (v > quint8(lastOf(E {})))
            m_bad = true;
        e = E(v);
    }
    static TaskRunState lastOf(TaskRunState) { return TaskRunState::UpstreamFailed; }
    static AttemptOutcome lastOf(AttemptOutcome) { return AttemptOutcome::Lost; }
    static WorkflowState lastOf(WorkflowState) { return WorkflowState::Canceled; }
    static Backoff::Kind lastOf(Backoff::Kind) { return Backoff::Kind::Exponential; }
    static DependencyType lastOf(DependencyType) { return DependencyType::PreferredOrder; }
    static SchedulingStrategy lastOf(SchedulingStrategy) { return SchedulingStrategy::Affinity; }
    template<typename Tag> void read(Id<Tag> &id) { read(id.value); }
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
    template<typename T> void read(QList<T> &list)
    {
        const quint32 n = count();
        list.reserve(n);
        for (quint32 i = 0; i < n && ok(); ++i)
            read(list.emplace_back());
    }
    void read(TaskDependency &d)
    {
        read(d.prerequisite);
        read(d.type);
    }
    void read(RetryPolicy &r)
    {
        read(r.maxAttempts);
        read(r.backoff.kind);
        read(r.backoff.delayMs);
        read(r.backoff.baseMs);
        read(r.backoff.maxMs);
        read(r.backoff.jitter);
    }
    void read(TaskSpec &s)
    {
        read(s.title);
        read(s.command);
        read(s.shell);
        read(s.cwd);
        const quint32 env = count();
        for (quint32 i = 0; i < env && ok(); ++i) {
            QString key;
            QString value;
            read(key);
            read(value);
            s.env.insert(key, value);
        }
        read(s.priority);
        read(s.concurrencyKey);
        read(s.retry);
        read(s.timeoutMs);
        read(s.notBefore);
        read(s.cron);
        read(s.parentTaskId);
        read(s.labels);
        read(s.weight);
    }
    void read(TaskView &t, const WorkflowId &workflowId)
    {
        t.workflowId = workflowId;
        read(t.id);
        read(t.spec);
        read(t.state);
        read(t.attemptCount);
        read(t.canceledAttempts);
        read(t.currentAttempt);
        read(t.leaseWorker);
        read(t.leaseDeadline);
        read(t.retryAt);
        read(t.lastOutcome);
        read(t.lastExitCode);
        read(t.lastError);
        read(t.threadId);
        read(t.turnId);
        read(t.children);
        read(t.prerequisites);
        read(t.dependents);
        read(t.readySerial);
        read(t.createdAt);
        read(t.updatedAt);
        read(t.version);
    }
    void read(WorkflowView &w)
    {
        read(w.id);
        read(w.projectId);
        read(w.title);
        read(w.state);
        read(w.strategy);
        read(w.succeeded);
        read(w.taskOrder);
        const quint32 tasks = count();
        w.tasks.reserve(tasks);
        for (quint32 i = 0; i < tasks && ok(); ++i) {
            TaskView t;
            read(t, w.id);
            w.tasks.insert(t.id, std::move(t));
        }
        read(w.createdAt);
        read(w.updatedAt);
        read(w.version);
    }

    QDataStream &m_in;
    qint64 m_size = 0;
    bool m_bad = false;
};

} // namespace

void writeWorkflows(DataStreamSink &out, const ReadModel &model)
{
    Writer(out).write(model);
}

bool readWorkflows(QDataStream &in, qint64 size, ReadModel &model)
{
    return Reader(in, size).read(model);
}

} // namespace backend::snapshot

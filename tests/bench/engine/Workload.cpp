#include "Workload.h"

#include <QJsonObject>

#include <array>

namespace bench {

using namespace backend;

namespace {

constexpr std::array kWords = {
    "the",      "function", "returns", "a",      "value",   "when",    "test",   "file",
    "build",    "passes",   "error",   "line",   "change",  "should",  "read",   "thread",
    "commit",   "branch",   "query",   "index",  "model",   "event",   "store",  "we",
    "refactor", "update",   "check",   "output", "compile", "warning", "scheme", "cache",
};

constexpr std::array kTools = {"bash", "read_file", "edit_file", "grep", "run_tests"};

} // namespace

Workload::Workload(const MixOptions &options)
    : m_options(options)
    , m_rng(options.seed)
{
}

QString Workload::uuid()
{
    // Version-7 layout, as Weft's own ids (timeOrderedUuid): 48 bits of milliseconds, then a
    // 12-bit counter, then random bits — reproducible because the clock is the workload's own,
    // one tick per id from a fixed start.
    const quint64 stamp = m_clock++;
    const quint64 ms = stamp >> 12;
    const quint64 hi = (ms << 16) | 0x7000ULL | (stamp & 0x0fffULL);
    const quint64 lo = (m_rng() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    static constexpr char kHex[] = "0123456789abcdef";
    std::array<char, 36> text {};
    int at = 0;
    for (int nibble = 0; nibble < 32; ++nibble) {
        if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20)
            text[at++] = '-';
        const quint64 word = nibble < 16 ? hi : lo;
        text[at++] = kHex[(word >> (60 - 4 * (nibble % 16))) & 0xf];
    }
    return QString::fromLatin1(text.data(), qsizetype(text.size()));
}

QString Workload::words(int min, int max)
{
    const int count = std::uniform_int_distribution<int>(min, max)(m_rng);
    std::uniform_int_distribution<std::size_t> pick(0, kWords.size() - 1);
    QString text;
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            text += QLatin1Char(' ');
        text += QLatin1String(kWords[pick(m_rng)]);
    }
    return text;
}

QList<Command> Workload::setup()
{
    QList<Command> commands;
    for (int p = 0; p < m_options.projects; ++p) {
        const ProjectId project(uuid());
        m_projects.append(project);
        commands.append(ProjectCreate {commandId(), project,
                                       QStringLiteral("Project %1").arg(p + 1),
                                       QStringLiteral("/home/dev/src/project-%1").arg(p + 1)});
    }
    for (const ProjectId &project : std::as_const(m_projects)) {
        for (int t = 0; t < m_options.threadsPerProject; ++t) {
            ThreadScript script;
            script.id = ThreadId(uuid());
            script.projectId = project;
            m_threads.push_back(script);
            commands.append(ThreadCreate {
                commandId(), script.id, project, QStringLiteral("Thread %1").arg(t + 1),
                ProviderSpec {QStringLiteral("process"),
                              {QStringLiteral("agent"), QStringLiteral("--print"),
                               QStringLiteral("{message}")}},
                QStringLiteral("feature/%1").arg(t + 1), std::nullopt});
        }
    }
    return commands;
}

Command Workload::next()
{
    Q_ASSERT(!m_threads.empty());
    ThreadScript &t
        = m_threads[std::uniform_int_distribution<std::size_t>(0, m_threads.size() - 1)(m_rng)];
    if (t.step < 0) {
        t.turn = TurnId(uuid());
        t.assistantMessage = MessageId(uuid());
        t.deltas
            = std::uniform_int_distribution<int>(m_options.minDeltas, m_options.maxDeltas)(m_rng);
        t.activityAt = std::uniform_int_distribution<int>(0, t.deltas)(m_rng);
        t.step = 0;
        return ThreadTurnStart {commandId(), t.id, t.turn, MessageId(uuid()), words(5, 40)};
    }
    const int step = t.step++;
    if (step == t.activityAt) {
        const QString tool = QLatin1String(
            kTools[std::uniform_int_distribution<std::size_t>(0, kTools.size() - 1)(m_rng)]);
        return ThreadActivityAppend {commandId(),
                                     t.id,
                                     t.turn,
                                     ActivityTone::Tool,
                                     QStringLiteral("tool.call"),
                                     QStringLiteral("%1: %2").arg(tool, words(2, 6)),
                                     QJsonObject {{QStringLiteral("tool"), tool},
                                                  {QStringLiteral("args"), words(1, 8)},
                                                  {QStringLiteral("exitCode"), 0}}};
    }
    if (step <= t.deltas)
        return ThreadMessageAssistantDelta {commandId(), t.id, t.assistantMessage, t.turn,
                                            words(3, 20) + QLatin1Char(' ')};
    if (step == t.deltas + 1)
        return ThreadMessageAssistantComplete {commandId(), t.id, t.assistantMessage, t.turn};
    t.step = -1;
    return ThreadTurnComplete {commandId(), t.id, t.turn, TurnOutcome::Completed, 0, std::nullopt};
}

} // namespace bench

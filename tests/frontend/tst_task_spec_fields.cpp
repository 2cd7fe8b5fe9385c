// A task's spec as the inspector lists it (frontend/TaskSpecFields.h).
#include "frontend/TaskSpecFields.h"

#include <QtTest>

using namespace backend;
using namespace Qt::StringLiterals;
using frontend::SpecField;

namespace {

QStringList keysOf(const QList<SpecField> &fields)
{
    QStringList keys;
    for (const SpecField &f : fields)
        keys.append(f.key);
    return keys;
}

QString valueOf(const QList<SpecField> &fields, const QString &key)
{
    for (const SpecField &f : fields)
        if (f.key == key)
            return f.value;
    return {};
}

} // namespace

class TestTaskSpecFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_a_bare_command_when_listed_then_only_the_command_shows()
    {
        TaskSpec spec;
        spec.title = u"Build"_s;
        spec.command = {u"make"_s, u"-j2"_s};
        const QList<SpecField> fields = frontend::specFields(spec);
        QCOMPARE(keysOf(fields), QStringList {u"command"_s});
        QCOMPARE(fields.first().value, u"make -j2"_s);
    }

    void given_every_field_set_when_listed_then_each_shows_in_file_order()
    {
        TaskSpec spec;
        spec.title = u"Build"_s;
        spec.shell = u"make && make test"_s;
        spec.cwd = u"/src"_s;
        spec.env = {{u"CC"_s, u"gcc"_s}, {u"A"_s, u"1"_s}};
        spec.priority = 5;
        spec.concurrencyKey = u"cpu"_s;
        spec.retry = RetryPolicy {3, Backoff {Backoff::Kind::Exponential, 0, 500, 30'000, 0.2}};
        spec.timeoutMs = 600'000;
        spec.notBefore = QDateTime(QDate(2026, 11, 23), QTime(9, 0), Qt::UTC);
        spec.cron = u"0 3 * * *"_s;
        spec.labels = {u"linux"_s, u"x86_64"_s};
        spec.parentTaskId = TaskId(u"release"_s);
        spec.weight = 2.5;
        const QList<SpecField> fields = frontend::specFields(spec);
        QCOMPARE(keysOf(fields),
                 (QStringList {u"shell"_s, u"cwd"_s, u"env"_s, u"priority"_s, u"concurrencyKey"_s,
                               u"retry"_s, u"timeout"_s, u"notBefore"_s, u"cron"_s, u"labels"_s,
                               u"parent"_s, u"weight"_s}));
        QCOMPARE(valueOf(fields, u"shell"_s), u"make && make test"_s);
        QCOMPARE(valueOf(fields, u"env"_s), u"A=1\nCC=gcc"_s);
        QCOMPARE(valueOf(fields, u"retry"_s),
                 u"up to 3 attempts, exponential backoff 500 ms → 30 s, jitter 0.2"_s);
        QCOMPARE(valueOf(fields, u"timeout"_s), u"10 min"_s);
        QCOMPARE(valueOf(fields, u"notBefore"_s), u"2026-11-23 09:00:00 UTC"_s);
        QCOMPARE(valueOf(fields, u"labels"_s), u"linux, x86_64"_s);
        QCOMPARE(valueOf(fields, u"parent"_s), u"release"_s);
        QCOMPARE(valueOf(fields, u"weight"_s), u"2.5"_s);
    }

    void given_fixed_backoffs_when_listed_then_the_delay_or_at_once_shows()
    {
        TaskSpec spec;
        spec.command = {u"true"_s};
        spec.retry = RetryPolicy {2, Backoff {Backoff::Kind::Fixed, 1500, 0, 0, 0}};
        QCOMPARE(valueOf(frontend::specFields(spec), u"retry"_s),
                 u"up to 2 attempts, fixed backoff 1.5 s"_s);
        spec.retry->backoff.delayMs = 0;
        QCOMPARE(valueOf(frontend::specFields(spec), u"retry"_s),
                 u"up to 2 attempts, retried at once"_s);
    }

    void given_arguments_with_spaces_and_quotes_when_quoted_then_a_shell_splits_them_back()
    {
        QCOMPARE(frontend::shellQuoted({u"echo"_s, u"a b"_s, u"it's"_s, u""_s, u"--x=1"_s}),
                 u"echo 'a b' 'it'\\''s' '' --x=1"_s);
    }

    void given_durations_when_written_then_the_unit_fits()
    {
        QCOMPARE(frontend::durationText(250), u"250 ms"_s);
        QCOMPARE(frontend::durationText(1500), u"1.5 s"_s);
        QCOMPARE(frontend::durationText(2000), u"2 s"_s);
        QCOMPARE(frontend::durationText(125'000), u"2 min 5 s"_s);
        QCOMPARE(frontend::durationText(5'400'000), u"1 h 30 min"_s);
        QCOMPARE(frontend::durationText(7'200'000), u"2 h"_s);
    }
};

QTEST_GUILESS_MAIN(TestTaskSpecFields)

#include "tst_task_spec_fields.moc"

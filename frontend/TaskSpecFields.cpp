#include "frontend/TaskSpecFields.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace frontend {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TaskSpecFields", text);
}

QString backoffText(const backend::Backoff &b)
{
    using Kind = backend::Backoff::Kind;
    if (b.kind == Kind::Fixed)
        return b.delayMs > 0 ? tr("fixed backoff %1").arg(durationText(b.delayMs))
                             : tr("retried at once");
    QString text
        = tr("exponential backoff %1 → %2").arg(durationText(b.baseMs), durationText(b.maxMs));
    if (b.jitter > 0)
        text += tr(", jitter %1").arg(b.jitter);
    return text;
}

} // namespace

QString durationText(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60'000)
        return ms % 1000 == 0 ? tr("%1 s").arg(ms / 1000)
                              : tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return s % 60 == 0 ? tr("%1 min").arg(s / 60) : tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    const qint64 min = s / 60;
    return min % 60 == 0 ? tr("%1 h").arg(min / 60) : tr("%1 h %2 min").arg(min / 60).arg(min % 60);
}

QString shellQuoted(const QStringList &argv)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    QStringList words;
    words.reserve(argv.size());
    for (const QString &arg : argv) {
        if (plain.match(arg).hasMatch())
            words.append(arg);
        else
            words.append(QLatin1Char('\'')
                         + QString(arg).replace(QLatin1Char('\''), QLatin1String("'\\''"))
                         + QLatin1Char('\''));
    }
    return words.join(QLatin1Char(' '));
}

QList<SpecField> specFields(const backend::TaskSpec &spec)
{
    QList<SpecField> fields;
    const auto add = [&fields](const char *key, const char *label, const QString &value) {
        fields.append({QLatin1String(key), tr(label), value});
    };
    if (spec.shell)
        add("shell", "Shell", *spec.shell);
    else if (!spec.command.isEmpty())
        add("command", "Command", shellQuoted(spec.command));
    if (spec.cwd && !spec.cwd->isEmpty())
        add("cwd", "Working directory", *spec.cwd);
    if (!spec.env.isEmpty()) {
        QStringList lines;
        for (auto it = spec.env.cbegin(); it != spec.env.cend(); ++it)
            lines.append(it.key() + QLatin1Char('=') + it.value());
        add("env", "Environment", lines.join(QLatin1Char('\n')));
    }
    if (spec.priority != 0)
        add("priority", "Priority", QString::number(spec.priority));
    if (spec.concurrencyKey)
        add("concurrencyKey", "Concurrency key", *spec.concurrencyKey);
    if (spec.retry)
        add("retry", "Retry",
            tr("up to %1 attempts, %2")
                .arg(spec.retry->maxAttempts)
                .arg(backoffText(spec.retry->backoff)));
    if (spec.timeoutMs)
        add("timeout", "Timeout", durationText(*spec.timeoutMs));
    if (spec.notBefore)
        add("notBefore", "Not before",
            spec.notBefore->toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
    if (spec.cron)
        add("cron", "Cron", *spec.cron);
    if (!spec.labels.isEmpty())
        add("labels", "Labels", spec.labels.join(QLatin1String(", ")));
    if (spec.parentTaskId)
        add("parent", "Parent task", spec.parentTaskId->value);
    if (spec.weight != 1.0)
        add("weight", "Weight", QString::number(spec.weight));
    return fields;
}

} // namespace frontend

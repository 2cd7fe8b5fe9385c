#include "backend/domain/TaskSpecRules.h"

#include <cmath>

namespace backend {

namespace {

bool blank(const QString &s)
{
    return s.trimmed().isEmpty();
}

std::optional<TaskSpecProblem> problem(const char *field, const QString &what)
{
    return TaskSpecProblem {QString::fromLatin1(field), what};
}

std::optional<TaskSpecProblem> validateRetry(const RetryPolicy &retry)
{
    if (retry.maxAttempts < 1)
        return problem("retry.maxAttempts", QStringLiteral("must be at least 1"));
    const Backoff &b = retry.backoff;
    switch (b.kind) {
    case Backoff::Kind::Fixed:
        if (b.delayMs < 0)
            return problem("retry.backoff.delayMs", QStringLiteral("must not be negative"));
        break;
    case Backoff::Kind::Exponential:
        if (b.baseMs < 0)
            return problem("retry.backoff.baseMs", QStringLiteral("must not be negative"));
        if (b.maxMs < 0)
            return problem("retry.backoff.maxMs", QStringLiteral("must not be negative"));
        if (b.baseMs > b.maxMs) {
            return problem("retry.backoff.baseMs",
                           QStringLiteral("must not exceed maxMs (%1)").arg(b.maxMs));
        }
        if (!std::isfinite(b.jitter) || b.jitter < 0.0 || b.jitter > 1.0)
            return problem("retry.backoff.jitter", QStringLiteral("must be between 0 and 1"));
        break;
    }
    return std::nullopt;
}

} // namespace

std::optional<TaskSpecProblem> validateTaskSpec(const TaskSpec &spec)
{
    if (blank(spec.title))
        return problem("title", QStringLiteral("must not be blank"));
    const bool hasCommand = !spec.command.isEmpty();
    const bool hasShell = spec.shell.has_value();
    if (hasCommand == hasShell)
        return problem("command", QStringLiteral("or shell must be given, and not both"));
    if (hasCommand && spec.command.constFirst().isEmpty())
        return problem("command[0]", QStringLiteral("must name a program"));
    if (hasShell && blank(*spec.shell))
        return problem("shell", QStringLiteral("must not be blank"));
    if (spec.cwd && spec.cwd->isEmpty())
        return problem("cwd", QStringLiteral("must not be empty"));
    for (auto it = spec.env.cbegin(); it != spec.env.cend(); ++it) {
        if (it.key().isEmpty() || it.key().contains(QLatin1Char('=')))
            return problem("env", QStringLiteral("names must be non-empty and without '='"));
    }
    if (spec.concurrencyKey && blank(*spec.concurrencyKey))
        return problem("concurrencyKey", QStringLiteral("must not be blank"));
    if (spec.retry) {
        if (auto p = validateRetry(*spec.retry))
            return p;
    }
    if (spec.timeoutMs && *spec.timeoutMs <= 0)
        return problem("timeoutMs", QStringLiteral("must be positive"));
    if (spec.notBefore && !spec.notBefore->isValid())
        return problem("notBefore", QStringLiteral("must be a valid time"));
    if (spec.cron) {
        const qsizetype fields = spec.cron->simplified().split(QLatin1Char(' ')).size();
        if (blank(*spec.cron) || fields < 5 || fields > 6)
            return problem("cron", QStringLiteral("must have five or six fields"));
    }
    if (spec.parentTaskId && spec.parentTaskId->isEmpty())
        return problem("parentTaskId", QStringLiteral("must not be empty"));
    for (qsizetype i = 0; i < spec.labels.size(); ++i) {
        if (blank(spec.labels.at(i)))
            return TaskSpecProblem {QStringLiteral("labels[%1]").arg(i),
                                    QStringLiteral("must not be blank")};
    }
    if (!std::isfinite(spec.weight) || spec.weight < 0.0)
        return problem("weight", QStringLiteral("must be a finite number, at least 0"));
    return std::nullopt;
}

TaskSpec normalizedTaskSpec(TaskSpec spec)
{
    if (spec.retry) {
        Backoff &b = spec.retry->backoff;
        if (b.kind == Backoff::Kind::Fixed) {
            b.baseMs = 0;
            b.maxMs = 0;
            b.jitter = 0.0;
        } else {
            b.delayMs = 0;
        }
    }
    return spec;
}

} // namespace backend

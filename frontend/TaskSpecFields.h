#pragma once

#include "backend/domain/TaskSpec.h"

#include <QList>
#include <QString>

namespace frontend {

/// One line of a task's spec as a reader sees it: a stable key ("command", "retry", …), a
/// label and the value as text.
struct SpecField
{
    QString key;
    QString label;
    QString value;

    friend bool operator==(const SpecField &, const SpecField &) = default;
};

/// The fields of `spec` that are set (a default priority, weight or no retry policy are not),
/// in the order of a workflow file. Not the title: views show it as a heading.
[[nodiscard]] QList<SpecField> specFields(const backend::TaskSpec &spec);

/// An argument vector as one line a shell would split the same way: arguments with spaces or
/// shell syntax in single quotes.
[[nodiscard]] QString shellQuoted(const QStringList &argv);

/// A duration for people: "250 ms", "1.5 s", "2 min 5 s", "1 h 30 min".
[[nodiscard]] QString durationText(qint64 ms);

} // namespace frontend

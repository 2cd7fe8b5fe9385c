#pragma once

#include "backend/dag/WorkflowDag.h"

#include <QStringList>
#include <QTest>

#include <initializer_list>

namespace dagtest {

using backend::DependencyType;
using backend::WorkflowDag;

inline constexpr auto Blocking = DependencyType::Blocking;
inline constexpr auto Preferred = DependencyType::PreferredOrder;

struct E
{
    const char *from;
    const char *to;
    DependencyType type = DependencyType::Blocking;
};

/// A graph from node names and "from → to" edges; fails the test if any step is refused.
/// `unchecked` adds the edges with addEdgeUnchecked, so cycles and self loops are kept.
inline WorkflowDag graph(const QStringList &nodes, std::initializer_list<E> edges = {},
                         bool unchecked = false)
{
    WorkflowDag dag;
    for (const QString &id : nodes) {
        if (!dag.addNode(id))
            qFatal("cannot add node %s", qPrintable(id));
    }
    for (const E &e : edges) {
        const auto ok = unchecked
            ? dag.addEdgeUnchecked(QString::fromLatin1(e.from), QString::fromLatin1(e.to), e.type)
            : dag.addEdge(QString::fromLatin1(e.from), QString::fromLatin1(e.to), e.type);
        if (!ok)
            qFatal("cannot add edge %s → %s: %s", e.from, e.to, qPrintable(ok.error().message()));
    }
    return dag;
}

/// The seed of the first random case: fixed, unless WEFT_SEED names one to replay.
inline quint64 baseSeed()
{
    bool ok = false;
    const quint64 seed = qEnvironmentVariable("WEFT_SEED").toULongLong(&ok);
    return ok ? seed : 20261123;
}

/// How many random cases a property test tries: 300, or WEFT_ROUNDS.
inline int rounds()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("WEFT_ROUNDS", &ok);
    return ok && n > 0 ? n : 300;
}

inline QStringList ids(const char *spaceSeparated)
{
    return QString::fromLatin1(spaceSeparated).split(u' ', Qt::SkipEmptyParts);
}

inline QSet<QString> idSet(const char *spaceSeparated)
{
    const QStringList list = ids(spaceSeparated);
    return QSet<QString>(list.cbegin(), list.cend());
}

} // namespace dagtest

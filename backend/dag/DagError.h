#pragma once

#include <QString>
#include <QStringList>

namespace backend {

/// Stable codes of the ways a graph operation can fail; the numeric values never change.
enum class DagErrorCode {
    NodeNotFound = 1,
    NodeAlreadyExists = 2,
    EdgeAlreadyExists = 3,
    EdgeNotFound = 4,
    SelfLoop = 5,
    CycleDetected = 6,
    InvalidOperation = 7,
    ParseError = 8,
};

/// A failed graph operation as a value: a stable code, the nodes involved (for CycleDetected
/// the cycle in order, each node followed by the one it leads to, the last leading back to the
/// first) and a detail for a person.
struct DagError
{
    DagErrorCode code = DagErrorCode::InvalidOperation;
    QStringList nodes;
    QString detail;

    /// A short kebab-case name of the code, e.g. "cycle-detected", for logs and JSON.
    [[nodiscard]] QString codeName() const;
    /// One sentence for a person, e.g. "Adding the edge would close the cycle a → b → a."
    [[nodiscard]] QString message() const;

    static DagError nodeNotFound(const QString &id);
    static DagError nodeAlreadyExists(const QString &id);
    static DagError edgeAlreadyExists(const QString &from, const QString &to);
    static DagError edgeNotFound(const QString &from, const QString &to);
    static DagError selfLoop(const QString &id);
    static DagError cycleDetected(const QStringList &cycle);
    static DagError invalidOperation(const QString &detail);
    static DagError parseError(const QString &detail);
};

} // namespace backend

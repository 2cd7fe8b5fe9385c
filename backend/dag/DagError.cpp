#include "backend/dag/DagError.h"

namespace backend {

QString DagError::codeName() const
{
    switch (code) {
    case DagErrorCode::NodeNotFound:
        return QStringLiteral("node-not-found");
    case DagErrorCode::NodeAlreadyExists:
        return QStringLiteral("node-already-exists");
    case DagErrorCode::EdgeAlreadyExists:
        return QStringLiteral("edge-already-exists");
    case DagErrorCode::EdgeNotFound:
        return QStringLiteral("edge-not-found");
    case DagErrorCode::SelfLoop:
        return QStringLiteral("self-loop");
    case DagErrorCode::CycleDetected:
        return QStringLiteral("cycle-detected");
    case DagErrorCode::InvalidOperation:
        return QStringLiteral("invalid-operation");
    case DagErrorCode::ParseError:
        return QStringLiteral("parse-error");
    }
    return QStringLiteral("unknown");
}

QString DagError::message() const
{
    const auto quoted = [this](qsizetype i) {
        return i < nodes.size() ? u'"' + nodes.at(i) + u'"' : QStringLiteral("?");
    };
    switch (code) {
    case DagErrorCode::NodeNotFound:
        return QStringLiteral("Node %1 does not exist.").arg(quoted(0));
    case DagErrorCode::NodeAlreadyExists:
        return QStringLiteral("Node %1 already exists.").arg(quoted(0));
    case DagErrorCode::EdgeAlreadyExists:
        return QStringLiteral("An edge %1 → %2 already exists.").arg(quoted(0), quoted(1));
    case DagErrorCode::EdgeNotFound:
        return QStringLiteral("There is no edge %1 → %2.").arg(quoted(0), quoted(1));
    case DagErrorCode::SelfLoop:
        return QStringLiteral("Node %1 cannot depend on itself.").arg(quoted(0));
    case DagErrorCode::CycleDetected: {
        QStringList path = nodes;
        if (!path.isEmpty())
            path.append(path.first());
        return QStringLiteral("The blocking dependencies form a cycle: %1.")
            .arg(path.join(QStringLiteral(" → ")));
    }
    case DagErrorCode::InvalidOperation:
        return QStringLiteral("Invalid operation: %1.").arg(detail);
    case DagErrorCode::ParseError:
        return QStringLiteral("Cannot read the graph: %1.").arg(detail);
    }
    return detail;
}

DagError DagError::nodeNotFound(const QString &id)
{
    return {DagErrorCode::NodeNotFound, {id}, {}};
}

DagError DagError::nodeAlreadyExists(const QString &id)
{
    return {DagErrorCode::NodeAlreadyExists, {id}, {}};
}

DagError DagError::edgeAlreadyExists(const QString &from, const QString &to)
{
    return {DagErrorCode::EdgeAlreadyExists, {from, to}, {}};
}

DagError DagError::edgeNotFound(const QString &from, const QString &to)
{
    return {DagErrorCode::EdgeNotFound, {from, to}, {}};
}

DagError DagError::selfLoop(const QString &id)
{
    return {DagErrorCode::SelfLoop, {id}, {}};
}

DagError DagError::cycleDetected(const QStringList &cycle)
{
    return {DagErrorCode::CycleDetected, cycle, {}};
}

DagError DagError::invalidOperation(const QString &detail)
{
    return {DagErrorCode::InvalidOperation, {}, detail};
}

DagError DagError::parseError(const QString &detail)
{
    return {DagErrorCode::ParseError, {}, detail};
}

} // namespace backend

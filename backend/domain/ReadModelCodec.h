#pragma once

#include "backend/domain/CodecError.h"
#include "backend/domain/ReadModel.h"

#include <QByteArray>
#include <QJsonObject>

#include <expected>

namespace backend {

/// Version of the snapshot encoding and of the read model's shape; a snapshot of another
/// version is skipped at start-up (full replay) rather than misread.
inline constexpr int kReadModelVersion = 6;
// 2: ids in canonical UUID form as 16 bytes, other strings as UTF-8, turns nested in start
//    order with their assistant messages (ReadModelSnapshot.cpp): about a third of version 1.
// 3: same encoding; assistantMessageTurns keeps only running turns' messages, so a version 2
//    snapshot would load a model that replaying the same events no longer makes.
// 4: each workflow's scheduling strategy, after its state (WorkflowSnapshot.cpp).
// 5: each task's count of canceled attempts, after its attempt count (WorkflowSnapshot.cpp).
// 6: each project's optional default provider, after its workspace root; a thread's provider is
//    optional (a flag byte before it).

/// Compact binary encoding of the whole read model for snapshots. Fast both ways: start-up
/// from a snapshot must stay well under 200 ms for tens of thousands of threads and turns.
[[nodiscard]] QByteArray encodeSnapshot(const ReadModel &model);
std::expected<ReadModel, CodecError> decodeSnapshot(const QByteArray &data);

/// The read model as one JSON document (`weft state`): {"sequence": N, "projects": [...],
/// "threads": [...], "workflows": [...], "tasks": [...]} with projects, threads and workflows
/// sorted by id, turns in start order, tasks sorted by workflow id then task id.
[[nodiscard]] QJsonObject readModelToJson(const ReadModel &model);

} // namespace backend

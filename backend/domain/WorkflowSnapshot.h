#pragma once

#include "backend/domain/ReadModel.h"
#include "backend/domain/SnapshotPrimitives.h"

#include <QDataStream>

// Private to ReadModelSnapshot.cpp: the workflows section of a snapshot (after the threads):
// a count, each workflow with its tasks in full, then ReadModel::readySerial. Same primitive
// encodings as the rest of the snapshot; no reference tables (task ids repeat little).
namespace backend::snapshot {

void writeWorkflows(DataStreamSink &out, const ReadModel &model);

/// Reads the section into `model`; false when it is truncated or inconsistent.
[[nodiscard]] bool readWorkflows(QDataStream &in, qint64 size, ReadModel &model);

} // namespace backend::snapshot

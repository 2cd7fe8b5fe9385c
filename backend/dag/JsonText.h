#pragma once

#include <QByteArray>
#include <QStringList>
#include <QStringView>

namespace backend::json {

/// Small pieces for writing JSON straight into a byte buffer. The reports hold hundreds of
/// thousands of ids; building a QJsonDocument for them costs several times more than this.

/// Appends `text` as a quoted JSON string, UTF-8 encoded.
void appendString(QByteArray &out, QStringView text);
/// Appends the shortest text that reads back as `value` (JSON has no NaN or infinity: null).
void appendNumber(QByteArray &out, double value);
/// Appends `["a", "b"]`.
void appendStringArray(QByteArray &out, const QStringList &items);

} // namespace backend::json

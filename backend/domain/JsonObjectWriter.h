#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QString>
#include <QStringView>
#include <QVarLengthArray>

// Private to the codecs of backend/domain.
namespace backend::json {

/// Writes one JSON object straight to compact UTF-8 text, byte for byte what
/// QJsonDocument::toJson(QJsonDocument::Compact) writes for a QJsonObject given the same inserts:
/// keys in QJsonObject's order (sorted), a later insert of a key replacing the earlier one, Qt's
/// escapes. The event encoders write through it, so a payload costs one pass to the text the
/// store keeps instead of a QJsonObject and then its text; the store's older payloads, and their
/// readers, see no difference (tests/domain/tst_json_object_writer.cpp holds it to Qt's output).
class ObjectWriter
{
public:
    void insert(QLatin1StringView key, QStringView value);
    void insert(QLatin1StringView key, const QString &value) { insert(key, QStringView(value)); }
    void insert(QLatin1StringView key, bool value);
    void insert(QLatin1StringView key, int value) { insert(key, qint64(value)); }
    void insert(QLatin1StringView key, qint64 value);
    /// Nested and generic values are written by Qt's own writer: they are rare on the hot path.
    void insert(QLatin1StringView key, const QJsonObject &value);
    void insert(QLatin1StringView key, const QJsonArray &value);
    void insert(QLatin1StringView key, const QJsonValue &value);
    // A character pointer would silently become a bool.
    void insert(QLatin1StringView key, const char *value) = delete;

    /// The object's text; the writer is left empty.
    [[nodiscard]] QByteArray take();

private:
    struct Field
    {
        QLatin1StringView key;
        qsizetype begin = 0; ///< the value's text in m_values
        qsizetype end = 0;
    };

    /// Starts the value of `key` in m_values (forgetting an earlier value of the same key).
    void beginValue(QLatin1StringView key);
    void endValue() { m_fields.back().end = m_values.size(); }

    QVarLengthArray<Field, 12> m_fields;
    QByteArray m_values;
};

/// Appends `text` to `out` as a JSON string (quotes included), escaped as Qt's JSON writer does.
void appendJsonString(QByteArray &out, QStringView text);

} // namespace backend::json

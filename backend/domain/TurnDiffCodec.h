#pragma once

#include "backend/domain/JsonFields.h"

#include <QJsonArray>

// Private to the codecs of backend/domain: the wire shape of a turn's changed files and of a
// list of turn ids, shared by thread.turn.diff.complete / thread.turn.diff-completed and
// thread.reverted.
namespace backend::json {

inline QJsonArray turnDiffFilesToJson(const QList<TurnDiffFile> &files)
{
    QJsonArray out;
    for (const TurnDiffFile &f : files)
        out.append(QJsonObject {{QStringLiteral("path"), f.path},
                                {QStringLiteral("kind"), f.kind},
                                {QStringLiteral("additions"), f.additions},
                                {QStringLiteral("deletions"), f.deletions},
                                {QStringLiteral("binary"), f.binary}});
    return out;
}

/// Reads `key` as an array of files ({path, kind, additions, deletions, binary}); absent is
/// an empty list. A malformed element is recorded on `r` by its path ("files[2].path").
inline QList<TurnDiffFile> readTurnDiffFiles(FieldReader &r, QLatin1StringView key)
{
    QList<TurnDiffFile> out;
    if (r.error() || r.isAbsent(key))
        return out;
    const QJsonValue value = r.value(key);
    if (!value.isArray()) {
        r.fail(CodecError::Code::InvalidField, key, QStringLiteral("must be an array"));
        return out;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject()) {
            r.fail(CodecError::Code::InvalidField, key,
                   QStringLiteral("must hold objects (element %1 is not)").arg(i));
            return out;
        }
        const QJsonObject o = array.at(i).toObject();
        FieldReader item(o, r.path(key) + QStringLiteral("[%1]").arg(i));
        TurnDiffFile f;
        f.path = item.string(QLatin1StringView("path"), FieldReader::Content::NonEmpty);
        f.kind = item.string(QLatin1StringView("kind"), FieldReader::Content::NonEmpty);
        f.additions = int(item.integer(QLatin1StringView("additions")));
        f.deletions = int(item.integer(QLatin1StringView("deletions")));
        f.binary = item.boolean(QLatin1StringView("binary"), false);
        if (item.error()) {
            r.adopt(*item.error());
            return out;
        }
        out.append(f);
    }
    return out;
}

inline QJsonArray turnIdsToJson(const QList<TurnId> &ids)
{
    QJsonArray out;
    for (const TurnId &id : ids)
        out.append(id.value);
    return out;
}

/// Reads `key` as an array of non-empty turn id strings; absent is an empty list.
inline QList<TurnId> readTurnIds(FieldReader &r, QLatin1StringView key)
{
    QList<TurnId> out;
    if (r.error() || r.isAbsent(key))
        return out;
    const QJsonValue value = r.value(key);
    if (!value.isArray()) {
        r.fail(CodecError::Code::InvalidField, key, QStringLiteral("must be an array"));
        return out;
    }
    for (const QJsonValue &v : value.toArray()) {
        if (!v.isString() || v.toString().isEmpty() || v.toString().size() > kMaxIdLength) {
            r.fail(CodecError::Code::InvalidField, key, QStringLiteral("must hold turn ids"));
            return out;
        }
        out.append(TurnId(v.toString()));
    }
    return out;
}

} // namespace backend::json

#pragma once

#include <QAbstractItemModel>
#include <QVariantMap>

namespace frontend {

/// Row `row` of a list model as an object of its roles by name (the models' `get(row)` for
/// views, tests and scripts); empty when out of range.
[[nodiscard]] inline QVariantMap rowAsMap(const QAbstractItemModel &model, int row)
{
    QVariantMap map;
    if (row < 0 || row >= model.rowCount())
        return map;
    const QModelIndex at = model.index(row, 0);
    const QHash<int, QByteArray> names = model.roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        map.insert(QString::fromLatin1(it.value()), model.data(at, it.key()));
    return map;
}

} // namespace frontend

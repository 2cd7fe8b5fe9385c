#pragma once

#include <QString>

namespace backend {

/// Why the store could not do what was asked: a stable code and a one-line sentence.
struct PersistenceError
{
    enum class Code {
        OpenFailed, ///< the file cannot be opened or created (permissions, missing folder)
        NotADatabase, ///< the file is not SQLite, or its header is damaged
        NotWeft, ///< a SQLite database written by another application
        NewerSchema, ///< written by a newer Weft; refused so nothing is lost
        Corrupt, ///< SQLite reported corruption while reading or writing
        QueryFailed, ///< any other SQL failure (disk full, I/O error, locked)
        Conflict, ///< a uniqueness rule was broken (stream version, event id, receipt)
    };

    Code code;
    QString message;

    /// The stable snake_case name of the code, e.g. "newer_schema".
    [[nodiscard]] QString codeName() const;
};

} // namespace backend

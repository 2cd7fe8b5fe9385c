#pragma once

// Runs the real `weft` binary (path from the WEFT_BINARY environment variable, set by ctest).

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QStringList>

namespace testing {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    /// stdout as JSON objects, one per complete line.
    [[nodiscard]] QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> lines;
        for (const QByteArray &line : out.split('\n')) {
            if (!line.trimmed().isEmpty())
                lines.append(QJsonDocument::fromJson(line).object());
        }
        return lines;
    }
};

inline QString weftBinary()
{
    return qEnvironmentVariable("WEFT_BINARY");
}

inline CliResult runWeft(const QStringList &args, const QByteArray &input = {})
{
    QProcess process;
    process.start(weftBinary(), args);
    CliResult result;
    if (!process.waitForStarted(30000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

inline QByteArray jsonl(const QList<QJsonObject> &objects)
{
    QByteArray bytes;
    for (const QJsonObject &o : objects)
        bytes += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    return bytes;
}

} // namespace testing

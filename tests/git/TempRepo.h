#pragma once

// A temporary git repository for the git and checkpoint tests, made and inspected with the
// `git` command line (so libgit2 is checked against the real thing).

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

namespace testing {

struct TempRepo
{
    QTemporaryDir dir;
    QString path;

    TempRepo() { path = dir.filePath(QStringLiteral("repo")); }

    /// `git init` with an identity and one commit holding `files` (when any).
    bool init(const QHash<QString, QByteArray> &files = {})
    {
        QDir().mkpath(path);
        if (!run({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                  QStringLiteral("main")}))
            return false;
        run({QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Test")});
        run({QStringLiteral("config"), QStringLiteral("user.email"),
             QStringLiteral("t@example.invalid")});
        if (files.isEmpty())
            return true;
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            write(it.key(), it.value());
        return commitAll(QStringLiteral("initial"));
    }

    bool commitAll(const QString &message)
    {
        return run({QStringLiteral("add"), QStringLiteral("-A")})
            && run({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), message});
    }

    /// Runs git in the repository; `out` gets its trimmed stdout.
    bool run(const QStringList &args, QString *out = nullptr, const QString &cwd = {}) const
    {
        QProcess git;
        git.setWorkingDirectory(cwd.isEmpty() ? path : cwd);
        git.start(QStringLiteral("git"), args);
        if (!git.waitForFinished(60'000))
            return false;
        if (out)
            *out = QString::fromUtf8(git.readAllStandardOutput()).trimmed();
        if (git.exitCode() != 0)
            qWarning("git %s: %s", qPrintable(args.join(u' ')),
                     git.readAllStandardError().constData());
        return git.exitStatus() == QProcess::NormalExit && git.exitCode() == 0;
    }

    [[nodiscard]] QString output(const QStringList &args) const
    {
        QString out;
        run(args, &out);
        return out;
    }

    [[nodiscard]] QString file(const QString &rel) const { return path + u'/' + rel; }

    void write(const QString &rel, const QByteArray &bytes) const
    {
        QDir().mkpath(QFileInfo(file(rel)).path());
        QFile f(file(rel));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(bytes);
    }

    [[nodiscard]] QByteArray read(const QString &rel) const
    {
        QFile f(file(rel));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    [[nodiscard]] bool exists(const QString &rel) const { return QFileInfo::exists(file(rel)); }

    void remove(const QString &rel) const { QFile::remove(file(rel)); }
};

} // namespace testing

// Terminal view benchmark (docs/BENCHMARKS.md, "Terminal view (issue 6)"):
//  1. output → screen: `cat` of a file of coloured lines in a real shell, from the write of the
//     command to the GUI model's screen showing the file's last line (pty, the backend's
//     libvterm screen, the `output` events, the GUI's own screen and its coalesced updates);
//  2. paint: TerminalItem::paint of a full screen of coloured text into an image, per frame,
//     with and without a selection across the whole screen, and of plain text.
// --quick uses a smaller file and fewer frames (what `make bench` runs).
#include "frontend/AppClient.h"
#include "frontend/TerminalItem.h"
#include "frontend/TerminalModel.h"
#include "tests/bench/gui/GuiBench.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

constexpr int kColumns = 200;
constexpr int kRows = 60;

using bench::percentile;
using bench::waitUntil;

/// `lines` lines as `ls --color` might colour them, but denser: every word in one of the 16
/// colours, every third bold, every seventh on a background, to the screen's full width.
QByteArray colouredLines(int lines, const QByteArray &last)
{
    QByteArray out;
    for (int i = 0; i < lines; ++i) {
        QByteArray line;
        int width = 0;
        for (int word = 0; width + 9 <= kColumns - 1; ++word, width += 9) {
            const int colour = (i + word) % 16;
            line += "\x1b[" + QByteArray(word % 3 == 0 ? "1;" : "")
                + QByteArray::number(colour < 8 ? 30 + colour : 90 + colour - 8)
                + (word % 7 == 0 ? ";44" : "") + "m"
                + QByteArray::number(i * 100 + word).rightJustified(8, '0') + "\x1b[0m ";
        }
        out += line + "\n";
    }
    return out + last + "\n";
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int fileLines = quick ? 2000 : 20000;
    const int frames = quick ? 50 : 300;

    QTemporaryDir dir;
    const QString workspace = dir.filePath(QStringLiteral("ws"));
    QDir().mkpath(workspace);
    QFile file(QDir(workspace).filePath(QStringLiteral("coloured.txt")));
    const QByteArray content = colouredLines(fileLines, "END-OF-OUTPUT");
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return 1;
    file.close();
    QFile plain(QDir(workspace).filePath(QStringLiteral("plain.txt")));
    QByteArray plainText;
    for (int i = 0; i < kRows * 2; ++i)
        plainText += QByteArray::number(i).repeated(kColumns).left(kColumns - 1) + "\n";
    plainText += "END-OF-PLAIN\n";
    if (!plain.open(QIODevice::WriteOnly) || plain.write(plainText) != plainText.size())
        return 1;
    plain.close();

    frontend::AppClient client(dir.filePath(QStringLiteral("weft.sqlite")));
    waitUntil([&] { return client.isReady(); });
    const QString project
        = client.createProject(QStringLiteral("P"), workspace)[QStringLiteral("id")].toString();
    const QString thread = client
                               .createThread(project, QStringLiteral("T"),
                                             QStringLiteral("shell"))[QStringLiteral("id")]
                               .toString();
    waitUntil([&] { return !client.workspaceOf(thread).isEmpty(); });
    frontend::TerminalModel model;
    model.setClient(&client);
    model.setThreadId(thread);
    model.resize(kColumns, kRows);
    model.open();
    if (!waitUntil([&] { return model.isRunning(); }))
        return 2;

    // 1. output → screen
    QElapsedTimer clock;
    clock.start();
    model.write(QStringLiteral("cat coloured.txt\r"));
    if (!waitUntil([&] { return model.lines().contains(QStringLiteral("END-OF-OUTPUT")); }))
        return 3;
    const double catMs = double(clock.nsecsElapsed()) / 1e6;
    std::printf("output   cat of %d coloured lines (%.1f MB, %d×%d screen) → on the GUI's screen: "
                "%.0f ms (%.1f MB/s)\n",
                fileLines, double(content.size()) / 1e6, kColumns, kRows, catMs,
                double(content.size()) / 1e6 / (catMs / 1000));

    // 2. paint: the screen holds the file's last lines, scrolled back so every row is coloured.
    model.scrollBy(2);
    frontend::TerminalItem item;
    item.setModel(&model);
    item.setSize(QSizeF(kColumns * item.cellWidth(), kRows * item.cellHeight()));
    QImage image(item.size().toSize(), QImage::Format_ARGB32_Premultiplied);
    const auto paintFrames = [&](const char *what) {
        std::vector<double> times;
        for (int i = 0; i < frames; ++i) {
            QPainter painter(&image);
            QElapsedTimer timer;
            timer.start();
            item.paint(&painter);
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        std::printf("paint    %d×%d cells, %dx%d px, %s: p50 %.2f ms  p99 %.2f ms  max %.2f ms "
                    "(%d frames)\n",
                    kColumns, kRows, image.width(), image.height(), what, percentile(times, 50),
                    percentile(times, 99), percentile(times, 100), frames);
    };
    paintFrames("coloured text");
    const int first = model.scrollbackSize() - model.scrollOffset();
    model.select(first, 0, first + kRows - 1, kColumns);
    paintFrames("all selected");
    model.clearSelection();

    // Plain text in the default colours: one run a row.
    model.write(QStringLiteral("cat plain.txt\r"));
    if (!waitUntil([&] { return model.lines().contains(QStringLiteral("END-OF-PLAIN")); }))
        return 4;
    model.scrollBy(2);
    paintFrames("plain text");
    model.close();
    return 0;
}

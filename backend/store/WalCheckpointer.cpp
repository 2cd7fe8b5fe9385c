#include "backend/store/WalCheckpointer.h"

#include <QLoggingCategory>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcCheckpointer, "weft.store.checkpoint", QtWarningMsg)

namespace backend::store {

namespace {

// The writer holds its lock only for a commit; a checkpoint that meets it waits this long for
// the database file's locks rather than giving up at once.
constexpr int kBusyTimeoutMs = 1000;

} // namespace

WalCheckpointer::WalCheckpointer(const QString &path)
{
    sqlite3 *db = nullptr;
    const QByteArray file = path.toUtf8();
    // NOMUTEX: this connection is used by the checkpoint thread alone.
    const int rc = sqlite3_open_v2(file.constData(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        qCDebug(lcCheckpointer) << "no checkpoint connection for" << path << ":"
                                << (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return;
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // A connection learns that the file is in WAL mode when it first reads it; until then a
    // checkpoint through it does nothing.
    if (sqlite3_exec(db, "PRAGMA user_version", nullptr, nullptr, nullptr) != SQLITE_OK) {
        qCDebug(lcCheckpointer) << "cannot read" << path << ":" << sqlite3_errmsg(db);
        sqlite3_close(db);
        return;
    }
    m_db = db;
    m_thread = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer()
{
    if (m_thread.joinable()) {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    sqlite3_close(m_db);
}

void WalCheckpointer::request()
{
    if (!m_db) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_wake.notify_one();
}

void WalCheckpointer::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return (!m_requested && !m_running) || !m_db; });
}

WalCheckpointer::Progress WalCheckpointer::progress() const
{
    std::lock_guard lock(m_mutex);
    return m_progress;
}

void WalCheckpointer::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_requested || m_stopping; });
        if (m_stopping) {
            break;
        }
        m_requested = false;
        m_running = true;
        lock.unlock();
        int logFrames = 0;
        int copied = 0;
        const int rc = sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 &logFrames, &copied);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
            qCWarning(lcCheckpointer) << "checkpoint failed:" << sqlite3_errmsg(m_db);
        }
        lock.lock();
        m_running = false;
        ++m_progress.runs;
        m_progress.walFrames = logFrames;
        m_progress.copiedFrames = copied;
        if (!m_requested) {
            m_idle.notify_all();
        }
    }
    m_running = false;
    m_requested = false;
    m_idle.notify_all();
}

} // namespace backend::store

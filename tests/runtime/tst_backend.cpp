// The queued channel and the backend command loop, across real threads.

#include "backend/runtime/Backend.h"
#include "tests/support/AppEventLog.h"
#include "tests/support/Commands.h"

#include <QCoro/QCoroTask>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace backend;
using namespace testing;

namespace {

template<class... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};

QCoro::Task<QList<int>> receiveAll(Channel<int> &channel)
{
    QList<int> values;
    while (auto value = co_await channel.receive())
        values.append(*value);
    co_return values;
}

} // namespace

class BackendTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    BackendConfig config()
    {
        BackendConfig c;
        c.databasePath = m_dir.filePath(QStringLiteral("weft-%1.sqlite").arg(++m_counter));
        return c;
    }

private Q_SLOTS:
    void given_several_sender_threads_when_values_sent_then_receiver_gets_all_in_order_per_sender()
    {
        Channel<int> channel;
        constexpr int kSenders = 4;
        constexpr int kPerSender = 5000;
        QList<QThread *> senders;
        for (int s = 0; s < kSenders; ++s) {
            senders.append(QThread::create([&channel, s] {
                for (int i = 0; i < kPerSender; ++i)
                    channel.send(s * kPerSender + i);
            }));
            senders.last()->start();
        }
        QThread *closer = QThread::create([&] {
            for (QThread *t : senders)
                t->wait();
            channel.close();
        });
        closer->start();

        const QList<int> values = QCoro::waitFor(receiveAll(channel));

        closer->wait();
        delete closer;
        qDeleteAll(senders);
        QCOMPARE(values.size(), kSenders * kPerSender);
        QList<int> last(kSenders, -1);
        for (int v : values) {
            const int sender = v / kPerSender;
            QVERIFY2(v > last[sender], "a sender's values arrived out of order");
            last[sender] = v;
        }
        QVERIFY(!channel.send(1)); // closed
    }

    void given_value_sent_before_any_listener_when_one_registers_then_it_is_woken()
    {
        Channel<int> channel;
        QVERIFY(channel.send(7));
        QObject context;
        QList<int> received;
        channel.onReady(&context, [&] {
            for (int value : channel.takeAll())
                received.append(value);
        });
        QTRY_COMPARE(received, QList<int> {7});
    }

    void given_backend_thread_when_project_create_sent_then_domain_event_reaches_this_thread()
    {
        BackendThread backend(config());
        EventLog log(backend.events());
        QTRY_COMPARE(log.all<AppEvent::Ready>().size(), 1);
        QCOMPARE(log.all<AppEvent::Ready>().first().model.sequence, 0);

        backend.commands().send(orchestration(projectCreate("p1", "/work/p1")));

        QTRY_COMPARE(log.all<AppEvent::DomainEvent>().size(), 1);
        const StoredEvent event = log.all<AppEvent::DomainEvent>().first().event;
        QCOMPARE(event.type, QStringLiteral("project.created"));
        QCOMPARE(event.aggregateId, QStringLiteral("p1"));
    }

    void given_backend_thread_when_refused_command_sent_then_command_rejected_with_sentence()
    {
        BackendThread backend(config());
        EventLog log(backend.events());
        ThreadCreate orphan = threadCreate("t1", "nowhere");
        backend.commands().send(orchestration(orphan));

        QTRY_COMPARE(log.all<AppEvent::CommandRejected>().size(), 1);
        const auto rejected = log.all<AppEvent::CommandRejected>().first();
        QCOMPARE(rejected.commandId, orphan.commandId.value);
        QCOMPARE(rejected.code, QStringLiteral("project_not_found"));
        QVERIFY(rejected.message.contains(QStringLiteral("nowhere")));
        QVERIFY(log.all<AppEvent::DomainEvent>().isEmpty());
    }

    void given_many_queued_commands_when_backend_runs_then_all_stored_in_fifo_order()
    {
        BackendThread backend(config());
        EventLog log(backend.events());
        backend.commands().send(orchestration(projectCreate("p1", "/work/p1")));
        backend.commands().send(orchestration(threadCreate("t1", "p1")));
        constexpr int kTurns = 200;
        for (int i = 0; i < kTurns; ++i) {
            const QString turn = QStringLiteral("turn-%1").arg(i);
            backend.commands().send(orchestration(turnStart("t1", turn, turn + "-m")));
            backend.commands().send(orchestration(turnComplete("t1", turn)));
        }

        QTRY_COMPARE_WITH_TIMEOUT(log.all<AppEvent::DomainEvent>().size(), 2 + kTurns * 5, 20000);
        QVERIFY(log.all<AppEvent::CommandRejected>().isEmpty());
        qint64 sequence = 0;
        for (const auto &e : log.all<AppEvent::DomainEvent>()) {
            QCOMPARE(e.event.sequence, sequence + 1);
            sequence = e.event.sequence;
        }
    }

    void given_backend_thread_when_terminal_opened_without_folder_then_cwd_missing_error()
    {
        BackendThread backend(config());
        EventLog log(backend.events());
        backend.commands().send(
            AppCommand {AppCommand::Terminal {TerminalRequest {QStringLiteral("r1"),
                                                               QStringLiteral("t1"),
                                                               QStringLiteral("term"),
                                                               QStringLiteral("open"),
                                                               {}}}});
        QTRY_COMPARE(log.all<AppEvent::TerminalEvent>().size(), 1);
        const auto answer = log.all<AppEvent::TerminalEvent>().first();
        QCOMPARE(answer.requestId, QStringLiteral("r1"));
        QCOMPARE(answer.kind, QStringLiteral("error"));
        QCOMPARE(answer.code, QStringLiteral("cwd_missing"));
    }

    void given_backend_thread_when_git_status_without_path_then_invalid_argument_error()
    {
        BackendThread backend(config());
        EventLog log(backend.events());
        backend.commands().send(AppCommand {
            AppCommand::Git {GitRequest {QStringLiteral("g1"), QStringLiteral("status"), {}}}});
        QTRY_COMPARE(log.all<AppEvent::GitEvent>().size(), 1);
        QCOMPARE(log.all<AppEvent::GitEvent>().first().code, QStringLiteral("invalid_argument"));
    }

    void given_garbage_database_file_when_backend_starts_then_failed_event_and_file_untouched()
    {
        BackendConfig c = config();
        QFile file(c.databasePath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray garbage(4096, 'x');
        file.write(garbage);
        file.close();

        BackendThread backend(c);
        EventLog log(backend.events());
        QTRY_COMPARE(log.all<AppEvent::Failed>().size(), 1);
        QVERIFY(!log.all<AppEvent::Failed>().first().message.isEmpty());
        backend.stop();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), garbage);
    }
};

QTEST_GUILESS_MAIN(BackendTest)
#include "tst_backend.moc"

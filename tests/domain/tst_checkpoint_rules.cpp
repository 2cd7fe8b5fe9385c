// The rules of the checkpoint commands (thread.turn.diff.complete, thread.checkpoint.revert)
// and the fold of their events: given a history, when decided or projected, then exactly this.

#include "DomainFixtures.h"

#include "backend/domain/Decider.h"
#include "backend/domain/Projector.h"

#include <QTest>

using namespace backend;
using namespace fixtures;
using Code = DeciderError::Code;
using Decision = std::expected<QList<Event>, DeciderError>;

namespace {

const TurnId kTurn3 {u"turn-3"_s};
const MessageId kUserMessage3 {u"message-user-3"_s};
const QString kRef = u"refs/weft/checkpoints/thread-1/turn/1"_s;

void thenEvents(const Decision &decision, const QList<Event> &expected)
{
    if (!decision) {
        QFAIL(qPrintable(
            u"refused with %1: %2"_s.arg(decision.error().codeName(), decision.error().message)));
    }
    QCOMPARE(describe(*decision), describe(expected));
    QVERIFY(sameEvents(*decision, expected));
}

void thenRefused(const Decision &decision, Code code)
{
    if (decision)
        QFAIL(qPrintable(u"accepted: "_s + describe(*decision).join(u"; "_s)));
    QCOMPARE(decision.error().codeName(), codeName(code));
    QVERIFY2(!decision.error().message.isEmpty(), "a refusal carries a sentence for a person");
}

ReadModel givenThreeCompletedTurns()
{
    return given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                  turnCompleted(kTurn1), turnStarted(kTurn2, kUserMessage2), turnCompleted(kTurn2),
                  turnStarted(kTurn3, kUserMessage3), turnCompleted(kTurn3)});
}

ThreadTurnDiffComplete diffComplete(const TurnId &turn, int count, QString ref = kRef)
{
    return ThreadTurnDiffComplete {
        kCommand, kThread,        turn,
        count,    std::move(ref), {TurnDiffFile {u"src/a.cpp"_s, u"modified"_s, 3, 1, false}}};
}

ThreadCheckpointRevert revert(int turnCount)
{
    return ThreadCheckpointRevert {kCommand, kThread, turnCount};
}

} // namespace

class TestCheckpointRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void given_a_completed_turn_when_its_diff_completes_then_diff_completed()
    {
        const ReadModel model = given({projectCreated(), threadCreated(),
                                       turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

        const auto decision = decide(diffComplete(kTurn1, 1), model);

        thenEvents(decision,
                   {ThreadTurnDiffCompleted {
                       kThread,
                       kTurn1,
                       1,
                       kRef,
                       {TurnDiffFile {u"src/a.cpp"_s, u"modified"_s, 3, 1, false}}}});
    }

    void given_an_archived_thread_when_a_turns_diff_completes_then_diff_completed()
    {
        const ReadModel model
            = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                     turnCompleted(kTurn1), threadArchived()});

        const auto decision = decide(diffComplete(kTurn1, 1), model);

        QVERIFY(decision.has_value());
    }

    void given_a_thread_when_an_unknown_turns_diff_completes_then_invalid_command()
    {
        const auto decision = decide(diffComplete(kTurn2, 1), givenThread());

        thenRefused(decision, Code::InvalidCommand);
    }

    void given_a_completed_turn_when_its_diff_has_no_checkpoint_then_invalid_command()
    {
        const ReadModel model = given({projectCreated(), threadCreated(),
                                       turnStarted(kTurn1, kUserMessage1), turnCompleted(kTurn1)});

        thenRefused(decide(diffComplete(kTurn1, 0), model), Code::InvalidCommand);
        thenRefused(decide(diffComplete(kTurn1, 1, QString()), model), Code::InvalidCommand);
    }

    void given_a_deleted_thread_when_a_turns_diff_completes_then_thread_deleted()
    {
        const ReadModel model
            = given({projectCreated(), threadCreated(), turnStarted(kTurn1, kUserMessage1),
                     turnCompleted(kTurn1), threadDeleted()});

        thenRefused(decide(diffComplete(kTurn1, 1), model), Code::ThreadDeleted);
    }

    void given_three_turns_when_reverting_to_turn_one_then_reverted_removing_the_later_two()
    {
        const auto decision = decide(revert(1), givenThreeCompletedTurns());

        thenEvents(decision, {ThreadReverted {kThread, 1, {kTurn2, kTurn3}}});
    }

    void given_three_turns_when_reverting_to_zero_then_every_turn_is_removed()
    {
        const auto decision = decide(revert(0), givenThreeCompletedTurns());

        thenEvents(decision, {ThreadReverted {kThread, 0, {kTurn1, kTurn2, kTurn3}}});
    }

    void given_three_turns_when_reverting_to_the_last_then_reverted_removing_none()
    {
        const auto decision = decide(revert(3), givenThreeCompletedTurns());

        thenEvents(decision, {ThreadReverted {kThread, 3, {}}});
    }

    void given_three_turns_when_reverting_beyond_them_then_invalid_command()
    {
        thenRefused(decide(revert(4), givenThreeCompletedTurns()), Code::InvalidCommand);
        thenRefused(decide(revert(-1), givenThreeCompletedTurns()), Code::InvalidCommand);
    }

    void given_a_running_turn_when_reverting_then_turn_already_running()
    {
        thenRefused(decide(revert(0), givenRunningTurn()), Code::TurnAlreadyRunning);
    }

    void given_an_archived_thread_when_reverting_then_thread_archived()
    {
        const ReadModel model = given({projectCreated(), threadCreated(), threadArchived()});

        thenRefused(decide(revert(0), model), Code::ThreadArchived);
    }

    void given_three_turns_when_reverted_to_one_then_model_keeps_only_the_first()
    {
        ReadModel model = givenThreeCompletedTurns();

        apply(model, ThreadReverted {kThread, 1, {kTurn2, kTurn3}}, kAt);

        const ThreadView *t = model.thread(kThread);
        QVERIFY(t);
        QCOMPARE(t->turnOrder, QList<TurnId> {kTurn1});
        QCOMPARE(t->turns.keys(), QList<TurnId> {kTurn1});
        QCOMPARE(t->latestTurnId, std::optional<TurnId>(kTurn1));
        QVERIFY(!t->runningTurnId);
    }

    void given_a_revert_when_a_new_turn_starts_then_it_is_numbered_after_the_kept_turns()
    {
        ReadModel model = givenThreeCompletedTurns();
        apply(model, ThreadReverted {kThread, 1, {kTurn2, kTurn3}}, kAt);

        // The removed turn's id is free again; its user message id is not.
        const auto decision = decide(startTurn(kTurn2, MessageId(u"message-user-4"_s)), model);
        QVERIFY(decision.has_value());
        for (const Event &e : *decision)
            apply(model, e, kAt);

        QCOMPARE(model.thread(kThread)->turnOrder, (QList<TurnId> {kTurn1, kTurn2}));
    }

    void given_a_turn_when_its_diff_completed_is_folded_then_turns_are_unchanged()
    {
        ReadModel model = givenThreeCompletedTurns();
        const ReadModel before = model;

        apply(model, ThreadTurnDiffCompleted {kThread, kTurn1, 1, kRef, {}}, kAt);

        QCOMPARE(model.thread(kThread)->turns, before.thread(kThread)->turns);
        QCOMPARE(model.thread(kThread)->turnOrder, before.thread(kThread)->turnOrder);
    }
};

QTEST_GUILESS_MAIN(TestCheckpointRules)
#include "tst_checkpoint_rules.moc"

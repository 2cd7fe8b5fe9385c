#pragma once

// Dispatching through a frontend client in tests of the GUI's models: the command goes the
// way a user action goes, and the test waits for the backend's answer.

#include "frontend/AppClient.h"

#include <QSignalSpy>
#include <QTest>

namespace testing {

/// Dispatches `command` and waits until the backend answered; false on a refusal (its reason
/// goes to the test log) or when no answer came.
inline bool dispatchAndWait(frontend::AppClient &client, backend::Command command)
{
    QSignalSpy rejected(&client, &frontend::AppClient::commandRejected);
    const QString id = client.dispatch(std::move(command));
    if (!QTest::qWaitFor([&] { return !client.isPending(id); }, 20'000))
        return false;
    if (!rejected.isEmpty())
        qWarning() << "refused:" << rejected.first();
    return rejected.isEmpty();
}

} // namespace testing

#pragma once

#include "backend/runtime/Backend.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace frontend {

/// The GUI's handle on the backend: starts the backend thread on a database, sends user
/// actions as AppCommands and follows the AppEvents that come back.
class AppClient : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("AppClient is created by the application")
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(QString databasePath READ databasePath CONSTANT)
    Q_PROPERTY(int projectCount READ projectCount NOTIFY modelChanged)
    Q_PROPERTY(int threadCount READ threadCount NOTIFY modelChanged)
    Q_PROPERTY(qint64 sequence READ sequence NOTIFY modelChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY errorOccurred)

public:
    explicit AppClient(const QString &databasePath, QObject *parent = nullptr);
    ~AppClient() override;

    [[nodiscard]] bool isReady() const { return m_ready; }
    [[nodiscard]] QString databasePath() const { return m_databasePath; }
    [[nodiscard]] int projectCount() const;
    [[nodiscard]] int threadCount() const;
    [[nodiscard]] qint64 sequence() const { return m_model.sequence; }
    [[nodiscard]] QString lastError() const { return m_lastError; }
    [[nodiscard]] const backend::ReadModel &model() const { return m_model; }

    /// Creates a project at a workspace folder; returns the command id.
    Q_INVOKABLE QString createProject(const QString &title, const QString &workspaceRoot);

Q_SIGNALS:
    void readyChanged();
    void modelChanged();
    void errorOccurred(const QString &message);

private:
    void onEvents();
    void send(backend::Command command);

    QString m_databasePath;
    std::unique_ptr<backend::BackendThread> m_backend;
    backend::ReadModel m_model;
    bool m_ready = false;
    QString m_lastError;
};

} // namespace frontend

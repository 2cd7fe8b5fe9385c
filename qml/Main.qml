import QtQuick
import QtQuick.Controls
import Weft.Frontend

// The application window: the whole interface is MainView, so tests can load it on its own.
ApplicationWindow {
    id: window

    required property AppClient client

    width: 1280
    height: 800
    visible: true
    title: mainView.windowTitle

    MainView {
        id: mainView
        objectName: "mainView"
        anchors.fill: parent
        client: window.client
    }
}

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Chooses a provider: the first choice `noneText` (when `offersNone`: "Project default" for a
// thread, "None" for a project), a preset by name, or a custom command template (kind
// "process", the words of the field, "{message}" standing for the turn's text). `kind` is ""
// for the first choice.
ColumnLayout {
    id: root

    property var presets: []
    property bool offersNone: true
    property string noneText: qsTr("None")
    property alias combo: combo
    property alias templateField: templateField

    readonly property int presetOffset: offersNone ? 1 : 0
    readonly property bool custom: combo.currentIndex === combo.count - 1
    readonly property string kind: custom ? "process"
        : combo.currentIndex < presetOffset ? "" : combo.currentText
    readonly property var commandTemplate: custom
        ? templateField.text.trim().split(/\s+/).filter(s => s.length > 0) : []

    // Shows a provider: a preset by its name, anything else as a custom template; "" is the
    // first choice.
    function select(kind, commandTemplate) {
        const words = commandTemplate ?? []
        const preset = root.presets.indexOf(kind)
        templateField.text = words.join(" ")
        if (kind.length === 0)
            combo.currentIndex = 0
        else if (preset >= 0 && words.length === 0)
            combo.currentIndex = preset + root.presetOffset
        else
            combo.currentIndex = combo.count - 1
    }

    spacing: 4

    ComboBox {
        id: combo
        objectName: "providerCombo"
        Layout.fillWidth: true
        model: (root.offersNone ? [root.noneText] : []).concat(root.presets)
                                                      .concat([qsTr("Custom command…")])
        Accessible.name: qsTr("Provider")
    }
    TextField {
        id: templateField
        objectName: "providerTemplateField"
        Layout.fillWidth: true
        visible: root.custom
        placeholderText: qsTr("my-agent --prompt {message}")
        Accessible.name: qsTr("Command template")
    }
}

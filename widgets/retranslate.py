"""Texts that follow the UI language without rebuilding a widget.

A widget sets each fixed text through :func:`retext`: ``retext(self, lambda: self.ok.setText(self.tr("OK")))``
applies the text now and keeps the function; :func:`retranslate` (called by the window after a language
switch) runs every kept function of a widget tree again, then the tree's ``retranslate_ui()`` hooks, which
re-render texts made from data (a status line, a table's contents) in the new language.  Nothing is
rebuilt: what the user selected, typed, scrolled to or plotted stays as it is.

The ``self.tr("...")`` calls stay literal inside the lambdas, so ``pyside6-lupdate`` still finds them.

Run alone: ``python -m widgets.retranslate`` shows a label and a button that switch text on a click.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

_ATTR = "_retext_functions"


def retext(owner: QObject, apply: Callable[[], None]) -> None:
    """Run ``apply()`` now and again on every :func:`retranslate` of ``owner`` (or of a widget above it)."""
    apply()
    functions = getattr(owner, _ATTR, None)
    if functions is None:
        functions = []
        setattr(owner, _ATTR, functions)
    functions.append(apply)


def form_row(owner: QObject, form, text: Callable[[], str], field) -> None:
    """``form.addRow(text(), field)`` with a label that follows the language (``form``: a QFormLayout;
    ``field``: a widget or a layout)."""
    from PySide6.QtWidgets import QLabel

    label = QLabel(owner if owner.isWidgetType() else None)
    form.addRow(label, field)
    retext(owner, lambda: label.setText(text()))


def retranslate(root: QObject) -> int:
    """Set the kept texts of ``root`` and every object below it in the current language, then call each one's
    ``retranslate_ui()``, children before their parent.  Returns how many objects were visited."""
    objects = [root, *root.findChildren(QObject)]
    for obj in objects:
        for apply in getattr(obj, _ATTR, ()):
            try:
                apply()
            except RuntimeError:  # a widget the function names is gone (its C++ object deleted)
                pass
    for obj in reversed(objects):
        hook = getattr(obj, "retranslate_ui", None)
        if callable(hook):
            try:
                hook()
            except RuntimeError:
                pass
    return len(objects)


if __name__ == "__main__":  # pragma: no cover - manual demo
    import sys

    from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

    app = QApplication(sys.argv)
    words = {"en": ("Hello", "Switch"), "ko": ("안녕하세요", "전환")}
    state = {"lang": "en"}
    w = QWidget()
    lay = QVBoxLayout(w)
    label, button = QLabel(w), QPushButton(w)
    lay.addWidget(label)
    lay.addWidget(button)
    retext(w, lambda: label.setText(words[state["lang"]][0]))
    retext(w, lambda: button.setText(words[state["lang"]][1]))

    def switch():
        state["lang"] = "ko" if state["lang"] == "en" else "en"
        retranslate(w)

    button.clicked.connect(switch)
    w.show()
    sys.exit(app.exec())

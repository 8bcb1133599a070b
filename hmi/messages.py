"""Translatable messages from the Qt-free core. Qt-free.

A core text the operator sees (a permission refusal, a recommended action, a time to threshold...) is
built from a template marked for translation::

    from hmi.messages import QT_TRANSLATE_NOOP

    DENIED = QT_TRANSLATE_NOOP("Access", "{0} '{1}' may not {2} ({3})")
    raise PermissionDenied(DENIED.format(user.role, user.name, perm.what, perm.who()))

``QT_TRANSLATE_NOOP(context, text)`` returns a :class:`Message`: a ``str`` whose value is the English
text, so logs, the CLI, exceptions, comparisons and JSON keep working unchanged, and which also carries
its ``context``, ``template`` and ``args``.  ``pyside6-lupdate`` extracts every
``QT_TRANSLATE_NOOP("Context", "text")`` call with literal arguments (whatever module the function
comes from; ``resources/i18n/update_translations.py`` scans the core packages that hold templates),
and the UI shows the text in its language with :func:`hmi.ui.i18n.tr_message`, which translates the
template and, recursively, the arguments that are messages themselves.  Placeholders are positional
(``{0}``, ``{1}``...) so a translation may reorder them.  Values that are not messages (names from the
plant configuration, numbers already formatted) are shown as they are.
"""
from __future__ import annotations

from typing import Any, Iterable

__all__ = ["Message", "QT_TRANSLATE_NOOP", "join", "message_of"]


class Message(str):
    """English text (the ``str`` value) plus what is needed to translate it.

    ``Message(context, template, *args)``; ``template`` uses positional placeholders only.  Without
    ``args`` the text is the template itself (braces are not interpreted)."""

    context: str
    template: str
    args: tuple[Any, ...]

    def __new__(cls, context: str, template: str, *args: Any) -> "Message":
        self = super().__new__(cls, template.format(*args) if args else template)
        self.context, self.template, self.args = context, template, args
        return self

    def format(self, *args: Any, **kwargs: Any) -> "Message":  # type: ignore[override]
        """The same template filled with ``args`` (positional only, like ``str.format`` with ``{0}``)."""
        if kwargs:
            raise TypeError("Message templates take positional arguments only")
        return Message(self.context, self.template, *args)

    def __reduce__(self):
        return (Message, (self.context, self.template, *self.args))

    def __repr__(self) -> str:
        return f"Message({self.context!r}, {self.template!r}{''.join(', ' + repr(a) for a in self.args)})"


def QT_TRANSLATE_NOOP(context: str, text: str) -> Message:  # noqa: N802 (the name pyside6-lupdate looks for)
    """Mark ``text`` for translation in ``context``; returns it as a :class:`Message` (English value)."""
    return Message(context, text)


#: "a, b" (the list separator of the UI language).
_PAIR = QT_TRANSLATE_NOOP("Messages", "{0}, {1}")


def join(items: Iterable[Any], pair: Message = _PAIR) -> Any:
    """``items`` joined with ``pair`` (a two-placeholder template): "a, b, c" as a nested message."""
    items = list(items)
    if not items:
        return ""
    out = items[-1]
    for item in reversed(items[:-1]):
        out = pair.format(item, out)
    return out


def message_of(exc: BaseException) -> Message | str:
    """The message an exception was raised with (a :class:`Message` when the core built one), else its text."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else (str(exc) or type(exc).__name__)

"""UI language: Qt translators, the default QLocale and the saved choice.

English is the source language (the strings in the code); Korean comes from
``resources/i18n/lineside_ko.qm`` (compiled from the checked-in ``lineside_ko.ts``; both are in the
package, so neither CI nor the packaged app needs a build step; ``resources/i18n/update_translations.py``
refreshes them after the sources change).

``set_language(app, "ko")`` removes the translators it installed before, installs the Korean ones
(Lineside's catalogue and Qt's own ``qtbase_ko`` for standard dialog buttons, where Qt ships it), sets
``QLocale.setDefault`` (dates and numbers, see :mod:`widgets.locale_format`) and
``QEvent.LanguageChange`` reaches every widget: the main window retranslates itself at run time.
The choice is saved (QSettings "Lineside"/"Lineside", key ``ui/language``) and read back by
:func:`saved_language` at the next start; ``lineside ... --lang ko|en`` overrides it.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from hmi.messages import Message, message_of

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
CATALOGUE = "lineside"
#: language code -> its own name (shown in the selector in that language, never translated)
LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"
_LOCALES = {"en": "en_US", "ko": "ko_KR"}
SETTINGS_KEY = "ui/language"

_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE
_plant_texts: dict[str, dict[str, str]] = {}  # the plant file's [translations.<code>] tables


def qm_path(code: str) -> Path:
    return I18N_DIR / f"{CATALOGUE}_{code}.qm"


def available_languages() -> dict[str, str]:
    """Languages that can be shown now: English always, others when their .qm file is there."""
    return {c: n for c, n in LANGUAGES.items() if c == DEFAULT_LANGUAGE or qm_path(c).is_file()}


def current_language() -> str:
    return _current


def _settings() -> QSettings:
    return QSettings("Lineside", "Lineside")


def saved_language() -> str | None:
    value = _settings().value(SETTINGS_KEY)
    return str(value) if value in LANGUAGES else None


def save_language(code: str) -> None:
    s = _settings()
    s.setValue(SETTINGS_KEY, code)
    s.sync()


def set_language(code: str, app: QCoreApplication | None = None, *, persist: bool = True) -> str:
    """Switch the UI language at run time; returns the code now in use.

    Raises ``ValueError`` for a code not in :data:`LANGUAGES`.  A missing .qm file keeps English and logs
    a warning (nothing is lost: the source strings are English)."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}: choose one of {', '.join(LANGUAGES)}")
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language() needs a QApplication")
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if code != DEFAULT_LANGUAGE:
        ours = QTranslator(app)
        if ours.load(str(qm_path(code))):
            app.installTranslator(ours)
            _installed.append(ours)
            qt_own = QTranslator(app)
            if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
                app.installTranslator(qt_own)
                _installed.append(qt_own)
        else:
            log.warning("no translation catalogue at %s: the UI stays in English", qm_path(code))
            code = DEFAULT_LANGUAGE
    QLocale.setDefault(QLocale(_LOCALES[code]))
    _current = code
    if persist:
        save_language(code)
    return code


def startup_language(cli_choice: str | None = None) -> str:
    """The language to start with: ``--lang`` first, then the saved choice, then the system locale
    when it is Korean, else English."""
    if cli_choice:
        return cli_choice
    saved = saved_language()
    if saved:
        return saved
    return "ko" if QLocale.system().language() == QLocale.Korean else DEFAULT_LANGUAGE


def tr_message(message) -> str:
    """A core text in the UI language.

    ``message``: a :class:`hmi.messages.Message` (its template is translated in its context, then
    filled with its arguments, messages among them translated the same way), an exception whose first
    argument is a message (e.g. :class:`hmi.security.access.PermissionDenied`), or anything else
    (shown as ``str``; a plain string that is a text of the plant file, such as a tag's description in
    "Contributing sensors: {0}", in its translation, see :func:`plant_text`)."""
    if isinstance(message, BaseException):
        message = message_of(message)
    if not isinstance(message, Message):
        return plant_text(str(message))  # a plant-file text (an alarm's action, a tag's description) or as is
    text = QCoreApplication.translate(message.context, message.template)
    if not message.args:
        return text
    return text.format(*(tr_message(a) if isinstance(a, (Message, str)) else a for a in message.args))


def set_plant_texts(translations: dict[str, dict[str, str]]) -> None:
    """The plant file's own translations (``PlantConfig.translations``): names of lines, machines and tags,
    alarm messages, causes and actions, units, shift names, stop reasons, as :func:`plant_text` shows them."""
    _plant_texts.clear()
    _plant_texts.update({code: dict(table) for code, table in (translations or {}).items()})


def plant_text(text: str) -> str:
    """A text from the plant file in the UI language: its ``[translations.<code>]`` entry, else as written."""
    if not text or _current == DEFAULT_LANGUAGE:
        return text
    return _plant_texts.get(_current, {}).get(text, text)


def humanise(name: str) -> str:
    """A tag's name as a label: ``"bushing_temp"`` -> ``"Bushing temp"`` (the key of its translation)."""
    return name.replace("_", " ").capitalize()


def tag_label(name: str) -> str:
    """A tag's label in the UI language (``name``: the tag's name in the plant file)."""
    return plant_text(humanise(name))

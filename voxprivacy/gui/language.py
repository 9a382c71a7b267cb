"""The desk's language: chosen in Settings (the system's by default), applied before any window.

``apply`` installs Qt's translator for the desk's strings (resources/i18n/desk_<lang>.qm),
Qt's own for its standard buttons and dialogs, makes the language's locale the default
for dates and numbers (QLocale), and tells the Qt-free core (voxprivacy.i18n) which
language to write its messages in. A change in Settings applies at the next start.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from voxprivacy import i18n

# The desk's translators stay alive as long as they are installed.
_INSTALLED: list[QTranslator] = []


def resolve(setting: str, system: QLocale | None = None) -> str:
    """The language a setting means: its own code, or (empty) the system locale's if supported."""
    chosen = i18n.supported(setting)
    if chosen:
        return chosen
    name = (system or QLocale.system()).name()
    return i18n.supported(name) or i18n.SOURCE_LANGUAGE


def locale_for(code: str, system: QLocale | None = None) -> QLocale:
    """The locale dates and numbers follow: the system's own when it speaks ``code``
    (fr_BE stays Belgian), otherwise the language's main one."""
    here = system or QLocale.system()
    if i18n.supported(here.name()) == code:
        return here
    return QLocale({"en": "en_GB", "fr": "fr_BE", "nl": "nl_BE"}.get(code, "en_GB"))


def apply(setting: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for the language ``setting`` means; returns that language."""
    app = app or QCoreApplication.instance()
    code = resolve(setting)
    for old in _INSTALLED:
        QCoreApplication.removeTranslator(old)
    _INSTALLED.clear()
    QLocale.setDefault(locale_for(code))
    i18n.set_language(code)
    if app is None:
        return code
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if code != i18n.SOURCE_LANGUAGE and qt_own.load(f"qtbase_{code}", qt_dir):
        QCoreApplication.installTranslator(qt_own)
        _INSTALLED.append(qt_own)
    desk = QTranslator(app)  # English too: its catalogue holds the plural forms
    catalogue = resources.files("voxprivacy.resources").joinpath(f"i18n/desk_{code}.qm")
    if desk.load(str(catalogue)):
        QCoreApplication.installTranslator(desk)
        _INSTALLED.append(desk)
    return code

"""Self-check page: the plant rates itself on the Korean smart-factory framework (KOSMO), with what Lineside sees.

    SelfCheckPage(runtime, session, parent)

One row per area (field automation, factory operation, enterprise resources, product development, supply
chain): the evidence Lineside sees for it (devices read automatically, history kept, alarms, KPIs against
targets, predictions running, parts traced, shipments...), the least level that evidence supports, the plant's
own rating on the six levels (ICT not applied, basic 1 and 2, intermediate 1 and 2, advanced) and the last one
saved.  **Save rating** keeps the rating with its date, the evidence and a note (``selfcheck.rate``: engineer and
up; audited); the history below shows each saved rating and a chart of the levels over time, so that progress
shows.  The evidence is gathered on a worker (it counts records in the plant database).

Run alone: ``python -m hmi.ui.pages.selfcheck`` (the demo plant with an empty database).
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from hmi.config import PlantConfig
from hmi.messages import message_of
from hmi.plantfile.selfcheck import AREAS, LEVELS, supported_levels
from hmi.services import AccessGate, Connector, SelfCheckSource, connect
from hmi.ui.alarm_bridge import run_async
from hmi.ui.held_rows import RowsModel
from hmi.ui.i18n import tr_message
from hmi.ui.layout import hbox
from hmi.ui.login import error_style, ok_style, show_refusal
from widgets import theme
from widgets.locale_format import format_datetime
from widgets.retranslate import retext

__all__ = ["SelfCheckPage"]

PERMISSION = "selfcheck.rate"
_AREA_COLORS = ("#3c4f66", "#8a6d00", "#2e7d32", "#6a1b9a", "#00838f")


class HistoryRows(RowsModel):
    COLUMNS = (QT_TRANSLATE_NOOP("SelfCheckPage", "Date"), QT_TRANSLATE_NOOP("SelfCheckPage", "By"),
               *AREAS.values(), QT_TRANSLATE_NOOP("SelfCheckPage", "Note"))
    CONTEXT = "SelfCheckPage"

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 2 <= section < 7:
            return tr_message(self.COLUMNS[section])
        return super().headerData(section, orientation, role)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        c = index.column()
        if c == 0:
            return format_datetime(r.ts)
        if c == 1:
            return r.user or ""
        if c == 7:
            return r.note
        level = r.levels.get(list(AREAS)[c - 2])
        return "" if level is None else tr_message(LEVELS[level])


class SelfCheckPage(QWidget):
    """See the module text.

    Signals
    -------
    sig_evidence(object)
        the evidence was gathered; payload: :class:`hmi.plantfile.selfcheck.Evidence`.
    sig_saved(object)
        a rating was saved; payload: :class:`hmi.plantfile.selfcheck.SelfCheck` (or the exception refusing it).
    sig_history(list)
        the saved ratings were read; payload: list of :class:`hmi.plantfile.selfcheck.SelfCheck`, oldest first.
    """

    sig_evidence = Signal(object)
    sig_saved = Signal(object)
    sig_history = Signal(list)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("self_check", SelfCheckSource),
                  Connector("access", AccessGate, optional=True))

    def __init__(self, runtime, session=None, parent=None):
        super().__init__(parent)
        self.services = connect(self, runtime)
        self.source = self.services.self_check
        self.session = session
        self.evidence = None
        self.history: list = []
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("selfcheck_hint")
        self.hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("selfcheck_message")
        self.message.setWordWrap(True)
        grid = QGridLayout()
        self.headers = [QLabel(self) for _ in range(5)]
        for i, h in enumerate(self.headers):
            h.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
            grid.addWidget(h, 0, i)
        self.area_labels, self.evidence_labels, self.supported_labels, self.combos, self.last_labels = {}, {}, {}, {}, {}
        for row, area in enumerate(AREAS, start=1):
            name = QLabel(self)
            name.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
            ev = QLabel(self)
            ev.setWordWrap(True)
            ev.setObjectName(f"evidence_{area}")
            sup = QLabel(self)
            sup.setObjectName(f"supported_{area}")
            combo = QComboBox(self)
            combo.setObjectName(f"level_{area}")
            combo.setMinimumHeight(theme.TOUCH_PX)
            for lv in range(len(LEVELS)):
                combo.addItem("", lv)
            last = QLabel(self)
            for col, w in enumerate((name, ev, sup, combo, last)):
                grid.addWidget(w, row, col)
            self.area_labels[area], self.evidence_labels[area], self.supported_labels[area] = name, ev, sup
            self.combos[area], self.last_labels[area] = combo, last
        grid.setColumnStretch(1, 4)
        grid.setColumnMinimumWidth(3, 190)
        self.note = QLineEdit(self)
        self.note.setObjectName("selfcheck_note")
        self.note.setMinimumHeight(theme.TOUCH_PX)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("selfcheck_save")
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("selfcheck_refresh")
        for b in (self.save_button, self.refresh_button):
            b.setMinimumHeight(theme.TOUCH_PX)
        self.save_button.clicked.connect(lambda: self.save())
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.table_model = HistoryRows(self)
        self.table = QTableView(self)
        self.table.setObjectName("selfcheck_history")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.plot = pg.PlotWidget(background=theme.BG_PLOT, axisItems={"bottom": pg.DateAxisItem()})
        self.plot.setObjectName("selfcheck_plot")
        self.plot.setYRange(-0.2, len(LEVELS) - 0.8, padding=0)
        self.plot.getAxis("left").setTicks([[(i, str(i)) for i in range(len(LEVELS))]])
        self.plot.setMinimumHeight(170)
        self.plot.setMouseEnabled(x=False, y=False)
        self.legend = self.plot.addLegend(offset=(10, 5))
        self.curves = {a: self.plot.plot([], [], pen=pg.mkPen(_AREA_COLORS[i], width=1), stepMode=None,
                                         symbol="o", symbolSize=6, symbolBrush=_AREA_COLORS[i], name="")
                       for i, a in enumerate(AREAS)}

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.addLayout(hbox(self.title, None, self.refresh_button))
        root.addWidget(self.intro)
        root.addWidget(self.hint)
        root.addLayout(grid)
        self.note_label = QLabel(self)
        root.addLayout(hbox(self.note_label, self.note, self.save_button))
        root.addWidget(self.message)
        self.history_label = QLabel(self)
        self.history_label.setProperty("role", "section")
        root.addWidget(self.history_label)
        root.addWidget(self.plot, 2)
        root.addWidget(self.table, 2)
        retext(self, self._texts)
        if session is not None and hasattr(session, "sig_user_changed"):
            session.sig_user_changed.connect(lambda *_: self._update())
        self._update()
        self.refresh()

    # ------------------------------------------------------------------ texts
    def _texts(self) -> None:
        self.title.setText(self.tr("Smart-factory self-check (KOSMO)"))
        self.intro.setText(self.tr(
            "Rate the plant in each of the five areas of the Korean smart-factory framework. Lineside fills in what "
            "it sees and the least level that supports; the rating is yours. Each saved rating is kept with its "
            "date, so that progress shows."))
        for h, t in zip(self.headers, (self.tr("Area"), self.tr("What Lineside sees"), self.tr("Supports at least"),
                                       self.tr("Your rating"), self.tr("Last saved"))):
            h.setText(t)
        self.note_label.setText(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("e.g. after the X-ray AI went live on line 2"))
        self.save_button.setText(self.tr("Save rating"))
        self.refresh_button.setText(self.tr("Refresh evidence"))
        self.history_label.setText(self.tr("Ratings over time"))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for area, name in AREAS.items():
            self.area_labels[area].setText(tr_message(name))
            combo = self.combos[area]
            for lv in range(len(LEVELS)):
                combo.setItemText(lv, f"{lv}  {tr_message(LEVELS[lv])}")
        self.table_model.retitle()
        self._show_evidence()
        self._show_history()
        self._update()

    # ------------------------------------------------------------------ state
    def user(self):
        return getattr(self.session, "user", None) if self.session is not None else None

    def allowed(self) -> tuple[bool, str]:
        if self.source.selfchecks is None:
            return False, self.tr("Ratings are kept in the plant database: this station has none.")
        access, user = self.services.access, self.user()
        if access is None or access.allowed(user, PERMISSION):
            return True, ""
        return False, self.tr("Saving a rating needs {0}{1}.").format(
            tr_message(access.role_table[PERMISSION].who()), "" if user is not None else self.tr("; log in first"))

    def _update(self) -> None:
        ok, why = self.allowed()
        show_refusal(self.hint, why)
        self.save_button.setEnabled(ok)
        for c in self.combos.values():
            c.setEnabled(ok)

    def levels(self) -> dict[str, int]:
        return {a: int(c.currentData()) for a, c in self.combos.items()}

    def set_levels(self, levels: dict[str, int]) -> None:
        for a, lv in levels.items():
            self.combos[a].setCurrentIndex(int(lv))

    # ------------------------------------------------------------------ evidence and history
    def refresh(self) -> None:
        """Gather the evidence and read the history (on a worker)."""
        def work():
            ev = self.source.self_check_evidence()
            hist = self.source.selfchecks.history() if self.source.selfchecks is not None else []
            return ev, hist

        def done(result):
            self.evidence, self.history = result
            self._show_evidence()
            self._show_history()
            if self.history:
                self.set_levels(self.history[-1].levels)
            else:
                self.set_levels(supported_levels(self.evidence.facts))
            self.sig_evidence.emit(self.evidence)
            self.sig_history.emit(list(self.history))

        def failed(exc):
            self.message.setText(self.tr("The evidence could not be gathered: {0}").format(tr_message(message_of(exc))))
            self.message.setStyleSheet(error_style())

        run_async(work, on_done=done, on_error=failed, owner=self)

    def _show_evidence(self) -> None:
        if self.evidence is None:
            return
        supported = supported_levels(self.evidence.facts)
        for area in AREAS:
            self.evidence_labels[area].setText("\n".join("· " + tr_message(m) for m in self.evidence.lines[area]))
            self.supported_labels[area].setText(f"{supported[area]}  {tr_message(LEVELS[supported[area]])}")

    def _show_history(self) -> None:
        self.table_model.beginResetModel()
        self.table_model.rows = list(reversed(self.history))
        self.table_model.endResetModel()
        last = self.history[-1] if self.history else None
        for area in AREAS:
            lv = last.levels.get(area) if last is not None else None
            self.last_labels[area].setText("" if lv is None else f"{lv}  {tr_message(LEVELS[lv])}\n{format_datetime(last.ts)}")
        if self.history:  # at least a month in view: one rating is a point in time, not a tick of seconds
            t0, t1 = self.history[0].ts, self.history[-1].ts
            pad = max(15 * 86400.0, 0.1 * (t1 - t0))
            self.plot.setXRange(t0 - pad, t1 + pad, padding=0)
        self.legend.clear()
        for i, area in enumerate(AREAS):
            xs = [h.ts for h in self.history]
            ys = [h.levels.get(area, 0) + (i - 2) * 0.04 for h in self.history]  # side by side where equal
            self.curves[area].setData(xs, ys)
            self.legend.addItem(self.curves[area], tr_message(AREAS[area]))

    def save(self) -> None:
        """Save the rating now on screen with the evidence shown (on a worker)."""
        ok, why = self.allowed()
        if not ok:
            self.message.setText(why)
            self.message.setStyleSheet(error_style())
            return
        levels, user, note = self.levels(), self.user(), self.note.text().strip()
        evidence = {a: [str(m) for m in self.evidence.lines[a]] for a in AREAS} if self.evidence else {}

        def done(rating):
            self.history.append(rating)
            self._show_history()
            self.note.clear()
            self.message.setText(self.tr("Rating saved ({0}).").format(format_datetime(rating.ts)))
            self.message.setStyleSheet(ok_style())
            self.sig_saved.emit(rating)

        def failed(exc):
            self.message.setText(self.tr("Not saved: {0}").format(tr_message(message_of(exc))))
            self.message.setStyleSheet(error_style())
            self.sig_saved.emit(exc)

        run_async(self.source.rate_plant, levels, user=user, evidence=evidence, note=note, on_done=done,
                  on_error=failed, owner=self)


def _main() -> int:  # pragma: no cover - a manual look: python -m hmi.ui.pages.selfcheck
    import sys
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from hmi.config import demo_config_path, load_config
    from hmi.runtime import Runtime, default_db_url
    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app)
    tmp = Path(tempfile.mkdtemp(prefix="lineside-selfcheck-"))
    rt = Runtime(load_config(demo_config_path()), default_db_url(tmp), data_dir=tmp)
    page = SelfCheckPage(rt)
    page.resize(1400, 900)
    page.show()
    try:
        return app.exec()
    finally:
        rt.stop()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())

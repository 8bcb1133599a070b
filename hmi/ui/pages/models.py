"""Models page: the AI model registry of the inspection stations.

* Versions (oldest first) with their metrics: validation AUROC and accuracy, thresholds (warn / ng),
  data fingerprint, created; the active one is marked ``ACTIVE`` (text, no colour).
* **Activate** the selected version: permission ``model.activate`` when the role table has it
  (engineer and up is the intent), else ``config.change``; audited (``model.activate`` or
  ``config.change`` with before/after version) before the registry is changed.
* **Compare with active**: the selected candidate against the active model on an evaluation folder
  (``ok/`` + ``defect/``, or any images), image by image, on a worker with a progress bar.
* **Operating point** of the selected version: for each share of defects passed as ok (1 to 20 %), the
  thresholds and the good parts they send to review (WARN) and reject (NG) on the version's calibration parts;
  **Use this operating point** sets them for the stations (same permission as activating, audited).
* **Retrain from reviewed images**: exports the inspector-reviewed images (``DIR/ok``,
  ``DIR/defect`` by final verdict), trains with :func:`vision.train.train` on a worker (progress
  bar, **Cancel**) and adds the result to the registry as a candidate (not activated).

Registry reads, comparisons and training run on a dedicated worker thread (one job at a time);
results come back through queued signals.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from hmi.security.access import PermissionDenied
from hmi.ui.alarm_bridge import LatestRead, run_async
from hmi.ui.i18n import tr_message
from hmi.ui.login import error_style, ok_style
from widgets import theme
from widgets.retranslate import retext
from hmi.services import AccessGate, Connector, InspectionRecords, ModelStore, PathSource, connect

TOUCH_PX = 44
COLUMNS = (QT_TRANSLATE_NOOP("ModelsPage", "Version"), QT_TRANSLATE_NOOP("ModelsPage", "State"),
           QT_TRANSLATE_NOOP("ModelsPage", "Created"), QT_TRANSLATE_NOOP("ModelsPage", "AUROC"),
           QT_TRANSLATE_NOOP("ModelsPage", "Accuracy at warn"),
           QT_TRANSLATE_NOOP("ModelsPage", "Thresholds warn / ng"), QT_TRANSLATE_NOOP("ModelsPage", "Data fingerprint"),
           QT_TRANSLATE_NOOP("ModelsPage", "Note"))
COMPARE_COLUMNS = (QT_TRANSLATE_NOOP("ModelsPage", "Image"), QT_TRANSLATE_NOOP("ModelsPage", "Label"),
                   QT_TRANSLATE_NOOP("ModelsPage", "Active score"), QT_TRANSLATE_NOOP("ModelsPage", "Active verdict"),
                   QT_TRANSLATE_NOOP("ModelsPage", "Candidate score"),
                   QT_TRANSLATE_NOOP("ModelsPage", "Candidate verdict"), QT_TRANSLATE_NOOP("ModelsPage", "Changed"))
OP_COLUMNS = (QT_TRANSLATE_NOOP("ModelsPage", "Defects passed as ok"),
              QT_TRANSLATE_NOOP("ModelsPage", "Thresholds warn / ng"),
              QT_TRANSLATE_NOOP("ModelsPage", "Good parts to review (WARN)"),
              QT_TRANSLATE_NOOP("ModelsPage", "Good parts rejected (NG)"), QT_TRANSLATE_NOOP("ModelsPage", "In use"))
MIN_PER_CLASS = 4
#: default training settings for a retrain from reviewed images (small: it runs on the station PC)
TRAIN_DEFAULTS = {"epochs": 20, "device": "auto", "seed": 0}


def _fmt(v, nd: int = 3) -> str:
    if v is None:
        return "---"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return "---" if f != f else f"{f:.{nd}f}"


class ModelsPage(QWidget):
    """``ModelsPage(runtime, session, parent=None, *, registry=None, store=None, train_kwargs=None)``.

    Signals (GUI thread): ``sig_models_loaded(list)``, ``sig_progress(float, str)``,
    ``sig_compare_done(dict)``, ``sig_train_done(object)`` (new version, or None when cancelled/failed),
    ``sig_message(bool ok, str)``.
    """

    sig_models_loaded = Signal(list)
    sig_progress = Signal(float, str)
    sig_compare_done = Signal(dict)
    sig_train_done = Signal(object)
    sig_message = Signal(bool, str)
    _sig_job_done = Signal(object, object, object)  # callback, result, exception (worker -> GUI)

    CONNECTORS = (Connector("model_registry", ModelStore, optional=True),
                  Connector("inspections", InspectionRecords, optional=True),
                  Connector("data_dir", PathSource, optional=True), Connector("access", AccessGate, optional=True))

    def __init__(self, runtime, session, parent=None, *, registry=None, store=None, train_kwargs=None):
        super().__init__(parent)
        self.setObjectName("models_page")
        self.runtime = connect(self, runtime)
        self.session = session
        self._registry = registry
        self._store = store
        self.train_kwargs = dict(TRAIN_DEFAULTS, **(train_kwargs or {}))
        self.models: list[dict] = []
        self.comparison: dict | None = None
        self._job: threading.Thread | None = None
        self._progress = None
        self.reads = LatestRead(self.refresh)

        top = QHBoxLayout()
        title = QLabel(self)
        retext(self, lambda: title.setText(self.tr("AI models (X-ray inspection)")))
        title.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))
        top.addWidget(title)
        top.addStretch(1)
        self.refresh_button = QPushButton(self)
        self.activate_button = QPushButton(self)  # its text names the version it activates (_update_buttons)
        self.compare_button = QPushButton(self)
        self.import_button = QPushButton(self)
        self.retrain_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        retext(self, lambda: self.refresh_button.setText(self.tr("Refresh")))
        retext(self, lambda: self.compare_button.setText(self.tr("Compare with active ...")))
        retext(self, lambda: self.import_button.setText(self.tr("Import model file ...")))
        retext(self, lambda: self.retrain_button.setText(self.tr("Retrain from reviewed images")))
        retext(self, lambda: self.cancel_button.setText(self.tr("Cancel")))
        for name, b in (("models_refresh", self.refresh_button), ("models_activate", self.activate_button),
                        ("models_compare", self.compare_button), ("models_import", self.import_button),
                        ("models_retrain", self.retrain_button),
                        ("models_cancel", self.cancel_button)):
            b.setObjectName(name)
            b.setMinimumHeight(TOUCH_PX + 16)  # room for a second line: the version acted on
            top.addWidget(b)
        self.cancel_button.setEnabled(False)

        self.table = self._row_table(COLUMNS, self, "models_table")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("models_progress")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(True)
        retext(self, lambda: self._job is None and self.progress_bar.setFormat(self.tr("idle")))
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("models_status")
        self.status_label.setWordWrap(True)
        self.message = QLabel("", self)
        self.message.setObjectName("models_message")
        self.message.setWordWrap(True)
        self.message.hide()

        cmp_box = QFrame(self)
        cv = QVBoxLayout(cmp_box)
        cv.setContentsMargins(0, 0, 0, 0)
        self.compare_summary = QLabel(cmp_box)
        self.compare_summary.setObjectName("models_compare_summary")
        self.compare_summary.setWordWrap(True)
        self.compare_table = QTableWidget(0, len(COMPARE_COLUMNS), cmp_box)
        self.compare_table.setObjectName("models_compare_table")
        retext(self, lambda: self.compare_table.setHorizontalHeaderLabels([self.tr(c) for c in COMPARE_COLUMNS]))
        self.compare_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare_table.verticalHeader().setVisible(False)
        self.compare_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.compare_table.horizontalHeader().setStretchLastSection(True)
        cv.addWidget(self.compare_summary)
        cv.addWidget(self.compare_table, 1)

        # operating point: the inspectors' review load for each protection, on the model's calibration parts
        op_box = QFrame(self)
        ov = QVBoxLayout(op_box)
        ov.setContentsMargins(0, 0, 0, 0)
        oh = QHBoxLayout()
        self.op_title = QLabel(op_box)
        self.op_title.setObjectName("models_op_title")
        self.op_title.setWordWrap(True)
        self.op_button = QPushButton(op_box)  # its text names the point and the version (_show_operating_points)
        self.op_button.setObjectName("models_op_apply")
        self.op_button.setMinimumHeight(TOUCH_PX + 16)
        oh.addWidget(self.op_title, 1)
        oh.addWidget(self.op_button)
        self.op_table = self._row_table(OP_COLUMNS, op_box, "models_op_table")
        self.op_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        ov.addLayout(oh)
        ov.addWidget(self.op_table, 1)
        self.op_points: list[dict] = []

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(op_box)
        split.addWidget(cmp_box)
        split.setSizes([400, 400])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.progress_bar)
        lay.addWidget(self.status_label)
        lay.addWidget(self.message)

        self.refresh_button.clicked.connect(self.refresh)
        self.activate_button.clicked.connect(lambda: self.activate())
        self.compare_button.clicked.connect(self._choose_compare_folder)
        self.import_button.clicked.connect(self._choose_import_file)
        self.retrain_button.clicked.connect(lambda: self.retrain())
        self.cancel_button.clicked.connect(self.cancel)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemSelectionChanged.connect(self._show_operating_points)
        self.op_table.itemSelectionChanged.connect(self._update_buttons)
        self.op_button.clicked.connect(lambda: self.set_operating_point())
        self.sig_progress.connect(self._on_progress)
        self._sig_job_done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.rights_label = QLabel("", self)
        self.rights_label.setObjectName("models_rights")
        self.rights_label.setProperty("role", "dim")
        lay.addWidget(self.rights_label)
        if hasattr(session, "sig_user_changed"):
            session.sig_user_changed.connect(self._update_buttons)
        self._last_list = None  # (models, history) of the last refresh
        self.retranslate_ui()

    def _row_table(self, columns, parent, name: str) -> QTableWidget:
        """A read-only table whose rows are picked whole, one at a time, headers in the UI language."""
        t = QTableWidget(0, len(columns), parent)
        t.setObjectName(name)
        retext(self, lambda: t.setHorizontalHeaderLabels([self.tr(c) for c in columns]))
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().setVisible(False)
        return t

    def retranslate_ui(self) -> None:
        """The list, the comparison and the buttons in the UI language (selection and results stay)."""
        if self._last_list is not None:
            self._loaded(self._last_list, emit=False)
        if self.comparison is not None:
            self._show_comparison(self.comparison)
        else:
            self.compare_summary.setText(self.tr("Comparison: select a candidate version and press Compare"))
        self._update_buttons()

    # ------------------------------------------------------------------ plumbing
    @property
    def registry(self):
        if self._registry is None:
            self._registry = self.runtime.model_registry
        return self._registry

    @property
    def store(self):
        if self._store is None:
            self._store = self.runtime.inspections
        return self._store

    def _data_dir(self) -> Path:
        """The station's data folder (retraining runs, model files); the user data folder without one."""
        if self.runtime.data_dir is not None:
            return Path(self.runtime.data_dir)
        from hmi.paths import data_dir

        return data_dir()

    def busy(self) -> bool:
        return self._job is not None

    def _run_job(self, name: str, fn, on_done, on_error) -> bool:
        """Run ``fn()`` on the page's job thread (one at a time); deliver on the GUI thread."""
        if self._job is not None:
            self._show(False, self.tr("Another model job is running: wait or cancel it"))
            return False

        def target():
            try:
                res, exc = fn(), None
            except BaseException as e:  # noqa: BLE001 - delivered to on_error
                res, exc = None, e
            self._sig_job_done.emit((on_done, on_error), res, exc)

        self._job = threading.Thread(target=target, name=f"models-{name}", daemon=True)
        self._update_buttons()
        self._job.start()
        return True

    def _deliver(self, cbs, result, exc) -> None:
        self._job = None
        self._progress = None
        on_done, on_error = cbs
        self._update_buttons()
        if exc is None:
            on_done(result)
        else:
            on_error(exc)

    def wait_job(self, timeout: float = 60.0) -> bool:
        """Tests: wait for the running job and deliver its result."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout
        while self._job is not None and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        return self._job is None

    def _progress_token(self):
        from vision.progress import Progress

        self._progress = Progress(lambda f, msg, info: self.sig_progress.emit(float(f), tr_message(msg)))
        return self._progress

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(int(round(fraction * 1000)))
        self.progress_bar.setFormat(f"{fraction * 100:.0f} %  {message}")

    def _show(self, ok: bool, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ok_style() if ok else error_style())
        self.message.setVisible(bool(text))
        self.sig_message.emit(ok, text)

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""

    def _user(self):
        return getattr(self.session, "user", None)

    def _model_action(self) -> str:
        access = self.runtime.access
        return "model.activate" if access is not None and "model.activate" in access.role_table else "config.change"

    def _update_buttons(self, *_user) -> None:
        v = self.selected_version()
        rec = next((m for m in self.models if m["version"] == v), None)
        idle = self._job is None
        self.refresh_button.setEnabled(idle)
        self.activate_button.setEnabled(idle and rec is not None and not rec.get("active"))
        self.compare_button.setEnabled(idle and rec is not None and not rec.get("active")
                                       and any(m.get("active") for m in self.models))
        self.retrain_button.setEnabled(idle and self.store is not None)
        self.import_button.setEnabled(idle)
        self.cancel_button.setEnabled(not idle and self._progress is not None)
        can_activate = rec is not None and not rec.get("active")
        self.activate_button.setText(self.tr("Activate selected") + (f"\n{v}" if can_activate else ""))
        # who may change the model: refused before anything is chosen, with the reason on screen
        access, user = self.runtime.access, self._user()
        action = self._model_action()
        if access is None:
            allowed, why = user is not None, self.tr("Log in to change the inspection model.")
        else:
            allowed = access.allowed(user, action)
            why = "" if allowed else self.tr("Changing the inspection model needs {0}{1}").format(
                tr_message(access.role_table[action].who()), "" if user is not None else self.tr("; log in first"))
        point = self.selected_point()
        self.op_button.setEnabled(idle and point is not None and rec is not None and not point.get("in_use"))
        self.op_button.setText(self.tr("Use this operating point") + (
            "\n" + self.tr("{0} % misses, {1}").format(round(point["target_miss_rate"] * 100), v)
            if point is not None and rec is not None else ""))
        if not allowed:
            for b in (self.activate_button, self.import_button, self.retrain_button, self.op_button):
                b.setEnabled(False)
        self.rights_label.setText("" if allowed else why)
        self.rights_label.setVisible(not allowed)

    # ------------------------------------------------------------------ list
    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        if not self.reads.begin():
            return
        reg = self.registry
        run_async(lambda: (reg.list(), reg.history()), on_done=self._read_done, on_error=self._load_failed)

    def _read_done(self, result) -> None:
        self._loaded(result)
        self.reads.end()

    def _loaded(self, result, emit: bool = True) -> None:
        self._last_list = result
        models, history = result
        keep = self.selected_version()
        self.models = models
        t = self.table
        t.blockSignals(True)
        t.setRowCount(len(models))
        for r, m in enumerate(models):
            met = m.get("metrics") or {}
            thr = m.get("thresholds") or {}
            fp = m.get("data_fingerprint") or "---"
            cells = (m["version"], self.tr("ACTIVE") if m.get("active") else self.tr("candidate"),
                     (m.get("created") or "")[:19],
                     # on the calibration parts, at the thresholds in use, where the model has them; else on its
                     # validation split
                     _fmt(met.get("calibration_auroc", met.get("val_auroc", met.get("auroc")))),
                     _fmt(met.get("calibration_accuracy", met.get("val_accuracy", met.get("accuracy")))),
                     f"{_fmt(thr.get('warn'))} / {_fmt(thr.get('ng'))}", fp[:16],
                     " ".join(x for x in (m.get("note") or "",
                                          self.tr("(by {0})").format(m["added_by"]) if m.get("added_by") else "")
                              if x))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1 and m.get("active"):
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                if c == 6:
                    item.setToolTip(fp)
                t.setItem(r, c, item)
        t.blockSignals(False)
        active = next((m["version"] for m in models if m.get("active")), None)
        last = history[-1] if history else None
        self.status_label.setText(
            self.tr("{0} versions; active: {1}").format(
                len(models), active or self.tr("none (the stations use their configured model file)"))
            + (self.tr("; last activation {0} by {1}").format(last.get("at", "")[:19], last.get("by") or "?")
               if last else ""))
        if keep:
            self.select_version(keep)
        self._show_operating_points()
        self._update_buttons()
        if emit:
            self.sig_models_loaded.emit(models)

    def _load_failed(self, exc: BaseException) -> None:
        self._show(False, f"Model registry unreadable: {exc}")
        self.reads.end()

    def selected_version(self) -> str | None:
        r = self.table.currentRow()
        if r < 0 or not self.table.selectedItems() or r >= len(self.models):
            return None
        return self.models[r]["version"]

    def select_version(self, version: str) -> bool:
        for r, m in enumerate(self.models):
            if m["version"] == version:
                self.table.selectRow(r)
                self._update_buttons()
                return True
        return False

    # ------------------------------------------------------------------ operating point
    def _show_operating_points(self) -> None:
        """The selected version's operating points: for each share of defects passed as ok, the good parts its
        thresholds send to review and reject, on the version's calibration parts (300 numbers: computed here)."""
        from vision.evaluate import operating_points

        v = self.selected_version()
        rec = next((m for m in self.models if m["version"] == v), None)
        scores = (rec or {}).get("calibration_scores") or {}
        thr = (rec or {}).get("thresholds") or {}
        from vision.evaluate import MISS_RATES

        rates = list(MISS_RATES)
        own = (rec or {}).get("calibration_miss_rate")
        if isinstance(own, (int, float)) and 0 < own < 1 and all(abs(own - r) > 1e-9 for r in rates):
            rates = sorted(rates + [float(own)])     # the version's own setting is offered too (e.g. 4 %)
        points = operating_points(scores.get("ok") or [], scores.get("defect") or [], miss_rates=tuple(rates))
        chosen = self.selected_point()                 # kept by its miss rate, not by its row, across a refresh
        keep_rate = chosen["target_miss_rate"] if chosen is not None else None
        for p in points:
            # calibration scores are kept to 5 decimals: a point within that of the thresholds is the one in use
            p["in_use"] = thr.get("warn") is not None and abs(p["warn"] - float(thr["warn"])) < 2e-5 \
                and abs(p["ng"] - float(thr["ng"])) < 2e-5
        self.op_points = points
        t = self.op_table
        t.blockSignals(True)
        t.setRowCount(len(points))
        for r, p in enumerate(points):
            e = p["expected"]
            cells = (f"{p['target_miss_rate'] * 100:.0f} %", f"{_fmt(p['warn'])} / {_fmt(p['ng'])}",
                     f"{e['good']['warn'] * 100:.0f} %", f"{e['good']['ng'] * 100:.1f} %",
                     self.tr("in use") if p["in_use"] else "")
            for c, text in enumerate(cells):
                t.setItem(r, c, QTableWidgetItem(text))
        row = next((r for r, p in enumerate(points) if keep_rate is not None
                    and abs(p["target_miss_rate"] - keep_rate) < 1e-9), None)
        if row is None:
            t.clearSelection()
        else:
            t.selectRow(row)
        t.blockSignals(False)
        if rec is None:
            self.op_title.setText(self.tr("Operating point: select a model version"))
        elif not points:
            self.op_title.setText(self.tr("Operating point of {0}: the model file holds no calibration scores "
                                          "(calibrate it again to weigh other points)").format(v))
        else:
            n = len(scores.get("ok") or []), len(scores.get("defect") or [])
            self.op_title.setText(self.tr("Operating point of {0}: what each protection costs the inspectors, on its "
                                          "{1} good and {2} defective calibration parts").format(v, n[0], n[1]))
        self._update_buttons()

    def selected_point(self) -> dict | None:
        r = self.op_table.currentRow()
        if r < 0 or not self.op_table.selectedItems() or r >= len(self.op_points):
            return None
        return self.op_points[r]

    def set_operating_point(self, version: str | None = None, point: dict | None = None) -> None:
        """Make ``point`` (default: the selected row) the thresholds the stations use with ``version``; same
        permission as activating a model, audited (``config.change``, before/after thresholds)."""
        version = version or self.selected_version()
        point = point or self.selected_point()
        if version is None or point is None:
            return
        user, access, reg, action = self._user(), self.runtime.access, self.registry, self._model_action()
        warn, ng = point["warn"], point["ng"]
        reason = f"operating point: {point['target_miss_rate'] * 100:.0f} % of defects passed as ok"

        def work():
            before, after = reg.thresholds(version), {"warn": warn, "ng": ng}
            target = f"model {version} thresholds"
            if access is not None:
                if action == "model.activate":
                    access.check(user, action, target)
                    access.audit.append(user, "model.operating_point", target, before=before, after=after,
                                        detail={"reason": reason})
                else:
                    access.config_change(user, target, before, after, detail={"reason": reason})
            elif user is None:
                raise PermissionDenied("log in to change the operating point")
            reg.set_operating_point(version, warn, ng, by=getattr(user, "name", None), reason=reason)
            return version

        def done(v):
            self._show(True, self.tr("Model {0} now judges with warn {1} and ng {2}: the stations use them with "
                                     "their next part").format(v, _fmt(warn), _fmt(ng)))
            self.refresh()

        run_async(work, on_done=done,
                  on_error=lambda exc: self._show(False, self.tr("Refused: {0}").format(tr_message(exc))
                                                  if isinstance(exc, PermissionDenied)
                                                  else self.tr("Not changed: {0}").format(exc)), owner=self)

    # ------------------------------------------------------------------ activate
    def activate(self, version: str | None = None, reason: str = "activated on the Models page") -> None:
        version = version or self.selected_version()
        if version is None:
            return
        user, access, reg, action = self._user(), self.runtime.access, self.registry, \
            self._model_action()

        def work():
            before = reg.active
            if access is not None:
                if action == "model.activate":
                    access.check(user, action, f"model {version}")
                    access.audit.append(user, "model.activate", f"model {version}", before=before, after=version,
                                        detail={"reason": reason})
                else:
                    access.config_change(user, "inspection model", before, version, detail={"reason": reason})
            elif user is None:
                raise PermissionDenied("log in to activate a model")
            reg.activate(version, by=getattr(user, "name", None), reason=reason)
            return version

        def done(v):
            self._show(True, self.tr("Model {0} is now active: the stations load it with their next part").format(v))
            self.refresh()

        run_async(work, on_done=done, on_error=lambda exc: self._show(False, self.tr("Refused: {0}").format(tr_message(exc))
                                                                      if isinstance(exc, PermissionDenied)
                                                                      else self.tr("Activation failed: {0}").format(exc)), owner=self)

    # ------------------------------------------------------------------ import
    def _choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Model file"), str(self._data_dir()),
                                              self.tr("Lineside models (*.pt)"))
        if path:
            self.import_model(path)

    def import_model(self, path: str | Path, note: str = "imported on the Models page") -> None:
        """Add a model file to the registry as a candidate (same permission as activation; audited)."""
        user, access, reg, action = self._user(), self.runtime.access, self.registry, \
            self._model_action()

        def work():
            if access is not None:
                access.check(user, action, f"model file {Path(path).name}")
            version = reg.add(path, note=note, by=getattr(user, "name", None))
            if access is not None:
                access.audit.append(user, "model.import", f"model {version}", after=version,
                                    detail={"file": str(path)})
            return version

        def done(v):
            self._show(True, self.tr("Model {0} added as a candidate").format(v))
            self.refresh()

        run_async(work, on_done=done, on_error=lambda exc: self._show(False, self.tr("Refused: {0}").format(tr_message(exc))
                                                                      if isinstance(exc, PermissionDenied)
                                                                      else self.tr("Import failed: {0}").format(exc)), owner=self)

    # ------------------------------------------------------------------ compare
    def _choose_compare_folder(self) -> None:
        start = str(self._data_dir())
        folder = QFileDialog.getExistingDirectory(self, self.tr("Evaluation folder (ok/ and defect/, or images)"), start)
        if folder:
            self.compare(folder)

    def compare(self, folder: str | Path, candidate: str | None = None) -> bool:
        candidate = candidate or self.selected_version()
        if candidate is None:
            self._show(False, self.tr("Select the candidate version to compare"))
            return False
        reg, progress = self.registry, self._progress_token()
        folder = Path(folder)

        def work():
            data = folder
            from vision.io import collect_samples

            if not collect_samples(folder):          # not labelled: every image in the folder
                from vision.io import list_images

                data = list_images(folder)
                if not data:
                    raise ValueError(f"{folder}: no images")
            return reg.compare(candidate, data, progress=progress)

        self.compare_summary.setText(self.tr("Comparing {0} with the active model on {1} ...").format(candidate, folder))
        return self._run_job("compare", work, self._compared,
                             lambda exc: self._show(False, self.tr("Comparison failed: {0}").format(exc)))

    def _compared(self, res: dict) -> None:
        self.comparison = res
        self._show_comparison(res)
        self._on_progress(1.0, self.tr("comparison done"))
        self.sig_compare_done.emit(res)

    def _show_comparison(self, res: dict) -> None:
        rows = res["images"]
        t = self.compare_table
        t.setRowCount(len(rows))
        lab = {0: "ok", 1: self.tr("defect"), None: "---"}
        for r, row in enumerate(rows):
            cells = (Path(row["image"]).name, lab.get(row["label"], str(row["label"])), _fmt(row["active_score"], 2),
                     row["active_verdict"] or "error", _fmt(row["candidate_score"], 2),
                     row["candidate_verdict"] or "error", self.tr("CHANGED") if row["changed"] else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setToolTip(row["image"] + (f"\n{row['error']}" if row.get("error") else ""))
                if c == 6 and row["changed"]:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                t.setItem(r, c, item)
        s = res["summary"]
        text = (self.tr("{0} vs active {1}: {2} images, {3} verdicts changed").format(
                    res["candidate"], res["active"], s["n"], s["changed"])
                + (f" ({', '.join(f'{k} {v}' for k, v in s['transitions'].items())})" if s["transitions"] else "")
                + (self.tr(", {0} unreadable").format(s["errors"]) if s["errors"] else ""))
        if "candidate_metrics" in s:
            am, cm = s["active_metrics"], s["candidate_metrics"]
            text += self.tr(".  AUROC {0} -> {1}, accuracy {2} -> {3}; new misses {4}, new catches {5}").format(
                _fmt(am["auroc"]), _fmt(cm["auroc"]), _fmt(am["accuracy"]), _fmt(cm["accuracy"]), s["new_misses"],
                s["new_catches"])
        self.compare_summary.setText(text)

    # ------------------------------------------------------------------ retrain
    def retrain(self, out_dir: str | Path | None = None, **train_kwargs) -> bool:
        """Export reviewed images and train a candidate on the job thread (Cancel stops it)."""
        user, access, reg, store = self._user(), self.runtime.access, self.registry, self.store
        if store is None:
            self._show(False, self.tr("No plant database: there are no reviewed images"))
            return False
        action = self._model_action()
        if access is not None:
            try:
                access.check(user, action, "model retraining")
            except PermissionDenied as exc:
                self._show(False, self.tr("Refused: {0}").format(tr_message(exc)))
                return False
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = Path(out_dir) if out_dir else self._data_dir() / "retrain" / stamp
        kw = dict(self.train_kwargs, **train_kwargs)
        progress = self._progress_token()
        exporting_text = self.tr("exporting reviewed images")
        too_few = self.tr("too few reviewed images to retrain: {0} ok and {1} defect (at least {2} of each)")

        def work():
            from vision.progress import Cancelled
            from vision.train import train

            try:
                progress.update(0.0, exporting_text)
                exp = store.export_reviewed(base / "data")
                if exp["ok"] < MIN_PER_CLASS or exp["defect"] < MIN_PER_CLASS:
                    raise ValueError(too_few.format(exp["ok"], exp["defect"], MIN_PER_CLASS))
                progress.check()
                res = train(base / "data", base / "candidate.pt", progress=progress, **kw)
            except Cancelled:
                return None
            note = f"retrained from {exp['ok']} ok + {exp['defect']} defect reviewed images"
            version = reg.add(res.model_path, note=note, by=getattr(user, "name", None))
            if access is not None:
                access.audit.append(user, "model.train", f"model {version}", after=version,
                                    detail={"images_ok": exp["ok"], "images_defect": exp["defect"],
                                            "epochs_run": res.epochs_run, "metrics": res.meta.get("metrics")})
            return version

        def done(version):
            if version is None:
                self._on_progress(0.0, self.tr("cancelled"))
                self._show(False, self.tr("Retraining cancelled: nothing was added"))
            else:
                self._show(True, self.tr("Candidate {0} added: compare it with the active model before activating").format(
                    version))
                self._on_progress(1.0, self.tr("done"))
                self.refresh()
            self.sig_train_done.emit(version)

        def failed(exc):
            self._show(False, self.tr("Retraining failed: {0}").format(exc))
            self.sig_train_done.emit(None)

        self.cancel_button.setEnabled(True)
        return self._run_job("train", work, done, failed)

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancel()
            self.progress_bar.setFormat(self.tr("cancelling ..."))


__all__ = ["ModelsPage"]

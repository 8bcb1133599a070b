"""Devices page (engineer and up): set up devices and tags on screen, preview live values, save the plant file.

    DevicesPage(runtime, session, bridge, parent)

* **Devices** (left): every device of the plant file being edited, with its protocol, address, tag count and
  connection state.  Add / Edit (a form per protocol: Modbus TCP and RTU, OPC UA, Siemens S7), Remove, and
  **Test connection** (latency and the identity the device gives, on a worker: the station's own acquisition is
  not disturbed).
* **Tags** of the selected device with their **live values** once applied.  Add / Edit (the tag sheet's
  columns: address, type, scale and offset, unit, normal range, alarm limits, write limits, scan class, all
  checked by the plant file's own rules, a wrong field named and marked), Remove, **Import sheet** (CSV or XLSX,
  the form a PLC programmer hands over: every row checked, one wrong row imports nothing, and the report lists
  each problem by row and column) and **Template** (the sheet to fill in).
* **Browse** what the device offers: the OPC UA address space (double-click a folder to open it), a Modbus
  register range with every reading side by side (int16/uint16; float32, int32 and uint32 in the four word and
  byte orders), an S7 data block's words.  **Add as tag** adds the selected item (for Modbus: read as the column
  whose cell is selected) in one touch.
* **Scan classes** and the plant file's **versions** (each saved version is kept in the plant database; one can
  be loaded back into the editor).

Every change is made to a draft (:class:`hmi.plantfile.draft.PlantDraft`) and checked at once.  **Apply** runs
the draft: only the devices it changes are restarted (the others are read on without a gap), and the page says
plainly what takes the change only at the next start of the station.  **Save** writes the plant file atomically
(the old one kept as a dated backup), keeps the version in the database, audits the change with its difference
and applies it.  Without the ``devices.configure`` permission (engineer and up) every action is disabled and the
page says why, before anything is typed.  Blocking work (probes, browsing, sheets, applying, saving, the
database) runs on worker threads.

Run alone: ``python -m hmi.ui.pages.devices`` (a simulated plant and an empty plant file to set up).
"""
from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QFrame,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QStackedWidget, QTableView, QTabWidget, QVBoxLayout, QWidget)

from hmi.config import MODBUS_PROTOCOLS, PROTOCOLS, ConfigError, PlantConfig
from hmi.messages import message_of
from hmi.plantfile.browse import READINGS, register_readings, tag_row_of
from hmi.plantfile.draft import CONNECTION_FIELDS, PlantDraft
from hmi.plantfile.tagsheet import COLUMNS, SheetError
from hmi.services import AccessGate, Connector, LiveData, PlantSetup, connect
from hmi.ui.alarm_bridge import run_async
from hmi.ui.held_rows import RowsModel
from hmi.ui.i18n import tr_message
from hmi.ui.layout import grid_of, hbox, hsplit
from hmi.ui.login import error_style, ok_style, show_refusal
from widgets import theme
from widgets.locale_format import format_datetime, format_number
from widgets.retranslate import form_row, retext

__all__ = ["DevicesPage", "DeviceDialog", "TagDialog"]

PERMISSION = "devices.configure"
PROTOCOL_NAMES = {"modbus-tcp": "Modbus TCP", "modbus-rtu": "Modbus RTU", "opcua": "OPC UA", "s7": "Siemens S7"}
_INT_FIELDS = {"port", "unit_id", "retries", "baudrate", "stopbits", "bytesize", "rack", "slot"}
_FLOAT_FIELDS = {"timeout_s"}
#: connection fields as the form labels them
FIELD_LABELS = {
    "host": QT_TRANSLATE_NOOP("DevicesPage", "Host (IP address or name)"),
    "port": QT_TRANSLATE_NOOP("DevicesPage", "Port"),
    "unit_id": QT_TRANSLATE_NOOP("DevicesPage", "Unit id"),
    "timeout_s": QT_TRANSLATE_NOOP("DevicesPage", "Timeout (s)"),
    "retries": QT_TRANSLATE_NOOP("DevicesPage", "Retries"),
    "serial_port": QT_TRANSLATE_NOOP("DevicesPage", "Serial port (COM3, /dev/ttyUSB0)"),
    "baudrate": QT_TRANSLATE_NOOP("DevicesPage", "Baud rate"),
    "parity": QT_TRANSLATE_NOOP("DevicesPage", "Parity (N, E, O)"),
    "stopbits": QT_TRANSLATE_NOOP("DevicesPage", "Stop bits"),
    "bytesize": QT_TRANSLATE_NOOP("DevicesPage", "Data bits"),
    "endpoint": QT_TRANSLATE_NOOP("DevicesPage", "Endpoint (opc.tcp://host:4840/path)"),
    "security_policy": QT_TRANSLATE_NOOP("DevicesPage", "Security policy (None, Basic256Sha256)"),
    "security_mode": QT_TRANSLATE_NOOP("DevicesPage", "Security mode (None, Sign, SignAndEncrypt)"),
    "username": QT_TRANSLATE_NOOP("DevicesPage", "User name (empty: anonymous)"),
    "password_env": QT_TRANSLATE_NOOP("DevicesPage", "Password from environment variable"),
    "rack": QT_TRANSLATE_NOOP("DevicesPage", "Rack"),
    "slot": QT_TRANSLATE_NOOP("DevicesPage", "Slot (S7-1200/1500: 1; S7-300: 2)"),
}
_DEFAULTS = {"modbus-tcp": {"port": "502", "unit_id": "1"}, "modbus-rtu": {"baudrate": "19200", "parity": "E",
             "unit_id": "1"}, "opcua": {"endpoint": "opc.tcp://"}, "s7": {"port": "102", "rack": "0", "slot": "1"}}


def _address_of(eq) -> str:
    c = eq.connection
    if c.protocol == "modbus-tcp":
        return f"{c.host}:{c.port} #{c.unit_id}"
    if c.protocol == "modbus-rtu":
        return f"{c.serial_port} {c.baudrate} {c.parity} #{c.unit_id}"
    if c.protocol == "opcua":
        return c.endpoint
    return f"{c.host}:{c.port} {c.rack}/{c.slot}"


def _problem_text(exc: BaseException) -> str:
    if isinstance(exc, SheetError):
        return "\n".join(str(p) for p in exc.problems)
    if isinstance(exc, ConfigError):
        return f"{exc.field}: {exc.reason}" if exc.field else exc.reason
    if isinstance(exc, KeyError):
        return str(exc.args[0]) if exc.args else str(exc)
    return tr_message(message_of(exc))


# ------------------------------------------------------------------------------------------------ dialogs
def _error_and_buttons(dialog: QDialog, name: str) -> QVBoxLayout:
    """The refusal line (``dialog.error``, empty until the plant file's rules refuse the entry) above Cancel and OK
    (``dialog.ok`` runs ``dialog.try_accept``), as every form of the page ends."""
    dialog.error = QLabel("", dialog)
    dialog.error.setObjectName(f"{name}_error")
    dialog.error.setWordWrap(True)
    dialog.error.setStyleSheet(error_style())
    dialog.ok, dialog.cancel = QPushButton(dialog), QPushButton(dialog)
    dialog.ok.setObjectName(f"{name}_ok")
    for b in (dialog.ok, dialog.cancel):
        b.setMinimumHeight(theme.TOUCH_PX)
    retext(dialog, lambda: (dialog.ok.setText(QCoreApplication.translate("DevicesPage", "OK")),
                            dialog.cancel.setText(QCoreApplication.translate("DevicesPage", "Cancel"))))
    dialog.ok.clicked.connect(dialog.try_accept)
    dialog.cancel.clicked.connect(dialog.reject)
    out = QVBoxLayout()
    out.addWidget(dialog.error)
    out.addLayout(hbox(None, dialog.cancel, dialog.ok))
    return out


class DeviceDialog(QDialog):
    """Add or edit a device: line, id, name, kind, description, protocol and its connection fields.  OK calls
    ``take(line_id, fields, connection)`` (which raises when the plant file's rules refuse it: the dialog stays
    open with the reason, the field it names marked)."""

    def __init__(self, take, lines: list[tuple[str, str]], parent=None, *, line_id: str = "",
                 fields: dict | None = None, connection: dict | None = None, editing: bool = False):
        super().__init__(parent)
        self.take = take
        self.setModal(True)
        self.setMinimumWidth(560)
        self.setWindowTitle(self.tr("Edit device") if editing else self.tr("Add device"))
        fields, connection = dict(fields or {}), dict(connection or {})
        self._hidden_conn = {k: v for k, v in connection.items() if k == "password"}  # kept, never shown
        form = QFormLayout(self)
        self.line = QComboBox(self)
        self.line.setObjectName("device_line")
        self.line.setEditable(not editing)
        for lid, name in lines:
            self.line.addItem(f"{lid} ({name})" if name and name != lid else lid, lid)
        if line_id:
            self.line.setCurrentIndex(max(0, self.line.findData(line_id)))
        self.line.setEnabled(not editing)
        self.edits: dict[str, QLineEdit] = {}
        form_row(self, form, lambda: self.tr("Line"), self.line)
        for key, label in (("id", lambda: self.tr("Id (letters, digits, _)")), ("name", lambda: self.tr("Name")),
                           ("kind", lambda: self.tr("Kind (press, caster, welder ...)")),
                           ("description", lambda: self.tr("Description"))):
            e = self._edit(f"device_{key}", str(fields.get(key, "")))
            self.edits[key] = e
            form_row(self, form, label, e)
        self.protocol = QComboBox(self)
        self.protocol.setObjectName("device_protocol")
        self.protocol.setMinimumHeight(theme.TOUCH_PX)
        for p in PROTOCOLS:
            self.protocol.addItem(PROTOCOL_NAMES.get(p, p), p)
        form_row(self, form, lambda: self.tr("Protocol"), self.protocol)
        self.stack = QStackedWidget(self)
        self.conn_edits: dict[str, dict[str, QLineEdit]] = {}
        proto_now = connection.get("protocol", "modbus-tcp")
        for p in PROTOCOLS:
            box = QWidget(self.stack)
            f = QFormLayout(box)
            f.setContentsMargins(0, 0, 0, 0)
            self.conn_edits[p] = {}
            for key in CONNECTION_FIELDS[p]:
                value = connection.get(key) if p == proto_now else None
                e = self._edit(f"conn_{p}_{key}", "" if value is None else str(value))
                if value is None and p != proto_now or (value is None and not editing):
                    e.setText(_DEFAULTS.get(p, {}).get(key, ""))
                self.conn_edits[p][key] = e
                form_row(self, f, lambda k=key: tr_message(FIELD_LABELS[k]), e)
            self.stack.addWidget(box)
        form.addRow(self.stack)
        self.protocol.currentIndexChanged.connect(self.stack.setCurrentIndex)
        self.protocol.setCurrentIndex(max(0, self.protocol.findData(proto_now)))
        self.stack.setCurrentIndex(self.protocol.currentIndex())
        form.addRow(_error_and_buttons(self, "device"))

    def _edit(self, name: str, text: str = "") -> QLineEdit:
        e = QLineEdit(text, self)
        e.setObjectName(name)
        e.setMinimumHeight(theme.TOUCH_PX)
        return e

    def values(self) -> tuple[str, dict, dict]:
        line = self.line.currentData() if self.line.currentIndex() >= 0 and \
            self.line.currentText() == self.line.itemText(self.line.currentIndex()) else self.line.currentText()
        line = (line or "").strip()
        fields = {k: e.text().strip() for k, e in self.edits.items()}
        proto = self.protocol.currentData()
        conn: dict = {"protocol": proto}
        for key, e in self.conn_edits[proto].items():
            text = e.text().strip()
            if not text:
                continue
            try:
                conn[key] = int(text) if key in _INT_FIELDS else float(text) if key in _FLOAT_FIELDS else text
            except ValueError:
                conn[key] = text  # the plant file's rules say what is wrong with it
        conn.update(self._hidden_conn)
        return line, fields, conn

    def try_accept(self) -> bool:
        for e in [*self.edits.values(), *(x for d in self.conn_edits.values() for x in d.values())]:
            e.setStyleSheet("")
        line, fields, conn = self.values()
        try:
            self.take(line, fields, conn)
        except (ConfigError, ValueError, KeyError) as exc:
            self.error.setText(_problem_text(exc))
            where = getattr(exc, "field", "") or ""
            key = where.rsplit(".", 1)[-1]
            bad = self.conn_edits[conn["protocol"]].get(key) if ".connection" in where else self.edits.get(key)
            if bad is not None:
                bad.setStyleSheet(f"border: 2px solid {theme.ALARM};")
                bad.setFocus()
            return False
        self.accept()
        return True


class TagDialog(QDialog):
    """Add or edit one tag as a row of the tag sheet (:data:`hmi.plantfile.tagsheet.COLUMNS`, those the
    device's protocol takes).  OK calls ``take(row)``; a refusal names the column, marks its field and keeps the
    dialog open."""

    def __init__(self, take, protocol: str, scan_classes: list[str], parent=None, *, row: dict | None = None,
                 title: str = ""):
        super().__init__(parent)
        self.take = take
        self.setModal(True)
        self.setMinimumWidth(620)
        self.setWindowTitle(title or self.tr("Tag"))
        row = dict(row or {})
        modbus = protocol in MODBUS_PROTOCOLS
        skip = set() if modbus else {"table", "word_order", "byte_order"}
        if protocol != "opcua":
            skip.add("mode")
        self.edits: dict[str, QWidget] = {}
        grid = QFormLayout()
        for col, what in COLUMNS.items():
            if col in skip:
                continue
            if col == "table":
                w = QComboBox(self)
                for t in ("holding_register", "input_register", "coil", "discrete_input"):
                    w.addItem(t, t)
                w.setCurrentIndex(max(0, w.findData(row.get("table", "holding_register"))))
            elif col == "type":
                w = QComboBox(self)
                for t in ("bool", "int16", "uint16", "int32", "uint32", "float32", "float64", "string"):
                    w.addItem(t, t)
                w.setCurrentIndex(max(0, w.findData(row.get("type", "uint16" if modbus else "float32"))))
            elif col == "scan_class":
                w = QComboBox(self)
                for t in scan_classes:
                    w.addItem(t, t)
                w.setCurrentIndex(max(0, w.findData(row.get("scan_class", "normal"))))
            elif col == "writable":
                w = QCheckBox(self)
                w.setChecked(str(row.get("writable", "")).lower() in ("yes", "true", "1"))
            else:
                value = row.get(col)
                w = QLineEdit("" if value is None else format_number(value) if isinstance(value, float) and
                              not math.isnan(value) and col != "address" else str(value), self)
                w.setPlaceholderText(what)
            w.setObjectName(f"tag_{col}")
            w.setMinimumHeight(theme.TOUCH_PX if not isinstance(w, QCheckBox) else 0)
            self.edits[col] = w
            grid.addRow(col, w)
        box = QVBoxLayout(self)
        box.addLayout(grid)
        box.addLayout(_error_and_buttons(self, "tag"))

    def row(self) -> dict:
        out = {}
        for col, w in self.edits.items():
            if isinstance(w, QComboBox):
                out[col] = w.currentData()
            elif isinstance(w, QCheckBox):
                if w.isChecked():
                    out[col] = "yes"
            else:
                text = w.text().strip()
                if text:
                    out[col] = text
        return out

    def try_accept(self) -> bool:
        for w in self.edits.values():
            w.setStyleSheet("")
        try:
            self.take(self.row())
        except (SheetError, ConfigError, ValueError, KeyError) as exc:
            self.error.setText(_problem_text(exc))
            for p in getattr(exc, "problems", []):
                w = self.edits.get(p.column)
                if w is not None:
                    w.setStyleSheet(f"border: 2px solid {theme.ALARM};")
            return False
        self.accept()
        return True


# ------------------------------------------------------------------------------------------------ models
class DeviceRows(RowsModel):
    COLUMNS = (QT_TRANSLATE_NOOP("DevicesPage", "Device"), QT_TRANSLATE_NOOP("DevicesPage", "Line"),
               QT_TRANSLATE_NOOP("DevicesPage", "Protocol"), QT_TRANSLATE_NOOP("DevicesPage", "Address"),
               QT_TRANSLATE_NOOP("DevicesPage", "Tags"), QT_TRANSLATE_NOOP("DevicesPage", "State"))
    CONTEXT = "DevicesPage"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.status: dict = {}
        self.running: set[str] = set()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        eq = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{eq.id} · {eq.name}" if eq.name and eq.name != eq.id else eq.id
            if col == 1:
                return eq.line_id
            if col == 2:
                return PROTOCOL_NAMES.get(eq.connection.protocol, eq.connection.protocol)
            if col == 3:
                return _address_of(eq)
            if col == 4:
                return str(len(eq.tags))
            return self._state(eq)[0]
        if role == Qt.ItemDataRole.ForegroundRole and col == 5:
            return self._state(eq)[1]
        return None

    def _state(self, eq) -> tuple[str, QColor | None]:
        if eq.id not in self.running:
            return QCoreApplication.translate("DevicesPage", "not applied"), None
        st = self.status.get(eq.id)
        if st is None:
            return QCoreApplication.translate("DevicesPage", "starting"), None
        if st.connected:
            return QCoreApplication.translate("DevicesPage", "connected"), None
        return "? " + QCoreApplication.translate("DevicesPage", "no connection"), QColor(theme.COMM_FAIL)


class TagRows(RowsModel):
    COLUMNS = (QT_TRANSLATE_NOOP("DevicesPage", "Tag"), QT_TRANSLATE_NOOP("DevicesPage", "Address"),
               QT_TRANSLATE_NOOP("DevicesPage", "Type"), QT_TRANSLATE_NOOP("DevicesPage", "Value"),
               QT_TRANSLATE_NOOP("DevicesPage", "Unit"), QT_TRANSLATE_NOOP("DevicesPage", "Quality"),
               QT_TRANSLATE_NOOP("DevicesPage", "Scan"), QT_TRANSLATE_NOOP("DevicesPage", "Alarms"))
    CONTEXT = "DevicesPage"
    VALUE, QUALITY = 3, 5

    def __init__(self, parent=None):
        super().__init__(parent)
        self.latest: dict = {}
        self.applied: set[str] = set()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        t = self.rows[index.row()]
        col = index.column()
        if col == 0:
            return t.name
        if col == 1:
            return t.protocol_address
        if col == 2:
            return t.type
        if col in (self.VALUE, self.QUALITY):
            if t.key not in self.applied:
                return QCoreApplication.translate("DevicesPage", "not applied") if col == self.VALUE else ""
            s = self.latest.get(t.key)
            if s is None:
                return "---" if col == self.VALUE else ""
            if col == self.QUALITY:
                return getattr(s.quality, "name", str(s.quality))
            v = s.value
            return format_number(v, 3) if isinstance(v, float) else str(v)
        if col == 4:
            return t.unit
        if col == 6:
            return t.scan_class
        return ", ".join(f"{a.kind} {format_number(a.limit)}" if a.limit is not None else a.kind for a in t.alarms)


class BrowseRows(RowsModel):
    """Browse results: the OPC UA / S7 columns, or for a Modbus register range one column per reading."""

    CONTEXT = "DevicesPage"
    PLAIN = (QT_TRANSLATE_NOOP("DevicesPage", "Address"), QT_TRANSLATE_NOOP("DevicesPage", "Name"),
             QT_TRANSLATE_NOOP("DevicesPage", "Kind"), QT_TRANSLATE_NOOP("DevicesPage", "Type"),
             QT_TRANSLATE_NOOP("DevicesPage", "Value"), QT_TRANSLATE_NOOP("DevicesPage", "Description"))
    COLUMNS = PLAIN

    def __init__(self, parent=None):
        super().__init__(parent)
        self.readings: list[dict] = []
        self.registers = False

    def set_items(self, items: list) -> None:
        self.beginResetModel()
        self.rows = list(items)
        self.registers = bool(items) and all(i.kind == "register" and isinstance(i.value, int) and
                                             i.address.split(" ")[0] in ("holding_register", "input_register")
                                             for i in items)
        if self.registers:
            self.readings = register_readings([i.value for i in items])
            self.COLUMNS = (QT_TRANSLATE_NOOP("DevicesPage", "Register"), "hex", *(r.label for r in READINGS))
        else:
            self.readings = []
            self.COLUMNS = self.PLAIN
        self.endResetModel()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if self.registers and section >= 2 and orientation == Qt.Orientation.Horizontal \
                and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return super().headerData(section, orientation, role)

    def reading_of(self, column: int):
        return READINGS[column - 2] if self.registers and column >= 2 else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.description or item.address
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if self.registers:
            if col == 0:
                return item.address
            if col == 1:
                return f"{item.value:04X}"
            v = self.readings[index.row()][READINGS[col - 2].label]
            if v is None:
                return ""
            return f"{v:.6g}" if isinstance(v, float) else str(v)
        if col == 0:
            return item.address
        if col == 1:
            return item.name + (" ▸" if item.has_children else "")
        if col == 2:
            return item.kind
        if col == 3:
            return item.type
        if col == 4:
            v = item.value
            return "" if v is None else f"{v:.6g}" if isinstance(v, float) else str(v)
        return item.description


class VersionRows(RowsModel):
    COLUMNS = ("#", QT_TRANSLATE_NOOP("DevicesPage", "Saved"), QT_TRANSLATE_NOOP("DevicesPage", "By"),
               QT_TRANSLATE_NOOP("DevicesPage", "File"), QT_TRANSLATE_NOOP("DevicesPage", "Changes"))
    CONTEXT = "DevicesPage"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        v = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(v.changes[:40])
        return (str(v.id), format_datetime(v.ts), v.user or "", v.path,
                f"{len(v.changes)}: " + "; ".join(v.changes[:3]) + (" ..." if len(v.changes) > 3 else ""))[index.column()]


class ReportRows(RowsModel):
    COLUMNS = (QT_TRANSLATE_NOOP("DevicesPage", "Row"), QT_TRANSLATE_NOOP("DevicesPage", "Column"),
               QT_TRANSLATE_NOOP("DevicesPage", "Result"))
    CONTEXT = "DevicesPage"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col, text, ok = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(row), col, text)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not ok:
            return QColor(theme.ALARM)
        return None


def _table(parent, model, name: str, widths=()) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(theme.TOUCH_PX - 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultSectionSize(120)
    for i, w in enumerate(widths):
        view.horizontalHeader().resizeSection(i, w)
    return view


# ------------------------------------------------------------------------------------------------ page
class DevicesPage(QWidget):
    """See the module text.

    Signals
    -------
    sig_draft_changed()
        the draft plant file changed (an edit, an import, an undo, a version loaded); no payload.
    sig_applied(object)
        the draft now runs; payload: :class:`hmi.runtime.AppliedPlant`.
    sig_saved(object)
        the plant file was saved and applied; payload: :class:`hmi.runtime.SavedPlant`.
    sig_probed(object)
        a connection test ended; payload: :class:`hmi.plantfile.probe.ProbeResult`.
    sig_browsed(list)
        a browse ended; payload: the :class:`hmi.equipment.driver.BrowseItem` s shown.
    sig_imported(object)
        a sheet import ended; payload: the list of tag tables added, or the :class:`SheetError`.
    """

    sig_draft_changed = Signal()
    sig_applied = Signal(object)
    sig_saved = Signal(object)
    sig_probed = Signal(object)
    sig_browsed = Signal(list)
    sig_imported = Signal(object)

    CONNECTORS = (Connector("plant", PlantConfig), Connector("live", LiveData),
                  Connector("plant_setup", PlantSetup), Connector("access", AccessGate, optional=True))

    def __init__(self, runtime, session=None, bridge=None, parent=None):
        super().__init__(parent)
        self.services = connect(self, runtime)
        self.session = session
        self.bridge = bridge
        self._busy = False
        self._message, self._message_ok = "", True
        self._draft_summary = (0, False)  # see _summarise_draft
        self._browse_path: list[str | None] = []
        self.setup = setup = self.services.plant_setup
        self.draft = PlantDraft(setup.plant_text, setup.plant_file or "plant.toml") if setup.plant_text else None
        self.applied_plant: PlantConfig = setup.running_plant()

        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("devices_file")
        self.file_label.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("devices_hint")
        self.hint.setWordWrap(True)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("devices_state")
        self.state_label.setWordWrap(True)
        self.state_label.setFont(theme.font(theme.FONT_SIZE_LARGE, bold=True))

        def button(name):
            b = QPushButton(self)
            b.setObjectName(name)
            b.setMinimumHeight(theme.TOUCH_PX)
            return b

        self.apply_button, self.save_button, self.undo_button = (button("devices_apply"), button("devices_save"),
                                                                  button("devices_undo"))
        self.add_device_button, self.edit_device_button, self.remove_device_button, self.test_button = (
            button("device_add"), button("device_edit"), button("device_remove"), button("device_test"))
        self.add_tag_button, self.edit_tag_button, self.remove_tag_button = (
            button("tag_add"), button("tag_edit"), button("tag_remove"))
        self.import_button, self.template_button = button("tags_import"), button("tags_template")
        self.browse_button, self.browse_up_button, self.add_browsed_button = (
            button("browse_go"), button("browse_up"), button("browse_add"))
        self.load_version_button = button("version_load")
        self.scan_set_button, self.scan_remove_button = button("scan_set"), button("scan_remove")

        self.devices = DeviceRows(self)
        self.device_view = _table(self, self.devices, "device_table", (190, 60, 100, 170, 50))
        self.device_view.selectionModel().currentRowChanged.connect(lambda *_: self._device_selected())
        self.device_view.doubleClicked.connect(lambda *_: self.edit_device_dialog())
        self.probe_label = QLabel(self)
        self.probe_label.setObjectName("probe_result")
        self.probe_label.setWordWrap(True)

        self.tags = TagRows(self)
        self.tag_view = _table(self, self.tags, "tag_table", (140, 140, 70, 100, 60, 80, 65))
        self.tag_view.doubleClicked.connect(lambda *_: self.edit_tag_dialog())
        self.tag_view.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.report = ReportRows(self)
        self.report_view = _table(self, self.report, "import_report")
        self.report_view.horizontalHeader().resizeSection(0, 60)
        self.report_view.horizontalHeader().resizeSection(1, 120)
        self.report_title = QLabel(self)
        self.report_title.setObjectName("import_report_title")
        self.report_title.setWordWrap(True)
        self.report_box = QFrame(self)
        rb = QVBoxLayout(self.report_box)
        rb.setContentsMargins(0, 0, 0, 0)
        rb.addWidget(self.report_title)
        rb.addWidget(self.report_view)
        self.report_box.setVisible(False)

        self.browse_where = QLineEdit(self)
        self.browse_where.setObjectName("browse_where")
        self.browse_where.setMinimumHeight(theme.TOUCH_PX)
        self.browse = BrowseRows(self)
        self.browse_view = _table(self, self.browse, "browse_table")
        self.browse_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.browse_view.doubleClicked.connect(self._browse_into)
        self.browse_view.selectionModel().currentChanged.connect(lambda *_: self._update())
        self.browse_label = QLabel(self)
        self.browse_label.setObjectName("browse_state")
        self.browse_label.setWordWrap(True)

        self.scan_name, self.scan_period = QLineEdit(self), QLineEdit(self)
        self.scan_name.setObjectName("scan_name")
        self.scan_period.setObjectName("scan_period")
        self.scan_label = QLabel(self)
        self.scan_label.setWordWrap(True)
        self.versions = VersionRows(self)
        self.version_view = _table(self, self.versions, "version_table")

        # ------------------------------------------------------------ layout
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.devices_caption = QLabel(left)
        self.devices_caption.setProperty("role", "section")
        lv.addWidget(self.devices_caption)
        lv.addWidget(self.device_view, 1)
        lv.addLayout(grid_of([[self.add_device_button, self.edit_device_button],
                              [self.remove_device_button, self.test_button]]))
        lv.addWidget(self.probe_label)

        self.tabs = QTabWidget(self)
        tags_tab = QWidget(self.tabs)
        tv = QVBoxLayout(tags_tab)
        tv.addWidget(self.tag_view, 3)
        tv.addLayout(hbox(self.add_tag_button, self.edit_tag_button, self.remove_tag_button, None,
                          self.template_button, self.import_button))
        tv.addWidget(self.report_box, 2)
        browse_tab = QWidget(self.tabs)
        bv = QVBoxLayout(browse_tab)
        bv.addLayout(hbox(self.browse_up_button, self.browse_where, self.browse_button))
        bv.addWidget(self.browse_label)
        bv.addWidget(self.browse_view, 1)
        bv.addLayout(hbox(None, self.add_browsed_button))
        scan_tab = QWidget(self.tabs)
        sv = QVBoxLayout(scan_tab)
        sf = QFormLayout()
        form_row(self, sf, lambda: self.tr("Scan class"), self.scan_name)
        form_row(self, sf, lambda: self.tr("Period (s)"), self.scan_period)
        sv.addLayout(sf)
        sv.addLayout(hbox(None, self.scan_remove_button, self.scan_set_button))
        sv.addWidget(self.scan_label, 1)
        versions_tab = QWidget(self.tabs)
        vv = QVBoxLayout(versions_tab)
        vv.addWidget(self.version_view, 1)
        vv.addLayout(hbox(None, self.load_version_button))
        self.tabs.addTab(tags_tab, "")
        self.tabs.addTab(browse_tab, "")
        self.tabs.addTab(scan_tab, "")
        self.tabs.addTab(versions_tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 10, 12, 10)
        root.addLayout(hbox(self.title, None, self.undo_button, self.apply_button, self.save_button))
        root.addWidget(self.file_label)
        root.addWidget(self.hint)
        root.addWidget(self.state_label)
        root.addWidget(hsplit(self, left, self.tabs, stretch=(2, 3), sizes=(560, 840)), 1)

        retext(self, self._texts)
        for b, fn in ((self.apply_button, self.apply), (self.save_button, self.save),
                      (self.undo_button, self.undo), (self.add_device_button, self.add_device_dialog),
                      (self.edit_device_button, self.edit_device_dialog),
                      (self.remove_device_button, self.remove_device), (self.test_button, self.test_connection),
                      (self.add_tag_button, self.add_tag_dialog), (self.edit_tag_button, self.edit_tag_dialog),
                      (self.remove_tag_button, self.remove_tag), (self.import_button, self.import_dialog),
                      (self.template_button, self.template_dialog), (self.browse_button, self.browse_now),
                      (self.browse_up_button, self.browse_up), (self.add_browsed_button, self.add_browsed),
                      (self.load_version_button, self.load_version), (self.scan_set_button, self.set_scan_class),
                      (self.scan_remove_button, self.remove_scan_class)):
            b.clicked.connect(lambda _=False, f=fn: f())
        if session is not None and hasattr(session, "sig_user_changed"):
            session.sig_user_changed.connect(lambda *_: self._update())
        if bridge is not None:
            bridge.sig_status.connect(self._on_status)
        self._value_timer = QTimer(self)
        self._value_timer.setInterval(500)
        self._value_timer.timeout.connect(self._refresh_values)
        self._value_timer.start()
        self._rebuild()
        self.refresh_versions()

    # ------------------------------------------------------------------ texts and state
    def _texts(self) -> None:
        self.title.setText(self.tr("Devices and tags"))
        self.devices_caption.setText(self.tr("Devices"))
        self.apply_button.setText(self.tr("Apply (preview live)"))
        self.save_button.setText(self.tr("Save and apply"))
        self.undo_button.setText(self.tr("Undo"))
        self.add_device_button.setText(self.tr("Add device..."))
        self.edit_device_button.setText(self.tr("Edit device..."))
        self.remove_device_button.setText(self.tr("Remove device"))
        self.test_button.setText(self.tr("Test connection"))
        self.add_tag_button.setText(self.tr("Add tag..."))
        self.edit_tag_button.setText(self.tr("Edit tag..."))
        self.remove_tag_button.setText(self.tr("Remove tag"))
        self.import_button.setText(self.tr("Import sheet..."))
        self.template_button.setText(self.tr("Template..."))
        self.browse_button.setText(self.tr("Browse"))
        self.browse_up_button.setText(self.tr("Up"))
        self.add_browsed_button.setText(self.tr("Add as tag"))
        self.load_version_button.setText(self.tr("Load this version into the editor"))
        self.scan_set_button.setText(self.tr("Set period"))
        self.scan_remove_button.setText(self.tr("Remove scan class"))
        for i, t in enumerate((self.tr("Tags"), self.tr("Browse"), self.tr("Scan classes"), self.tr("Versions"))):
            self.tabs.setTabText(i, t)
        self.browse_where.setPlaceholderText(self.tr("OPC UA: a node (empty: the top); Modbus: holding_register 0 20; "
                                                     "S7: DB10 0 64"))
        self.scan_period.setPlaceholderText(self.tr("seconds, e.g. 0.5"))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for m in (self.devices, self.tags, self.browse, self.versions, self.report):
            m.retitle()
        self._update()

    def user(self):
        return getattr(self.session, "user", None) if self.session is not None else None

    def allowed(self) -> tuple[bool, str]:
        access, user = self.services.access, self.user()
        if self.draft is None:
            return False, self.tr("This station was started without a plant file: start it with "
                                  "lineside run --config FILE to set devices up here.")
        if access is None:
            return True, ""
        if access.allowed(user, PERMISSION):
            return True, ""
        return False, self.tr("Setting up devices needs {0}{1}.").format(
            tr_message(access.role_table[PERMISSION].who()), "" if user is not None else self.tr("; log in first"))

    def selected_device(self) -> str | None:
        idx = self.device_view.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.devices.rows):
            return None
        return self.devices.rows[idx.row()].id

    def selected_tag(self) -> str | None:
        idx = self.tag_view.currentIndex()
        if not idx.isValid() or idx.row() >= len(self.tags.rows):
            return None
        return self.tags.rows[idx.row()].name

    def _say(self, text: str, ok: bool = True) -> None:
        self._message, self._message_ok = text, ok
        self._update()

    def _update(self) -> None:
        ok, why = self.allowed()
        show_refusal(self.hint, why)
        d = self.draft
        if d is not None:
            exists = self.setup.plant_file_exists
            self.file_label.setText(self.tr("Plant file: {0}{1}").format(
                d.file, "" if exists else self.tr(" (not written yet: Save writes it; start the station with "
                                                  "lineside run --config {0})").format(d.file)))
        idle = not self._busy
        eq = self.selected_device()
        tag = self.selected_tag()
        running = eq is not None and eq in {e.id for e in self.applied_plant.equipment}
        n_changes, pending = self._draft_summary
        for b in (self.add_device_button, self.scan_set_button, self.scan_remove_button, self.load_version_button):
            b.setEnabled(ok and idle)
        self.template_button.setEnabled(idle)
        for b in (self.edit_device_button, self.remove_device_button, self.add_tag_button):
            b.setEnabled(ok and idle and eq is not None)
        self.import_button.setEnabled(ok and idle and eq is not None)
        self.test_button.setEnabled(ok and idle and eq is not None)
        for b in (self.edit_tag_button, self.remove_tag_button):
            b.setEnabled(ok and idle and tag is not None)
        self.browse_button.setEnabled(ok and idle and running)
        self.browse_up_button.setEnabled(ok and idle and running and bool(self._browse_path))
        self.add_browsed_button.setEnabled(ok and idle and running and self.browse_view.currentIndex().isValid())
        self.apply_button.setEnabled(ok and idle and pending)
        self.save_button.setEnabled(ok and idle and d is not None and (d.dirty or pending or
                                                                        not self.setup.plant_file_exists))
        self.undo_button.setEnabled(ok and idle and d is not None and bool(d._history))
        if not running and eq is not None:
            self.browse_label.setText(self.tr("Apply first: {0} is browsed through the station's connection.")
                                      .format(eq))
        state = []
        if d is not None:
            if d.dirty:
                state.append(self.tr("Not saved: {0} changes against the file.").format(n_changes))
            if pending:
                state.append(self.tr("Not applied yet: Apply to see live values."))
            if not d.dirty and not pending:
                state.append(self.tr("The station runs the saved plant file."))
        if self._message:
            state.append(self._message)
        self.state_label.setText("  ".join(state))
        self.state_label.setStyleSheet(ok_style() if self._message_ok and not pending else error_style()
                                       if not self._message_ok else "")

    def _summarise_draft(self) -> None:
        """(changes against the saved file, whether acquisition runs something else): compared once per change of
        the draft or of what runs, not on every refresh of the buttons."""
        from hmi.plantfile.diff import devices_changed

        d = self.draft
        if d is None:
            self._draft_summary = (0, False)
            return
        pending = (bool(devices_changed(self.applied_plant, d.plant))
                   or self.applied_plant.scan_classes != d.plant.scan_classes)
        self._draft_summary = (len(d.changes()) if d.dirty else 0, pending)

    def _rebuild(self, select_device: str | None = None, select_tag: str | None = None) -> None:
        """The device and tag tables from the draft (selection kept by id, never by row number)."""
        plant = self.draft.plant if self.draft is not None else self.services.plant
        self._summarise_draft()
        keep = select_device or self.selected_device()
        keep_tag = select_tag or self.selected_tag()
        self.devices.running = {e.id for e in self.applied_plant.equipment}
        self.devices.beginResetModel()
        self.devices.rows = list(plant.equipment)
        self.devices.endResetModel()
        ids = [e.id for e in self.devices.rows]
        if ids:
            row = ids.index(keep) if keep in ids else 0
            self.device_view.setCurrentIndex(self.devices.index(row, 0))
        self._device_selected(keep_tag)
        self.scan_label.setText("\n".join(f"{k}: {format_number(v)} s" for k, v in sorted(plant.scan_classes.items())))
        self._update()

    def _device_selected(self, keep_tag: str | None = None) -> None:
        eq_id = self.selected_device()
        plant = self.draft.plant if self.draft is not None else self.services.plant
        eq = next((e for e in plant.equipment if e.id == eq_id), None)
        self.tags.applied = {t.key for t in self.applied_plant.tags}
        self.tags.beginResetModel()
        self.tags.rows = list(eq.tags) if eq is not None else []
        self.tags.endResetModel()
        names = [t.name for t in self.tags.rows]
        if keep_tag in names:
            self.tag_view.setCurrentIndex(self.tags.index(names.index(keep_tag), 0))
        self._update()

    def _changed(self, select_device: str | None = None, select_tag: str | None = None) -> None:
        self._message = ""
        self._rebuild(select_device, select_tag)
        self.sig_draft_changed.emit()

    # ------------------------------------------------------------------ live values
    def _on_status(self, status: dict) -> None:
        self.devices.status = dict(status)
        if self.devices.rows:
            self.devices.dataChanged.emit(self.devices.index(0, 5), self.devices.index(len(self.devices.rows) - 1, 5))

    def _refresh_values(self) -> None:
        if self.isVisible() and self.tags.rows:  # the values acquisition holds now, twice a second while shown
            self.tags.latest = self.services.live.latest()
            n = len(self.tags.rows) - 1
            self.tags.dataChanged.emit(self.tags.index(0, TagRows.VALUE), self.tags.index(n, TagRows.QUALITY))

    # ------------------------------------------------------------------ devices
    def _lines(self) -> list[tuple[str, str]]:
        return [(ln.id, ln.name) for ln in self.draft.plant.lines]

    def add_device(self, line_id: str, fields: dict, connection: dict) -> None:
        """Add a device to the draft (raises when the plant file's rules refuse it; nothing changes then)."""
        self._guard()
        if not line_id:
            raise ValueError(self.tr("choose the line the device is on"))
        self.draft.set_device(line_id, fields, connection)
        self._changed(fields.get("id"))

    def edit_device(self, equipment_id: str, fields: dict, connection: dict) -> None:
        self._guard()
        line, _f, _c = self.draft.device_fields(equipment_id)
        self.draft.set_device(line, fields, connection, replace=equipment_id)
        self._changed(fields.get("id") or equipment_id)

    def add_device_dialog(self) -> DeviceDialog:
        dlg = DeviceDialog(lambda line, f, c: self.add_device(line, f, c), self._lines(), self,
                           line_id=self._lines()[0][0] if self._lines() else "")
        dlg.open()
        return dlg

    def edit_device_dialog(self) -> DeviceDialog | None:
        eq = self.selected_device()
        if eq is None or not self.allowed()[0]:
            return None
        line, fields, conn = self.draft.device_fields(eq)
        dlg = DeviceDialog(lambda _l, f, c: self.edit_device(eq, f, c), self._lines(), self, line_id=line,
                           fields=fields, connection=conn, editing=True)
        dlg.open()
        return dlg

    def remove_device(self, equipment_id: str | None = None, *, confirm: bool = True) -> bool:
        self._guard()
        eq = equipment_id or self.selected_device()
        if eq is None:
            return False
        if confirm and QMessageBox.question(self, self.tr("Remove device"), self.tr(
                "Remove {0} and its {1} tags from the plant file?").format(
                eq, len(self.draft.plant.equipment_by_id(eq).tags))) != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.draft.remove_device(eq)
        except (ConfigError, KeyError, ValueError) as exc:
            self._say(self.tr("{0} stays: {1}").format(eq, _problem_text(exc)), False)
            return False
        self._changed()
        return True

    def test_connection(self) -> None:
        """Probe the selected device as the draft describes it (on a worker)."""
        from hmi.plantfile.probe import ProbeResult, test_connection

        eq_id = self.selected_device()
        if eq_id is None:
            return
        eq = self.draft.plant.equipment_by_id(eq_id)
        self._busy = True
        self.probe_label.setText(self.tr("Testing {0}...").format(eq_id))
        self.probe_label.setStyleSheet("")
        self._update()

        def done(result):
            self._busy = False
            if result.ok:
                ident = ", ".join(f"{k} {v}" for k, v in result.identity.items() if v)
                self.probe_label.setText(self.tr("{0} answers in {1} ms ({2}); {3}").format(
                    eq_id, format_number(result.latency_ms, 1), PROTOCOL_NAMES.get(result.protocol, result.protocol),
                    ident or self.tr("it gives no identity")))
                self.probe_label.setStyleSheet(ok_style())
            else:
                self.probe_label.setText(self.tr("{0} does not answer: {1}").format(eq_id, result.error))
                self.probe_label.setStyleSheet(error_style())
            self._update()
            self.sig_probed.emit(result)

        run_async(test_connection, eq, on_done=done, owner=self,
                  on_error=lambda e: done(ProbeResult(eq_id, eq.connection.protocol, False, error=str(e))))

    # ------------------------------------------------------------------ tags
    def set_tag(self, equipment_id: str, old_name: str | None, row: dict) -> None:
        """Add (``old_name`` None) or change a tag from a sheet row (raises with the row's problems)."""
        self._guard()
        self.draft.set_tag(equipment_id, old_name, row)
        self._changed(equipment_id, row.get("name"))

    def add_tag_dialog(self, row: dict | None = None) -> TagDialog | None:
        eq = self.selected_device()
        if eq is None:
            return None
        proto = self.draft.plant.equipment_by_id(eq).connection.protocol
        dlg = TagDialog(lambda r: self.set_tag(eq, None, r), proto, sorted(self.draft.plant.scan_classes), self,
                        row=row, title=self.tr("Add a tag to {0}").format(eq))
        dlg.open()
        return dlg

    def edit_tag_dialog(self) -> TagDialog | None:
        eq, name = self.selected_device(), self.selected_tag()
        if eq is None or name is None or not self.allowed()[0]:
            return None
        proto = self.draft.plant.equipment_by_id(eq).connection.protocol
        dlg = TagDialog(lambda r: self.set_tag(eq, name, r), proto, sorted(self.draft.plant.scan_classes), self,
                        row=self.draft.tag_form(eq, name), title=self.tr("Edit {0}.{1}").format(eq, name))
        dlg.open()
        return dlg

    def remove_tag(self) -> bool:
        self._guard()
        eq, name = self.selected_device(), self.selected_tag()
        if eq is None or name is None:
            return False
        try:
            self.draft.remove_tag(eq, name)
        except (ConfigError, KeyError, ValueError) as exc:
            self._say(self.tr("{0}.{1} stays: {2}").format(eq, name, _problem_text(exc)), False)
            return False
        self._changed(eq)
        return True

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a tag sheet"), "",
                                              self.tr("Tag sheets (*.xlsx *.csv)"))
        if path:
            self.import_sheet(path)

    def import_sheet(self, path: str | Path, equipment_id: str | None = None) -> None:
        """Read and check a tag sheet for the selected device on a worker; then add every row, or none and the
        report of every problem by row and column."""
        from hmi.plantfile.tagsheet import tag_tables

        self._guard()
        eq_id = equipment_id or self.selected_device()
        if eq_id is None:
            return
        eq = self.draft.plant.equipment_by_id(eq_id)
        scan = dict(self.draft.plant.scan_classes)
        self._busy = True
        self._update()
        name = Path(path).name

        def done(tables):
            self._busy = False
            try:
                self.draft.add_tags(eq_id, tables)
            except (ConfigError, ValueError) as exc:  # the draft changed meanwhile
                failed(exc)
                return
            self.report.beginResetModel()
            self.report.rows = [(row, "", self.tr("imported as {0}: {1}, {2}").format(
                t["name"], " ".join(str(t[k]) for k in ("table", "address", "node") if k in t), t.get("type", "uint16")),
                True) for row, t in zip(rows, tables)]
            self.report.endResetModel()
            self.report_title.setText(self.tr("{0}: {1} tags imported into {2}. Apply to see their values.")
                                      .format(name, len(tables), eq_id))
            self.report_title.setStyleSheet(ok_style())
            self.report_box.setVisible(True)
            self._changed(eq_id)
            self.sig_imported.emit(tables)

        def failed(exc):
            self._busy = False
            problems = getattr(exc, "problems", None)
            self.report.beginResetModel()
            self.report.rows = [(p.row, p.column, p.reason, False) for p in problems] if problems else \
                [(0, "", _problem_text(exc), False)]
            self.report.endResetModel()
            self.report_title.setText(self.tr("{0}: {1} problems; nothing was imported. Correct the sheet and "
                                              "import it again.").format(name, len(self.report.rows)))
            self.report_title.setStyleSheet(error_style())
            self.report_box.setVisible(True)
            self._update()
            self.sig_imported.emit(exc)

        rows: list[int] = []
        run_async(tag_tables, path, eq, scan, eq.tags, rows, on_done=done, on_error=failed, owner=self)

    def template_dialog(self) -> None:
        from hmi.plantfile.tagsheet import write_template

        eq = self.selected_device()
        proto = self.draft.plant.equipment_by_id(eq).connection.protocol if eq and self.draft else "modbus"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the tag sheet template"), "tags.xlsx",
                                              self.tr("Tag sheets (*.xlsx *.csv)"))
        if path:
            write_template(path, proto)
            self._say(self.tr("Template written to {0}: one row per tag, then Import sheet.").format(path))

    # ------------------------------------------------------------------ browse
    def browse_now(self, where: str | None = None) -> None:
        eq = self.selected_device()
        if eq is None:
            return
        where = self.browse_where.text().strip() if where is None else where
        self._busy = True
        self.browse_label.setText(self.tr("Asking {0}...").format(eq))
        self._update()

        def done(items):
            self._busy = False
            self.browse.set_items(items)
            if self.browse.registers:
                self.browse_label.setText(self.tr("{0} registers. Pick the cell whose reading looks right, then "
                                                  "Add as tag.").format(len(items)))
            else:
                self.browse_label.setText(self.tr("{0}: {1} items{2}").format(
                    where or self.tr("top"), len(items),
                    self.tr("; double-click a folder (▸) to open it") if any(i.has_children for i in items) else ""))
            self.browse_label.setStyleSheet("")
            self._update()
            self.sig_browsed.emit(list(items))

        def failed(exc):
            self._busy = False
            self.browse_label.setText(self.tr("Browse failed: {0}").format(_problem_text(exc)))
            self.browse_label.setStyleSheet(error_style())
            self._update()
            self.sig_browsed.emit([])

        self.browse_where.setText(where)
        run_async(lambda: self.setup.browse(eq, where or None).result(30), on_done=done, on_error=failed,
                  owner=self)

    def _browse_into(self, index: QModelIndex) -> None:
        if self.browse.registers or not index.isValid():
            return
        item = self.browse.rows[index.row()]
        if item.has_children:
            self._browse_path.append(self.browse_where.text().strip() or None)
            self.browse_now(item.address)

    def browse_up(self) -> None:
        if self._browse_path:
            self.browse_now(self._browse_path.pop() or "")

    def add_browsed(self) -> bool:
        """Add the selected browse item as a tag (Modbus: read as the selected cell's column)."""
        idx = self.browse_view.currentIndex()
        eq = self.selected_device()
        if not idx.isValid() or eq is None:
            return False
        item = self.browse.rows[idx.row()]
        proto = self.draft.plant.equipment_by_id(eq).connection.protocol
        row = tag_row_of(item, proto, self.browse.reading_of(idx.column()))
        names = {t.name for t in self.draft.plant.equipment_by_id(eq).tags}
        base, n = row["name"], 2
        while row["name"] in names:
            row["name"] = f"{base}_{n}"
            n += 1
        try:
            self.set_tag(eq, None, row)
        except (SheetError, ConfigError, ValueError) as exc:
            self._say(self.tr("{0} not added: {1}").format(item.address, _problem_text(exc)), False)
            return False
        self._say(self.tr("{0} added as {1}.{2} ({3}); Edit tag to give it a unit, range and alarms.").format(
            item.address, eq, row["name"], row["type"]))
        return True

    def _tab_changed(self, index: int) -> None:
        if index == 3:
            self.refresh_versions()

    # ------------------------------------------------------------------ scan classes and versions
    def set_scan_class(self) -> bool:
        self._guard()
        name = self.scan_name.text().strip()
        try:
            period = float(self.scan_period.text().replace(",", "."))
            self.draft.set_scan_class(name, period)
        except (ConfigError, ValueError) as exc:
            self._say(self.tr("Scan class not set: {0}").format(_problem_text(exc)), False)
            return False
        self._changed()
        return True

    def remove_scan_class(self) -> bool:
        self._guard()
        try:
            self.draft.set_scan_class(self.scan_name.text().strip(), None)
        except (ConfigError, ValueError) as exc:
            self._say(self.tr("Scan class stays: {0}").format(_problem_text(exc)), False)
            return False
        self._changed()
        return True

    def refresh_versions(self) -> None:
        store = self.setup.plant_versions
        if store is None:
            return

        def done(rows):
            self.versions.beginResetModel()
            self.versions.rows = rows
            self.versions.endResetModel()

        run_async(store.list, on_done=done, owner=self)

    def load_version(self) -> None:
        idx = self.version_view.currentIndex()
        store = self.setup.plant_versions
        if not idx.isValid() or store is None:
            return
        v = self.versions.rows[idx.row()]

        def done(text):
            try:
                self.draft.replace_text(text)
            except ConfigError as exc:
                self._say(self.tr("Version {0} does not load: {1}").format(v.id, _problem_text(exc)), False)
                return
            self._changed()
            self._say(self.tr("Version {0} of {1} loaded into the editor: Apply or Save to run it.").format(
                v.id, format_datetime(v.ts)))

        run_async(store.text, v.id, on_done=done, owner=self)

    # ------------------------------------------------------------------ apply, save, undo
    def _guard(self) -> None:
        ok, why = self.allowed()
        if not ok:
            raise PermissionError(why)

    def undo(self) -> None:
        if self.draft is not None and self.draft.undo():
            self._changed()

    def apply(self) -> None:
        """Run the draft now (on a worker): only the devices it changes restart."""
        self._guard()
        plant, user = self.draft.plant, self.user()
        self._busy = True
        self._say(self.tr("Applying..."))

        def done(applied):
            self._busy = False
            self.applied_plant = plant
            self._rebuild()
            self._say(self._applied_text(applied))
            self.sig_applied.emit(applied)

        run_async(self.setup.apply_plant, plant, user=user, source=str(self.draft.file), on_done=done,
                  on_error=self._failed, owner=self)

    def save(self) -> None:
        """Save the draft to the plant file and run it (on a worker)."""
        self._guard()
        text, plant, user = self.draft.text, self.draft.plant, self.user()
        self._busy = True
        self._say(self.tr("Saving..."))

        def done(saved):
            self._busy = False
            self.draft.mark_saved(saved.path)
            self.applied_plant = plant
            self._rebuild()
            backup = self.tr("; the previous file kept as {0}").format(saved.backup.name) if saved.backup else ""
            self._say(self.tr("Saved to {0} (version {1}{2}). {3}").format(
                saved.path, saved.version if saved.version is not None else "-", backup,
                self._applied_text(saved.applied)))
            self.refresh_versions()
            self.sig_saved.emit(saved)

        run_async(self.setup.save_plant, text, user=user, path=self.draft.file, on_done=done,
                  on_error=self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._say(self.tr("Refused: {0}").format(_problem_text(exc)), False)

    def _applied_text(self, applied) -> str:
        restarted = ", ".join(sorted(applied.restarted)) or self.tr("no device")
        text = self.tr("Acquisition restarted for {0}; every other device read on without a break.").format(restarted)
        if applied.needs_restart:
            names = {"alarms": self.tr("alarms"), "maintenance": self.tr("maintenance models"),
                     "kpi": self.tr("KPIs"), "trace": self.tr("traceability"), "inspection": self.tr("inspection"),
                     "security": self.tr("log-in rules"), "historian": self.tr("historian settings"),
                     "translations": self.tr("translations"), "screens": self.tr("the other pages")}
            text += " " + self.tr("Restart the station for: {0}.").format(
                ", ".join(names.get(n, n) for n in applied.needs_restart))
        return text


def _main() -> int:  # pragma: no cover - a manual look: python -m hmi.ui.pages.devices
    import sys
    import tempfile

    from PySide6.QtWidgets import QApplication

    from hmi.config import demo_config_path, load_config
    from hmi.equipment.simulator import LineSimulator
    from hmi.plantfile.draft import EMPTY_PLANT
    from hmi.runtime import Runtime, default_db_url
    from hmi.ui.bridge import SampleBridge
    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app)
    tmp = Path(tempfile.mkdtemp(prefix="lineside-devices-"))
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sim = LineSimulator(load_config(demo_config_path()), port=port)
    sim.start()
    text = EMPTY_PLANT.format(name="Set-up trial")
    from hmi.config import parse_config

    rt = Runtime(parse_config(text, tmp / "plant.toml"), default_db_url(tmp), data_dir=tmp)
    rt.set_plant_source(text, tmp / "plant.toml", exists=False)
    rt.start()
    bridge = SampleBridge(rt).start()
    page = DevicesPage(rt, None, bridge)
    page.setWindowTitle(f"Devices: simulator Modbus on 127.0.0.1:{sim.port}")
    page.resize(1400, 900)
    page.show()
    try:
        return app.exec()
    finally:
        rt.stop()
        sim.stop()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())

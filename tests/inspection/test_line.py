"""Inspection on the line: image files in a watched folder -> AI verdict -> the PLC's registers and the
Inspection page; the part's serial latched at the PLC's trigger; every part accounted for."""
from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import numpy as np
import pytest

from hmi.config import ConfigError, demo_config_path, load_config, parse_config
from hmi.equipment.model import Quality, Sample
from hmi.inspection.line import NOT_INSPECTED, VERDICT_CODES, FolderWatcher, LineInspection, serial_from_name
from hmi.inspection.records import InspectionStore
from hmi.store.db import open_database, sqlite_url


def drop(folder: Path, name: str, img: np.ndarray) -> Path:
    """Write an image the way an X-ray machine should: under a temporary name, then renamed whole."""
    from vision.io import write_png16

    tmp = folder / f".{name}.part"
    write_png16(tmp, img)
    os.replace(tmp, folder / name)
    return folder / name


def wait_while(busy, timeout: float) -> None:
    """Poll until ``busy()`` is false, at most ``timeout`` seconds (the assertions after it say what is wrong)."""
    deadline = time.monotonic() + timeout
    while busy() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_serial_from_the_file_name():
    assert serial_from_name("C126120200042.png", None) == "C126120200042"
    assert serial_from_name("2026-12-02_C126120200042_0.tif", r"C[0-9]{12}") == "C126120200042"
    assert serial_from_name("shot_77_A12.png", r"shot_\d+_(?P<serial>\w+)") == "A12"
    assert serial_from_name("shot_77_A12.png", r"_(\d+)_") == "77"
    assert serial_from_name("noserial.png", r"C[0-9]{12}") is None


def test_a_file_is_taken_only_once_it_is_complete(tmp_path):
    now = [100.0]
    w = FolderWatcher(tmp_path, ("*.png", "*.TIF"), settle_s=0.5, clock=lambda: now[0])
    f = tmp_path / "a.png"
    f.write_bytes(b"x" * 10)
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "b.tif").write_bytes(b"y" * 5)           # patterns match any case
    assert w.scan() == []                                # just seen
    now[0] += 0.6
    with open(f, "ab") as fh:                            # still being written: it starts settling again
        fh.write(b"more")
    os.utime(f, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    ready = [p.name for p, _seen, _note in w.scan()]
    assert ready == ["b.tif"]
    now[0] += 0.6
    assert sorted(p.name for p, _s, _n in w.scan()) == ["a.png", "b.tif"]  # reported until taken away
    f.unlink()
    (tmp_path / "b.tif").unlink()
    assert w.scan() == [] and w.waiting() == 0


def test_a_whole_png_or_jpeg_is_taken_at_once_and_a_truncated_one_waits(tmp_path):
    import cv2

    now = [100.0]
    w = FolderWatcher(tmp_path, ("*.png", "*.jpg"), settle_s=5.0, clock=lambda: now[0])
    img = (np.arange(64 * 64) % 251).astype(np.uint8).reshape(64, 64)
    png, jpg = cv2.imencode(".png", img)[1].tobytes(), cv2.imencode(".jpg", img)[1].tobytes()
    (tmp_path / "whole.png").write_bytes(png)
    (tmp_path / "whole.jpg").write_bytes(jpg)
    (tmp_path / "half.png").write_bytes(png[: len(png) // 2])
    (tmp_path / "half.jpg").write_bytes(jpg[: len(jpg) // 2])
    assert sorted(p.name for p, _s, _n in w.scan()) == ["whole.jpg", "whole.png"]
    now[0] += 5.1                                        # the truncated ones only after the settle time
    assert sorted(p.name for p, _s, _n in w.scan()) == ["half.jpg", "half.png", "whole.jpg", "whole.png"]


def test_inspection_stations_in_the_plant_file_are_checked_with_file_line_and_field(tmp_path):
    base = demo_config_path().read_text(encoding="utf-8")
    assert load_config(demo_config_path()).inspection[0].verdict_tag == "caster1.xray_verdict"

    def bad(edit: str, field: str, words: str):
        text = base.replace('verdict_tag = "caster1.xray_verdict"', edit, 1)
        with pytest.raises(ConfigError) as e:
            parse_config(text, "plant.toml")
        msg = str(e.value)
        assert msg.startswith("plant.toml:") and field in msg and words in msg, msg
        line = int(msg.split(":")[1])
        assert field.split(".")[-1] in text.splitlines()[line - 1]

    bad('verdict_tag = "caster1.melt_temp"', "inspection[0].verdict_tag", "not writable")
    bad('verdict_tag = "caster1.melt_setpoint"', "inspection[0].verdict_tag", "operator_setpoint = false")
    bad('verdict_tag = "caster1.nope"', "inspection[0].verdict_tag", "no tag")
    bad('verdict_tag = "caster1.xray_verdict"\nserial_tag = "caster1.gone"', "inspection[0].serial_tag", "no tag")
    bad('verdict_tag = "caster1.xray_verdict"\narchive = "xray/in"', "inspection[0].archive", "must not be")
    bad('verdict_tag = "caster1.xray_verdict"\nmax_backlog = 0', "inspection[0].max_backlog", "at least 1")
    text = base.replace('serial = "file"', 'serial = "tag"', 1)
    with pytest.raises(ConfigError, match="serial_tag"):
        parse_config(text, "plant.toml")


def test_a_station_written_tag_is_never_an_operator_setpoint():
    from hmi.equipment.poller import Poller, WriteError
    from hmi.ui.pages.overview import setpoint_tags

    plant = load_config(demo_config_path())
    caster = plant.equipment_by_id("caster1")
    assert "xray_verdict" not in [t.name for t in setpoint_tags(caster)]
    assert "melt_setpoint" in [t.name for t in setpoint_tags(caster)]
    fut = Poller(plant).write("caster1.xray_verdict", 1)   # the setpoint path
    with pytest.raises(WriteError, match="not a setpoint"):
        fut.result(1)


class _Station:
    """The part of :class:`XrayStation` the trigger bookkeeping uses: its store (no image, no model)."""

    def __init__(self, store):
        self.store = store

    def warm_up(self, _model=None):
        return None


def test_a_trigger_without_an_image_is_recorded_as_a_part_not_inspected_and_alarmed(tmp_path):
    eng = open_database(sqlite_url(tmp_path / "plant.db"))
    store = InspectionStore(eng)
    plant = load_config(demo_config_path())
    cfg = dataclasses.replace(plant.inspection[0], serial="tag", serial_tag="caster1.part_serial",
                              trigger_tag="caster1.part_done", folder=str(tmp_path / "in"),
                              archive=str(tmp_path / "arch"), verdict_within_s=0.3)
    from hmi.alarms.engine import AlarmEngine

    alarms = AlarmEngine(plant)
    line = LineInspection(cfg, _Station(store), alarms=alarms, poll_s=0.02).start()
    try:
        g = Quality.GOOD
        line.on_samples([Sample("caster1.part_done", 1.0, 7, g), Sample("caster1.part_serial", 1.0, "C1A", g)])
        line.on_samples([Sample("caster1.part_done", 2.0, 8, g), Sample("caster1.part_serial", 2.0, "C1B", g)])
        line.on_samples([Sample("caster1.part_done", 3.0, 8, g)])                      # no change: no part
        wait_while(lambda: line.stats()["no_image"] < 1, 5)
    finally:
        line.stop()
    st = line.stats()
    assert st["triggers"] == 1 and st["no_image"] == 1
    (rec,) = store.queue("all")
    assert rec.serial == "C1B" and rec.ai_verdict is None and "no image" in rec.error
    assert [a.tag for a in alarms.active()] == ["xray1.undelivered"]
    from hmi.ui.alarm_bridge import alarm_line

    (view,) = alarms.active()          # the banner names the station once, by its name
    text = alarm_line(view, plant.source_names()[view.equipment])
    assert text.startswith("Inspection station X-ray cabinet X-01: a part got no verdict for the gate")
    eng.dispose()


def test_the_serial_is_read_from_the_mark_in_the_image(tmp_path):
    """``serial = "mark"``: the DataMatrix in the image names the part; an image without one is inspected and
    says that its serial is unknown."""
    from vision.marks import synth_mark

    from hmi.inspection.station import XrayStation

    eng = open_database(sqlite_url(tmp_path / "plant.db"))
    store = InspectionStore(eng)
    plant = load_config(demo_config_path())
    cfg = dataclasses.replace(plant.inspection[0], serial="mark", folder=str(tmp_path / "in"),
                              archive=str(tmp_path / "arch"), verdict_tag=None, sequence_tag=None)
    station = XrayStation(store, tmp_path / "arch", station="xray1").start()
    line = LineInspection(cfg, station, poll_s=0.02).start()
    try:
        folder = Path(cfg.folder)
        drop(folder, "shot1.png", synth_mark("C126120200042", "laser", seed=1).astype(np.float32) / 255.0)
        drop(folder, "shot2.png", (np.arange(128 * 128) % 97 / 97.0).reshape(128, 128).astype(np.float32))
        wait_while(lambda: line.stats()["inspected"] < 2, 60)
    finally:
        line.stop()
        station.stop()
    recs = {r.detail["file"]: r for r in store.queue("all")}
    assert recs["shot1.png"].serial == "C126120200042"
    assert recs["shot2.png"].serial is None and recs["shot2.png"].detail["serial_error"] == "no mark read in the image"
    eng.dispose()


def test_a_camera_takes_one_frame_per_trigger_and_each_is_inspected_under_its_serial(tmp_path):
    """``camera = ...`` (here a video file standing in for the camera): each trigger takes a frame into the folder,
    which is inspected under the serial latched at that trigger; a camera that cannot be opened leaves the part
    without an image, recorded and alarmed."""
    import cv2
    from vision.synth import make_part

    from hmi.alarms.engine import AlarmEngine
    from hmi.inspection.station import XrayStation

    video = tmp_path / "camera.avi"
    out = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 5, (256, 256), isColor=False)
    for k in range(6):
        out.write((make_part("wheel", 256, 50 + k, ["porosity"] if k % 2 else [])[0] // 257).astype(np.uint8))
    out.release()
    eng = open_database(sqlite_url(tmp_path / "plant.db"))
    store = InspectionStore(eng)
    plant = load_config(demo_config_path())
    g = Quality.GOOD

    def run(camera: str, budget: float) -> LineInspection:
        cfg = dataclasses.replace(plant.inspection[0], serial="tag", serial_tag="caster1.part_serial",
                                  trigger_tag="caster1.part_done", camera=camera, folder=str(tmp_path / camera[-8:]),
                                  archive=str(tmp_path / f"arch-{camera[-8:]}"), verdict_tag=None, sequence_tag=None,
                                  verdict_within_s=budget)
        station = XrayStation(store, tmp_path / "arch", station="cam1").start()
        line = LineInspection(cfg, station, alarms=AlarmEngine(plant), poll_s=0.02).start()
        try:
            line.on_samples([Sample("caster1.part_done", 1.0, 1, g), Sample("caster1.part_serial", 1.0, "C0", g)])
            for k in range(1, 4):
                line.on_samples([Sample("caster1.part_done", 1.0 + k, 1 + k, g),
                                 Sample("caster1.part_serial", 1.0 + k, f"C{k}", g)])
            wait_while(lambda: line.stats()["inspected"] + line.stats()["no_image"] < 3, 60)
        finally:
            line.stop()
            station.stop()
        return line

    line = run(str(video), 30.0)
    assert line.stats()["inspected"] == 3 and line.camera.counts["frames"] == 3
    recs = [r for r in store.queue("all") if r.station == "cam1"]
    assert sorted(r.serial for r in recs) == ["C1", "C2", "C3"] and all(r.ai_verdict for r in recs)
    line = run(str(tmp_path / "no-such-camera.avi"), 0.5)
    assert line.stats()["no_image"] == 3 and "cannot be opened" in line.camera.last_error
    eng.dispose()


@pytest.mark.slow
def test_images_dropped_at_the_plc_trigger_get_verdicts_in_the_plc_registers_and_on_the_inspection_page(
        qtbot, tmp_path):
    """The acceptance run: the simulated casting cell raises part_done with the part's serial; for each
    trigger the test drops a radiograph into the watched folder, as the X-ray machine would.  Each verdict
    reaches the cell's registers (xray_verdict, then xray_seq + 1) and the Inspection page, under the serial
    latched at that part's trigger; a blank image goes to review (code 4), never "ok"."""
    from vision.synth import make_part

    from hmi.equipment.simulator import LineSimulator
    from hmi.runtime import Runtime

    plant = load_config(demo_config_path())
    folder = tmp_path / "xray-in"
    cfg = dataclasses.replace(plant.inspection[0], serial="tag", serial_tag="caster1.part_serial",
                              trigger_tag="caster1.part_done", folder=str(folder), archive=str(tmp_path / "arch"),
                              verdict_within_s=30.0)
    plant = dataclasses.replace(plant, inspection=(cfg,))
    sim = LineSimulator(plant, port=0, speed=60, seed=4)
    sim.start()
    rt = Runtime(sim.served_plant(plant), sqlite_url(tmp_path / "lineside.db"),
                 data_dir=tmp_path)
    rt.start()
    try:
        # the machine answers every trigger from the start; images shot while the model still loads wait in the folder
        parts: list[tuple[str, str]] = []   # (serial at the trigger, image kind)
        seen = None
        deadline = time.monotonic() + 60
        while len(parts) < 5 and time.monotonic() < deadline:
            s = rt.latest().get("caster1.part_done")
            if s is not None and s.quality == Quality.GOOD and s.value != seen:
                if seen is not None:   # a part finished: the machine shoots it
                    serial = rt.latest()["caster1.part_serial"].value
                    k = len(parts)
                    if k == 3:
                        img, kind = np.full((256, 256), 0.5, np.float32), "blank"
                    else:
                        img, kind = make_part("wheel", 256, 100 + k, ["porosity"] if k % 2 else [])[0], "part"
                    drop(folder, f"shot{k:03d}.png", img)
                    parts.append((serial, kind))
                seen = s.value
            time.sleep(0.01)
        assert len(parts) == 5, "the cell did not finish 5 parts in time"
        line = rt.line_inspections["xray1"]
        qtbot.waitUntil(lambda: line.stats()["delivered"] == 5, timeout=60_000)
        st = line.stats()
        assert st["triggers"] >= 5 and st["late"] == 0 and st["write_failed"] == 0
        store = rt.inspections
        recs = {r.serial: r for r in store.queue("all") if r.detail.get("source") == "folder"}
        assert sorted(recs) == sorted(serial for serial, _k in parts)   # every part, under its own serial
        # the PLC's registers, as the poller read them back: the sequence number moved once per part, and at each
        # move the verdict register held that part's verdict
        codes = [VERDICT_CODES.get(recs[serial].ai_verdict, NOT_INSPECTED) for serial, _k in parts]
        qtbot.waitUntil(lambda: sim.values()["caster1.xray_verdict"] == codes[-1], timeout=5000)
        seq_end = int(sim.values()["caster1.xray_seq"])
        span = (time.time() - 3600 * 24, time.time() + 3600 * 48)

        def moves():  # each value the sequence register took (the first read may already follow a verdict)
            seq = rt.historian.raw("caster1.xray_seq", *span)
            return [(t, int(v)) for i, (t, v) in enumerate(zip(seq.ts, seq.value))
                    if i == 0 or v != seq.value[i - 1]]

        qtbot.waitUntil(lambda: moves() and moves()[-1][1] == seq_end, timeout=5000)
        assert [v for _t, v in moves()[-5:]] == [(seq_end - 4 + i) % 65536 for i in range(5)]
        verdict = rt.historian.raw("caster1.xray_verdict", *span)
        at_moves = [int(verdict.value[np.searchsorted(verdict.ts, t, side="right") - 1]) for t, _v in moves()[-5:]]
        assert at_moves == codes
        blank = recs[parts[3][0]]
        assert blank.ai_verdict is None and blank.error, "a blank image is never judged"
        assert codes[3] == NOT_INSPECTED
        for serial, kind in parts:
            if kind == "part":
                assert recs[serial].ai_verdict in VERDICT_CODES and recs[serial].image_path
                assert Path(recs[serial].image_path).is_file()    # archived, not left in the watched folder
        assert not any(folder.glob("*.png"))
        # the Inspection page lists them
        from hmi.ui.login import SessionManager
        from hmi.ui.pages.inspection import InspectionPage

        page = InspectionPage(rt, SessionManager(rt.access), refresh_ms=60_000)
        qtbot.addWidget(page)
        page.show()
        with qtbot.waitSignal(page.sig_queue_loaded, timeout=10_000):
            page.on_shown()
        shown = {page.table.model().index(r, 1).data() for r in range(page.table.model().rowCount())}
        assert {serial for serial, _k in parts} <= shown
        assert "X-ray cabinet X-01: 5 verdicts to the PLC, 0 too late" in page.line_label.text()
        assert "image to PLC" in page.line_label.text()
    finally:
        rt.stop()
        sim.stop()


def test_an_image_that_waited_while_the_station_was_busy_counts_from_when_it_was_written(tmp_path):
    """The gate's budget runs from the file's time stamp, not from the scan that first saw it: a verdict for a part
    shot 20 s ago is not written, whatever the station was doing meanwhile."""
    f = tmp_path / "old.png"
    f.write_bytes(b"x" * 10)
    os.utime(f, (time.time() - 20, time.time() - 20))
    w = FolderWatcher(tmp_path, ("*.png",), settle_s=0.0, clock=time.monotonic)
    ((path, arrived, _note),) = w.scan()
    assert time.monotonic() - arrived == pytest.approx(20.0, abs=1.0)


def test_images_wait_until_the_plc_can_be_written(tmp_path):
    """A station still starting (acquisition not running) leaves images in the folder instead of failing their
    verdict writes; once it runs they are inspected, their age counted from when they were written."""
    from vision.synth import make_part

    from hmi.inspection.station import XrayStation

    eng = open_database(sqlite_url(tmp_path / "plant.db"))
    store = InspectionStore(eng)
    plant = load_config(demo_config_path())
    cfg = dataclasses.replace(plant.inspection[0], folder=str(tmp_path / "in"), archive=str(tmp_path / "arch"),
                              serial_pattern=None)
    written, ready = [], [False]

    class Done:
        def result(self, timeout=None):
            return None

    def write(key, value):
        written.append((key, value))
        return Done()

    station = XrayStation(store, tmp_path / "arch").start()
    line = LineInspection(cfg, station, write=write, poll_s=0.02, plc_ready=lambda: ready[0]).start()
    try:
        drop(Path(cfg.folder), "P1.png", make_part("wheel", 256, 3, [])[0].astype(np.float32) / 65535.0)
        time.sleep(1.0)
        assert line.stats()["inspected"] == 0 and (Path(cfg.folder) / "P1.png").is_file() and not written
        ready[0] = True
        wait_while(lambda: line.stats()["delivered"] < 1, 30)
    finally:
        line.stop()
        station.stop()
    assert [k for k, _v in written] == ["caster1.xray_verdict", "caster1.xray_seq"]
    assert line.stats()["late"] == 0 and line.stats()["latency_ms_p50"] >= 1000.0  # it waited, and says so
    eng.dispose()

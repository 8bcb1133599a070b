"""The station's image work in a child process: answers, errors, a dead child, and a whole isolated
station run in which the HMI's process never imports torch."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hmi.inspection.vision_process import VisionProcess, VisionProcessError

ROOT = Path(__file__).resolve().parents[2]


def test_calls_are_answered_by_one_child_that_restarts_after_it_dies():
    with VisionProcess("t", timeout_s=60) as vp:
        vp.RESTART_QUICK_S = 0.0  # these children lived long enough: restarted at once
        pid = vp.call("ping")
        assert pid != os.getpid() and vp.call("ping") == pid  # the same child serves every call
        os.kill(pid, 9)                     # dies between calls: the next call gets a fresh child
        vp._proc.join(5)
        pid2 = vp.call("ping")
        assert pid2 not in (pid, os.getpid()) and (vp.starts, vp.failures) == (2, 1)
        import threading
        threading.Timer(0.5, os.kill, (pid2, 9)).start()   # dies during a call: that call fails, says so
        with pytest.raises(VisionProcessError, match="ended"):
            vp.call("ping", 5.0)
        assert vp.call("ping") not in (pid, pid2)
        assert (vp.starts, vp.failures) == (3, 2)
        with pytest.raises(VisionProcessError, match="did not answer"):
            vp.call("ping", 10.0, timeout_s=0.5)   # a hung child is killed
        assert vp.pid() is None and vp.call("ping") > 0


def test_a_child_that_dies_soon_after_its_start_is_restarted_after_a_back_off():
    import time

    with VisionProcess("t", timeout_s=60) as vp:
        pid = vp.call("ping")
        os.kill(pid, 9)
        vp._proc.join(5)
        with pytest.raises(VisionProcessError, match=r"ended between calls \(exit code -9\); next start in 1 s"):
            vp.call("ping")
        with pytest.raises(VisionProcessError, match="next start in"):
            vp.call("ping")                     # refused at once during the back-off, not a new child
        assert vp.starts == 1
        time.sleep(1.1)
        assert vp.call("ping") not in (pid, None) and vp.starts == 2


def test_an_error_in_the_child_comes_back_with_its_message(tmp_path):
    with VisionProcess("t", timeout_s=60) as vp:
        with pytest.raises(VisionProcessError, match="ValueError"):
            vp.call("render_part", "wheel", 64, 0, ["no-such-defect"], str(tmp_path / "x.png"))
        assert vp.call("ping") == vp.pid()  # the child survived its error
    with pytest.raises(ValueError, match="unknown vision operation"):
        VisionProcess("t").call("rm -rf")


def test_an_unreadable_image_is_an_error_entry_not_a_verdict(tmp_path):
    pytest.importorskip("torch")
    from hmi.inspection.station import DEMO_MODEL

    if not DEMO_MODEL.is_file():
        pytest.skip("no demo model")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    with VisionProcess("t", timeout_s=120) as vp:
        res = vp.call("inspect", str(DEMO_MODEL), str(bad))
    assert res["verdict"] is None and res["score"] is None and res["error"]


def test_an_isolated_station_records_verdicts_and_torch_stays_out_of_this_process(tmp_path):
    pytest.importorskip("torch")
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from hmi.inspection.records import InspectionStore
        from hmi.inspection.station import DEMO_MODEL, XrayStation
        from hmi.store.db import open_database, sqlite_url
        from vision.registry import ModelRegistry

        if __name__ == "__main__":
            tmp = Path({str(tmp_path)!r})
            eng = open_database(sqlite_url(tmp / "s.db"))
            store = InspectionStore(eng)
            reg = ModelRegistry(tmp / "models")
            st = XrayStation(store, tmp / "xray", registry=reg, size=96, seed=1, isolate=True)
            st.start()
            st.submit_task(lambda: st.seed_registry(DEMO_MODEL))
            from hmi.inspection.station import PartJob
            for k in range(3):
                st._worker.put(PartJob("caster1", f"C-{{k}}", 0.0, k != 1, time.time()))
            assert st.wait_idle(180)
            verdicts = sorted(str(i.ai_verdict) for i in store.queue("all"))
            st.stop()
            print("torch" in sys.modules, reg.active, st.counts["recorded"], st.counts["errors"], ",".join(verdicts))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    torch_here, active, recorded, errors, verdicts = out.stdout.split()
    assert torch_here == "False"        # the HMI's process never loaded torch
    assert active != "None"             # the registry was seeded by the child
    assert (recorded, errors) == ("3", "0")
    assert "None" not in verdicts.split(",")  # every part got a verdict from the child


def test_the_child_gives_the_verdict_the_station_thread_would(tmp_path):
    """Moving the work into a child changes where it runs, not what it finds: the same radiographs (a good
    part and a part with porosity) score the same through the child as through the in-thread engine."""
    pytest.importorskip("torch")
    from hmi.inspection.station import DEMO_MODEL, EngineCache, inspect_with, render_part

    if not DEMO_MODEL.is_file():
        pytest.skip("no demo model")
    paths = []
    for k, defects in enumerate(([], ["porosity"])):
        p = tmp_path / f"p{k}.png"
        render_part("wheel", 256, 7 + k, defects, str(p))
        paths.append(p)
    here = [inspect_with(EngineCache(device="cpu", threads=1), DEMO_MODEL, p) for p in paths]
    with VisionProcess("t", timeout_s=180) as vp:
        there = [vp.call("inspect", str(DEMO_MODEL), str(p)) for p in paths]
    for a, b in zip(here, there):
        assert b["score"] == pytest.approx(a["score"], abs=1e-5) and a["verdict"] == b["verdict"]
    assert here[1]["score"] > here[0]["score"]  # the defect scores higher: the model sees it in both places

"""The GUI's start-up pieces that hold for the whole run."""
import gc


def test_garbage_is_collected_on_the_gui_thread_only(qapp):
    """Automatic collection is off and a timer on the GUI thread collects when due: a worker thread never
    destroys a Qt object (which deadlocked the suite once); the same collector on every call."""
    from hmi.ui.app import collect_garbage_on_gui_thread

    c = collect_garbage_on_gui_thread(qapp)
    assert not gc.isenabled() and c.timer.isActive() and c.timer.parent() is qapp
    assert collect_garbage_on_gui_thread(qapp) is c

    import weakref

    class Cycle:
        pass

    refs = []
    for _ in range(c.threshold[0] + 10):   # more unreachable cycles than the first generation's threshold
        a = Cycle()
        a.me = a
        refs.append(weakref.ref(a))
        del a
    assert gc.get_count()[0] > c.threshold[0] and all(r() is not None for r in refs)  # nobody collected them
    c.check()                                # due: collected here, on this (the GUI) thread
    assert all(r() is None for r in refs)

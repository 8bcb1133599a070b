"""Failed log-ins slow down and then lock: per account and per station. Qt-free.

    throttle = LoginThrottle()
    throttle.wait_s(("user", "kim"))       # seconds before the next try is accepted (0: now)
    throttle.failed(("user", "kim"))       # a wrong password or PIN
    throttle.succeeded(("user", "kim"))    # forgets the account's failures

A key's failures within ``window_s`` count (a log-in clears them).  The first ``free`` cost nothing; each
further one makes the next try wait ``base_s`` doubling up to ``max_s`` (2, 4, 8 ... 300 s); with
``lock_after`` failures the key is locked for ``lock_s``, and each further failure in the window locks it
again (an administrator unlocks it earlier: :meth:`clear`).  For an account the window is a day: someone who
waits out every delay gets 10 tries, then about 4 an hour, against a PIN space the PIN rules keep from its
easiest corners.  :data:`ACCOUNT` is the policy
of one account; :data:`STATION` the policy of every try at this station together (a PIN or password guessed
against many accounts), which slows down but never locks: a locked station would lock everyone out.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable, Hashable, Iterable

__all__ = ["ThrottlePolicy", "LoginThrottle", "ACCOUNT", "STATION"]


@dataclass(frozen=True)
class ThrottlePolicy:
    free: int = 3              # failures that cost nothing
    base_s: float = 2.0        # the wait after the first failure past ``free``; doubles with each one
    max_s: float = 300.0       # the longest wait
    lock_after: int | None = 10  # failures that lock the key (None: never)
    lock_s: float = 900.0      # how long a lock lasts
    window_s: float = 86400.0  # failures older than this are forgotten

    def wait_after(self, failures: int) -> float:
        if failures <= self.free:
            return 0.0
        return min(self.max_s, self.base_s * 2.0 ** (failures - self.free - 1))


ACCOUNT = ThrottlePolicy()
STATION = ThrottlePolicy(free=5, base_s=1.0, max_s=60.0, lock_after=None, window_s=900.0)


class LoginThrottle:
    """Failures per key (see the module doc); ``policy(key)`` picks the policy of a key (by its first element:
    ``"user"`` -> :data:`ACCOUNT`, else :data:`STATION`)."""

    def __init__(self, *, account: ThrottlePolicy = ACCOUNT, station: ThrottlePolicy = STATION,
                 clock: Callable[[], float] = time.time):
        self.account, self.station, self.clock = account, station, clock
        self._fails: dict[Hashable, list[float]] = {}
        self._lock = threading.Lock()

    def policy(self, key) -> ThrottlePolicy:
        return self.account if isinstance(key, tuple) and key and key[0] == "user" else self.station

    def _recent(self, key, now: float) -> list[float]:
        p = self.policy(key)
        fails = [t for t in self._fails.get(key, ()) if now - t <= max(p.window_s, p.lock_s)]
        if fails:
            self._fails[key] = fails
        else:
            self._fails.pop(key, None)
        return fails

    def seed(self, key, failures: Iterable[float]) -> None:
        """Failures remembered from before a restart (the audit trail's ``login.failed`` entries)."""
        with self._lock:
            self._fails[key] = sorted([*self._fails.get(key, []), *(float(t) for t in failures)])

    def failures(self, key) -> int:
        with self._lock:
            now = self.clock()
            p = self.policy(key)
            return sum(1 for t in self._recent(key, now) if now - t <= p.window_s)

    def locked(self, key) -> bool:
        """True while ``key`` has ``lock_after`` failures and the last is younger than ``lock_s``."""
        with self._lock:
            now = self.clock()
            p = self.policy(key)
            fails = self._recent(key, now)
            return p.lock_after is not None and len(fails) >= p.lock_after and now - fails[-1] < p.lock_s

    def wait_s(self, key) -> float:
        """Seconds until ``key`` may try again (the rest of a lock, or of the growing delay)."""
        with self._lock:
            now = self.clock()
            p = self.policy(key)
            fails = self._recent(key, now)
            if not fails:
                return 0.0
            if p.lock_after is not None and len(fails) >= p.lock_after:
                return max(0.0, fails[-1] + p.lock_s - now)
            in_window = [t for t in fails if now - t <= p.window_s]
            return max(0.0, fails[-1] + p.wait_after(len(in_window)) - now) if in_window else 0.0

    def failed(self, key) -> int:
        """Count a failure of ``key``; returns its failures in the window."""
        with self._lock:
            now = self.clock()
            fails = self._recent(key, now)
            fails.append(now)
            self._fails[key] = fails
            return len(fails)

    def succeeded(self, key) -> None:
        self.clear(key)

    def clear(self, key) -> None:
        with self._lock:
            self._fails.pop(key, None)

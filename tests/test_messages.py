"""hmi.messages: core texts are plain English strings that also carry their translation template."""
import json
import pickle

import pytest

from hmi.messages import QT_TRANSLATE_NOOP, Message, join, message_of


def test_a_message_is_its_english_text():
    m = QT_TRANSLATE_NOOP("Access", "{0} '{1}' may not {2} ({3})").format("operator", "kim", "write setpoints",
                                                                         "engineer and up")
    assert m == "operator 'kim' may not write setpoints (engineer and up)" and isinstance(m, str)
    assert (m.context, m.template, m.args) == ("Access", "{0} '{1}' may not {2} ({3})",
                                               ("operator", "kim", "write setpoints", "engineer and up"))
    assert json.dumps({"message": m}) == json.dumps({"message": str(m)})
    assert f"Refused: {m}" == "Refused: operator 'kim' may not write setpoints (engineer and up)"
    assert Message("X", "braces {0} kept") == "braces {0} kept"  # no args: the template as it is


def test_messages_nest_survive_pickling_and_take_positional_arguments_only():
    inner = QT_TRANSLATE_NOOP("Maintenance", "{0} min").format("42")
    outer = QT_TRANSLATE_NOOP("Maintenance", "in ~{0}").format(inner)
    assert outer == "in ~42 min"
    back = pickle.loads(pickle.dumps(outer))
    assert back == outer and back.args[0].template == "{0} min"
    with pytest.raises(TypeError):
        QT_TRANSLATE_NOOP("X", "{name}").format(name="a")


def test_join_and_message_of():
    assert join(["a", "b", "c"]) == "a, b, c" and join([]) == "" and join(["a"]) == "a"
    assert join(["x", "y"], QT_TRANSLATE_NOOP("Maintenance", "{0} and {1}")) == "x and y"
    m = QT_TRANSLATE_NOOP("Users", "no user {0}").format("'lee'")
    assert message_of(ValueError(m)) is m
    assert message_of(ValueError("plain")) == "plain" and message_of(KeyError()) == "KeyError"


def test_weibull_fit_error_keeps_its_message():
    from datetime import date

    from hmi.maintenance.weibull import MaintenanceEvent, weibull_report

    evs = [MaintenanceEvent("pump1", "installed", date(2024, 1, 1), 0.0, "", type="pump"),
           MaintenanceEvent("pump1", "replaced", date(2024, 6, 1), 900.0, "failure", type="pump")]
    err = weibull_report(evs, now=date(2024, 7, 1))["types"]["pump"]["error"]
    assert isinstance(err, Message) and err.startswith("need at least 2 failures to fit a Weibull")

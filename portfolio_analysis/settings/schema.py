"""The model of a settings file: one declaration per key (its check, its default and what it is for) and one
validator that walks a file's content against it. ``portfolio.yml`` (profile_schema.PROFILE) and ``period.yml``
(periods.PERIOD) are both declared this way; their values, defaults filled in, come from :meth:`Model.values`.

Hand-written rather than pydantic: every problem line (message, shown value, expected form) is pinned by the
corpus and the settings tests, so each key would need its own validator and error text under pydantic as well;
unknown keys are warnings with the closest key, not errors; and the profile is read on the report's "nothing
new" path, which pydantic (about 60 ms to import) would slow down."""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .problems import Problem


@dataclass(frozen=True)
class SettingsFile:
    """The file being checked: its path as messages show it, its folder (where maps are looked up), and how a
    wrong value is written in a problem line."""

    shown: str
    folder: Path
    show: Callable[[object], str] = field(default=lambda value: shown_value(value))

    def problem(self, key: str, value, message: str, expected: str, severity: str = "error") -> Problem:
        return Problem(self.shown, message, column=key, value=self.show(value), expected=expected, severity=severity)


Check = Callable[[object, str, SettingsFile], list[Problem]]  # (value, the key's dotted path, file) -> problems


@dataclass(frozen=True)
class Key:
    """One key of a settings file: its check, the value it has when the file does not give it, what it is for."""

    check: Check
    default: object = None
    help: str = ""
    required: bool = False


@dataclass(frozen=True)
class Model:
    """The keys a settings file (or a mapping inside one) may hold. ``patterns`` declare keys named by a
    pattern (``status_<label>_share``); ``suggest`` lists the keys an unknown key is compared with when the
    declared names alone would not show them all."""

    keys: dict[str, Key]
    patterns: tuple[tuple[re.Pattern[str], Key], ...] = ()
    suggest: tuple[str, ...] = ()

    def key(self, name) -> Key | None:
        if not isinstance(name, str):
            return None
        if name in self.keys:
            return self.keys[name]
        return next((key for pattern, key in self.patterns if pattern.match(name)), None)

    def default(self, name: str):
        return self.keys[name].default

    def defaults(self) -> dict:
        """Every declared key's default; a nested mapping's is its own model's defaults."""
        return {name: inner.defaults() if (inner := nested(key)) is not None else key.default
                for name, key in self.keys.items()}

    def values(self, content: dict, problems: list[Problem] = (), prefix: str = "") -> dict:
        """Every declared key's value: the file's where it gives a valid one (in the file's order), else the
        default. Keys the model does not know are left out; a nested model's values are taken the same way."""
        wrong = {p.column for p in problems if p.severity == "error"}
        found = {}
        for name, value in content.items():
            key = self.key(name)
            path = prefix + str(name)
            if key is None or path in wrong:
                continue
            inner = nested(key)
            found[name] = inner.values(value or {}, problems, path + ".") if inner is not None else value
        return found | {name: default for name, default in self.defaults().items() if name not in found}


def nested(key: Key) -> Model | None:
    """The model of a key whose value is a mapping checked by :func:`mapping`."""
    return getattr(key.check, "model", None)


def check_settings(content: dict, model: Model, where: SettingsFile, prefix: str = "") -> list[Problem]:
    """Every problem of a file's (or a nested mapping's) content, in the model's order of keys: a missing
    required key, an unknown key (a warning naming the closest known key), a wrong value."""
    problems = [where.problem(prefix + name, None, "a required setting is missing", "a value for " + name)
                for name, key in model.keys.items() if key.required and name not in content]
    problems += [unknown_key(where.shown, prefix + str(name), [prefix + k for k in model.suggest or model.keys])
                 for name in content if model.key(name) is None]
    for name, key in model.keys.items():
        if name in content:
            problems += key.check(content[name], prefix + name, where)
    for name, value in content.items():
        if isinstance(name, str) and name not in model.keys and model.key(name) is not None:
            problems += model.key(name).check(value, prefix + name, where)
    return problems


def unknown_key(shown: str, key: str, choices: list[str], known: str | None = None) -> Problem:
    """A warning for a key a YAML file does not know (a misspelt key would otherwise be ignored), with the
    closest known key; ``known`` says where the keys are listed when they are too many to name."""
    close = difflib.get_close_matches(key, choices, n=1)
    expected = (f"{close[0]!r}? " if close else "") + (known or "one of " + ", ".join(choices))
    return Problem(shown, f"unknown key in {Path(shown).name}, ignored", column=key, value=key, expected=expected,
                   severity="warning")


def shown_value(value) -> str:
    """A setting's value as a problem line shows it: text as it is, anything else as YAML would write it."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return json.dumps(value, ensure_ascii=False, default=str)


# --- checks both files use ---------------------------------------------------------------------------

def is_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def passes(test: Callable[[object], bool], message: str, expected: str) -> Check:
    """A check of one value: a problem with ``message`` and ``expected`` unless ``test`` holds."""
    def check(value, key: str, where: SettingsFile) -> list[Problem]:
        return [] if test(value) else [where.problem(key, value, message, expected)]
    return check


def text(expected: str) -> Check:
    return passes(is_text, "not text", expected)


def boolean() -> Check:
    return passes(lambda value: isinstance(value, bool), "not true or false", "true or false")


def choice(allowed: tuple) -> Check:
    """One of ``allowed`` (None among them when the key may be null)."""
    return passes(lambda value: isinstance(value, str | None) and value in allowed, "unknown value",
                  " or ".join(str(a) for a in allowed if a))


def text_list(message: str, expected: str, nullable: bool = False) -> Check:
    return passes(lambda value: nullable and value is None or isinstance(value, list)
                  and all(is_text(item) for item in value), message, expected)


def mapping(model: Model, message: str, expected: Callable[[str], str], empty_is_none: bool = False) -> Check:
    """A mapping whose keys ``model`` declares, each checked by the same validator."""
    def check(value, key: str, where: SettingsFile) -> list[Problem]:
        if empty_is_none and not value:
            return []
        if not isinstance(value, dict):
            return [where.problem(key, value, message, expected(key))]
        return check_settings(value, model, where, key + ".")
    check.model = model
    return check

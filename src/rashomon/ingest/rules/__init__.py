"""Noise rules: data files that say what to cut from article text.

The rules ship in ``noise.yaml`` next to this module; users add or override
rules with their own file of the same shape (``rashomon ingest --rules FILE``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rashomon.errors import RulesError


class RuleKind(StrEnum):
    LINE = "line"
    TAIL = "tail"
    BUILTIN = "builtin"


class Where(StrEnum):
    ANYWHERE = "anywhere"
    HEAD = "head"
    END = "end"


BUILTIN_DETECTORS = frozenset(
    {
        "kicker",
        "repeated-title",
        "photo-caption",
        "repeated-caption",
        "repeated-paragraph",
        "trailing-fragment",
    }
)


@dataclass(frozen=True, slots=True)
class NoiseRule:
    """One named rule; ``pattern`` is compiled, ``detector`` names a builtin."""

    name: str
    kind: RuleKind
    description: str = ""
    pattern: re.Pattern[str] | None = None
    detector: str | None = None
    where: Where = Where.ANYWHERE
    lines: int = 3
    max_words: int | None = None
    min_words: int | None = None
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules in force, in order; builtins are looked up by detector name."""

    rules: tuple[NoiseRule, ...]

    def of_kind(self, kind: RuleKind) -> tuple[NoiseRule, ...]:
        return tuple(r for r in self.rules if r.kind is kind and r.enabled)

    def builtin(self, detector: str) -> NoiseRule | None:
        for rule in self.rules:
            if rule.kind is RuleKind.BUILTIN and rule.detector == detector and rule.enabled:
                return rule
        return None

    def extended(self, other: RuleSet) -> RuleSet:
        """Rules of ``other`` replace same-named rules here; new ones are appended."""
        by_name = {r.name: r for r in other.rules}
        merged = [by_name.pop(r.name, r) for r in self.rules]
        merged.extend(r for r in other.rules if r.name in by_name)
        return RuleSet(tuple(merged))


def default_rules() -> RuleSet:
    """The rules shipped with rashomon."""
    text = resources.files("rashomon.ingest.rules").joinpath("noise.yaml").read_text("utf-8")
    return parse_rules(text, source="noise.yaml (built in)")


def load_rules(path: Path | None) -> RuleSet:
    """The built-in rules, extended by the user's file at ``path`` if given."""
    rules = default_rules()
    if path is None:
        return rules
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the rules file ({exc.strerror})") from exc
    return rules.extended(parse_rules(text, source=str(path)))


def parse_rules(text: str, *, source: str) -> RuleSet:
    """Parse a rules document; errors name the file and the rule."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{source}: not valid YAML ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise RulesError(f"{source}: expected a mapping with a 'rules:' list")
    return RuleSet(tuple(_parse_rule(item, source, i) for i, item in enumerate(document["rules"])))


def _parse_rule(item: Any, source: str, index: int) -> NoiseRule:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise RulesError(f"{source}: rule #{index + 1} needs a 'name'")
    name = item["name"]
    where = f"{source}: rule '{name}'"
    try:
        kind = RuleKind(item.get("kind", "line"))
        position = Where(item.get("where", "anywhere"))
    except ValueError as exc:
        raise RulesError(f"{where}: {exc}") from exc
    pattern = None
    detector = None
    if kind is RuleKind.BUILTIN:
        detector = item.get("detector")
        if detector not in BUILTIN_DETECTORS:
            known = ", ".join(sorted(BUILTIN_DETECTORS))
            raise RulesError(f"{where}: unknown detector {detector!r} (known: {known})")
    else:
        raw = item.get("pattern")
        if not isinstance(raw, str) or not raw:
            raise RulesError(f"{where}: a '{kind}' rule needs a 'pattern'")
        try:
            pattern = re.compile(raw)
        except re.error as exc:
            raise RulesError(f"{where}: bad regular expression ({exc})") from exc
    return NoiseRule(
        name=name,
        kind=kind,
        description=str(item.get("description", "")),
        pattern=pattern,
        detector=detector,
        where=position,
        lines=_int(item, "lines", 3, where),
        max_words=_optional_int(item, "max_words", where),
        min_words=_optional_int(item, "min_words", where),
        enabled=bool(item.get("enabled", True)),
    )


def _int(item: dict[str, Any], key: str, default: int, where: str) -> int:
    value = _optional_int(item, key, where)
    return default if value is None else value


def _optional_int(item: dict[str, Any], key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RulesError(f"{where}: '{key}' must be a whole number >= 0, not {value!r}")
    return value

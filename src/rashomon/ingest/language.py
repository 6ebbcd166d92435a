"""Which language an article is written in.

The English-only stages (the spaCy model, English lexicons) must not see a
German article as if it were English, so every article gets a detected
language. A declared language (front matter, a JSON field, the sources file)
is kept when detection cannot be sure, and overridden, with a warning, when it
can and disagrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Detection reads this much text: enough for certainty, cheap on long articles.
_SAMPLE_CHARS = 500
# Below this, detection is too unreliable to override what the input declares.
_MIN_CHARS = 40
_MIN_SCORE = 0.8

LANGUAGE_NAMES = {
    "ar": "Arabic", "az": "Azerbaijani", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "ka": "Georgian", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian",
    "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "zh": "Chinese",
}  # fmt: skip


def language_name(code: str | None) -> str:
    """'de' -> 'German'; unknown codes are returned as they are."""
    if code is None:
        return "an unknown language"
    return LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True, slots=True)
class LanguageVerdict:
    """The language to store, the detector's confidence, and anything to tell the user."""

    language: str | None
    score: float | None
    warnings: tuple[str, ...] = ()


class LanguageDetector:
    """py3langid's naive Bayes model, loaded once per process on first use."""

    def __init__(self) -> None:
        self._identifier: Any = None

    def detect(self, text: str) -> tuple[str, float]:
        """The most likely language of ``text`` and its normalised probability."""
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        code, score = self._identifier.classify(text[:_SAMPLE_CHARS])
        return str(code), float(score)

    def decide(self, text: str, declared: str | None) -> LanguageVerdict:
        """Combine detection with what the input declared."""
        declared = _normalise_code(declared)
        sample = text.strip()
        if len(sample) < _MIN_CHARS:
            if declared:
                return LanguageVerdict(declared, None)
            return LanguageVerdict(
                None, None, ("too little text to tell its language; treated as not English",)
            )
        code, score = self.detect(sample)
        if score < _MIN_SCORE:
            if declared:
                return LanguageVerdict(declared, score)
            return LanguageVerdict(
                code,
                score,
                (f"language uncertain (looks most like {language_name(code)}, {score:.2f})",),
            )
        if declared and declared != code:
            return LanguageVerdict(
                code,
                score,
                (
                    f"declared language '{declared}' but the text is {language_name(code)}"
                    f" ({code}, {score:.2f}); using '{code}'",
                ),
            )
        return LanguageVerdict(code, score)


def _normalise_code(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    return code.split("-")[0] or None

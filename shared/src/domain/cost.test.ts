import { describe, expect, it } from 'vitest';
import { estimateCostUsd } from './cost.js';

describe('estimateCostUsd', () => {
  it('prices known models per million tokens', () => {
    expect(estimateCostUsd('gemini-2.5-flash', { tokensIn: 1_000_000, tokensOut: 1_000_000 })).toEqual({ usd: 2.8, known: true });
    expect(estimateCostUsd('models/gemini-2.5-pro', { tokensIn: 2000, tokensOut: 1000 }).usd).toBeCloseTo(0.0125, 6);
  });

  it('counts unknown and offline models as free and says it does not know', () => {
    expect(estimateCostUsd('llama3.1:8b', { tokensIn: 5000, tokensOut: 5000 })).toEqual({ usd: 0, known: false });
  });
});

/**
 * Estimated LLM cost. Prices are USD per million tokens from the providers' public
 * list prices at the time of writing — an estimate for the dashboard, not a bill.
 * Unknown models (a local OpenAI-compatible server, say) count as free and say so.
 */
export const pricePerMillion: Record<string, { input: number; output: number }> = {
  'gemini-2.5-pro': { input: 1.25, output: 10 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
};

export interface Usage {
  tokensIn: number;
  tokensOut: number;
}

export function addUsage(a: Usage, b: Usage): Usage {
  return { tokensIn: a.tokensIn + b.tokensIn, tokensOut: a.tokensOut + b.tokensOut };
}

export const noUsage: Usage = { tokensIn: 0, tokensOut: 0 };

export function estimateCostUsd(model: string, usage: Usage): { usd: number; known: boolean } {
  const key = model.replace(/^models\//, '').toLowerCase();
  const price = pricePerMillion[key] ?? pricePerMillion[key.replace(/-\d{3}$|-preview.*$|-latest$/, '')];
  if (!price) return { usd: 0, known: false };
  const usd = (usage.tokensIn * price.input + usage.tokensOut * price.output) / 1_000_000;
  return { usd: Math.round(usd * 1e6) / 1e6, known: true };
}

/**
 * Structured log lines: one JSON object per line with an event name (`scene.rendered`) and
 * fields. Every line passes through `redact`, so a secret that leaks into a message (an SDK
 * error echoing a header, say) is masked before it reaches Appwrite's execution logs.
 */
export type Logger = {
  info(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
};

export function createLogger(sinks: { log: (line: string) => void; error: (line: string) => void }, secrets: string[], base: Record<string, unknown> = {}): Logger {
  const masks = secrets.filter((s) => s.length >= 8);
  const redact = (line: string) => masks.reduce((out, secret) => out.split(secret).join('[redacted]'), line);
  const line = (event: string, fields: Record<string, unknown> = {}) => redact(JSON.stringify({ event, ...base, ...fields, ...(fields.event !== undefined ? { event, detail: fields.event } : {}) }, errorsAsText));
  return {
    info: (event, fields) => sinks.log(line(event, fields)),
    error: (event, fields) => sinks.error(line(event, fields)),
  };
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? `${value.name}: ${value.message}` : value;
}

/** A message safe to store in a row: no secrets, bounded length. */
export function safeMessage(err: unknown, secrets: string[] = [], max = 500): string {
  let text = err instanceof Error ? err.message : String(err);
  for (const secret of secrets) if (secret.length >= 8) text = text.split(secret).join('[redacted]');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// Manim prints tracebacks through rich: boxes drawn with these characters around the frames,
// then the exception line. The line a person needs is that last `SomeError: message`.
const boxOnly = /^[\s│┃|╭╮╰╯─━┌┐└┘├┤┬┴┼═║]*$/u;
const boxEdges = /^[\s│┃|]+|[\s│┃|]+$/gu;
const exceptionLine = /^(?:[A-Za-z_][\w]*\.)*[A-Z][\w]*(?:Error|Exception|Exit|Interrupt|Warning|Timeout|Killed)\b/;
const MAX = 300;

/** The useful part of a traceback or error text: the exception line, else the last line. */
export function tracebackTail(text: string | null | undefined): string {
  if (!text) return '';
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(boxEdges, '').trim())
    .filter((line) => line !== '' && !boxOnly.test(line));
  if (lines.length === 0) return '';
  let index = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (exceptionLine.test(lines[i]!)) {
      index = i;
      break;
    }
  }
  const picked = index >= 0 ? lines[index]! : lines[lines.length - 1]!;
  return picked.length > MAX ? `${picked.slice(0, MAX - 1)}…` : picked;
}

/** Whether the short line leaves something out, so the full text is worth a click. */
export function hasMoreThanTail(text: string | null | undefined): boolean {
  return Boolean(text) && tracebackTail(text) !== text!.trim();
}

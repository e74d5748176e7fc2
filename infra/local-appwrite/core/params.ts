// PHP-style parameter names, as the SDKs send them: `queries[0]=…`, `queries[]=…`,
// `permissions[]=…` (multipart), `a[b]=…`. Appwrite (PHP) folds them into arrays and objects.
export type Params = Record<string, unknown>;

export function assignParam(target: Params, name: string, value: unknown): void {
  const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(name);
  if (!match || !match[2]) {
    target[name] = value;
    return;
  }
  const path = [...match[2].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
  let node: Record<string, unknown> | unknown[] = target;
  let key: string = match[1]!;
  for (const segment of path) {
    const container: unknown = (node as Record<string, unknown>)[key];
    let next: Record<string, unknown> | unknown[];
    if (container && typeof container === 'object') next = container as Record<string, unknown> | unknown[];
    else {
      next = segment === '' || /^\d+$/.test(segment) ? [] : {};
      (node as Record<string, unknown>)[key] = next;
    }
    node = next;
    key = segment === '' && Array.isArray(node) ? String(node.length) : segment;
  }
  (node as Record<string, unknown>)[key] = value;
}

export function parseSearchParams(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [name, value] of search) assignParam(out, name, value);
  return out;
}

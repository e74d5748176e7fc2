import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** True when "others" may search every ancestor of `path` (and read it, if it is a file). */
export function traversableByOthers(path: string): boolean {
  let dir = path;
  try {
    const stat = statSync(path);
    if (stat.isFile() && (stat.mode & 0o004) === 0) return false;
    if (stat.isFile()) dir = dirname(path);
  } catch {
    return false;
  }
  for (;;) {
    try {
      if ((statSync(dir).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

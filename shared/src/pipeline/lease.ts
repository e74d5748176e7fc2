/**
 * Leases: a row in an in-progress state carries `lease_until`; past it, sweep-stuck may
 * take the row back (the execution holding it was killed or its write was lost).
 */
export function leaseUntil(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

export function leaseExpired(leaseUntilIso: string | null, now: Date): boolean {
  if (!leaseUntilIso) return true;
  const t = Date.parse(leaseUntilIso);
  return Number.isNaN(t) || t <= now.getTime();
}

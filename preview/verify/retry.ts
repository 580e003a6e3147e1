/** Time for the retry loops; tests inject one that records every wait and never really sleeps. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The instance metadata service's retry guidance, exactly as the S4 source document gives it
 * (shared/seeds/003_*.txt, "Руководство по повторной попытке"; Microsoft Learn:
 * https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token#retry-guidance):
 * exponential back-off, retry count 5, minimum back-off 0 s, maximum 60 s, delta 2 s, no fast first retry —
 * "attempt 1 — 0 s, attempt 2 — ~2 s, attempt 3 — ~6 s, attempt 4 — ~14 s, attempt 5 — ~30 s".
 * Retry on 404 (IMDS being updated), 429 (throttled), 5xx and timeouts; 410 means IMDS is being updated and is
 * available again within 70 s; any other 4xx is a design-time error: never retried. 5xx: "safe to retry after
 * waiting at least 1 second" (same document, error handling table), so a 5xx's first retry waits 1 s, not 0.
 */
export const IMDS_RETRY = {
  retries: 5,
  minBackoffMs: 0,
  maxBackoffMs: 60_000,
  deltaBackoffMs: 2_000,
  goneWithinMs: 70_000,
  serverErrorMinWaitMs: 1_000,
} as const;

/**
 * The wait before retry number `retry` (0-based): min + (2^retry − 1) × delta, capped at max — 0, 2, 6, 14, 30 s.
 * The document's "~" is the jitter of the block this table comes from; the nominal values are used, so the
 * schedule is exact and testable.
 */
export function imdsBackoffMs(retry: number): number {
  return Math.min(IMDS_RETRY.maxBackoffMs, IMDS_RETRY.minBackoffMs + (2 ** retry - 1) * IMDS_RETRY.deltaBackoffMs);
}

/**
 * Azure RBAC honours a new role assignment late: ARM caches role assignments ("Symptom - Role assignment changes are
 * not being detected", https://learn.microsoft.com/azure/role-based-access-control/troubleshooting; revisions of that
 * page have said up to 10 and up to 30 minutes), and the S1 source document (shared/seeds/000_*.txt) warns of up to
 * 60 minutes with 403s meanwhile. The role checks retry for `--rbac-wait-minutes` (default 10: a deploy job should not
 * sit for an hour; raise it for a first deployment), waiting 5 s, 10 s, 20 s, 40 s, then every 60 s.
 */
export const RBAC_WAIT = { defaultMinutes: 10, firstWaitMs: 5_000, maxWaitMs: 60_000 } as const;

export function rbacBackoffMs(retry: number): number {
  return Math.min(RBAC_WAIT.maxWaitMs, RBAC_WAIT.firstWaitMs * 2 ** retry);
}

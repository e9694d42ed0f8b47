/**
 * When a throttled answer is retried, and after how long. Graph throttles with 429 (and at times 503/504), usually
 * with Retry-After; Playwright's `maxRetries` covers only network errors, so honouring it is ours. Nothing else is
 * retried: a retried 400 or 500 would hide exactly the wrong answer a conformance check exists to catch.
 */

export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/** Backoff when the answer names no wait: 1 s, 2 s, 4 s ... capped at 30 s, each with up to half taken off at random. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 30_000;
/** However generous the budget, a request is sent at most this many times more. */
export const MAX_RETRIES = 8;

/**
 * Retry-After as milliseconds from `now`: delay-seconds (Graph sends fractions, e.g. "0.5") or an HTTP date.
 * Undefined when absent or unreadable, so the caller falls back on backoff rather than trusting garbage.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // HTTP dates always name the weekday and GMT; requiring that keeps "5 minutes" and the like from parsing.
  if (!/^[A-Za-z]{3},\s/.test(text) || !/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The wait before retry number `attempt` (0 for the first retry) when the server named none. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  /** Why the answer stands, for the record when a throttled answer is not retried. */
  reason?: string;
}

/**
 * Decide on one answer: retry a throttled status if its wait fits in what is left of the budget. A server asking for
 * more than the budget is not retried at all: waiting part of it would only be throttled again.
 */
export function decideRetry(
  status: number,
  retryAfter: string | undefined,
  attempt: number,
  waitedMs: number,
  budgetMs: number,
  now: number = Date.now(),
  random: () => number = Math.random,
): RetryDecision {
  if (!RETRIED_STATUSES.has(status)) return { retry: false, waitMs: 0 };
  if (attempt >= MAX_RETRIES) return { retry: false, waitMs: 0, reason: `still ${status} after ${MAX_RETRIES} retries` };
  const waitMs = parseRetryAfter(retryAfter, now) ?? backoffMs(attempt, random);
  if (waitedMs + waitMs > budgetMs) {
    return { retry: false, waitMs, reason: `${status} asks for a ${waitMs} ms wait; ${budgetMs - waitedMs} ms left of GRAPH_RETRY_BUDGET_MS=${budgetMs}` };
  }
  return { retry: true, waitMs };
}

import { redactHeaders, redactText } from './redact';

/** One HTTP request and its answer, as the harness saw them on the wire. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response: { status: number; statusText: string; headers: Record<string, string>; body: Buffer };
  durationMs: number;
  /** Throttled attempts that were retried before this answer, oldest first. */
  retries?: { status: number; waitedMs: number }[];
}

export function header(exchange: Exchange, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(exchange.response.headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function bodyText(exchange: Exchange): string {
  return exchange.response.body.toString('utf8');
}

/** The answer parsed as JSON, or undefined when it is not JSON. */
export function bodyJson(exchange: Exchange): unknown {
  try {
    return JSON.parse(bodyText(exchange));
  } catch {
    return undefined;
  }
}

/** The ids a support ticket needs, for failure messages. */
export function supportIds(exchange: Exchange): string {
  return `request-id=${header(exchange, 'request-id') ?? '(none)'} client-request-id=${header(exchange, 'client-request-id') ?? exchange.request.headers['client-request-id'] ?? '(none)'} date=${header(exchange, 'date') ?? '(none)'}`;
}

const MAX_SHOWN_BODY = 4096;

/** The exchange as a person reads it, every secret removed. Used for attachments and failure messages. */
export function describeExchange(exchange: Exchange): string {
  const req = exchange.request;
  const res = exchange.response;
  const lines = [`${req.method} ${req.url}`];
  for (const [k, v] of Object.entries(redactHeaders(req.headers))) lines.push(`${k}: ${v}`);
  if (req.body !== undefined) lines.push('', req.body.length > MAX_SHOWN_BODY ? `${req.body.slice(0, MAX_SHOWN_BODY)}... (${req.body.length} bytes)` : req.body);
  for (const retry of exchange.retries ?? []) lines.push('', `(answered ${retry.status}, retried after ${retry.waitedMs} ms)`);
  lines.push('', `HTTP ${res.status} ${res.statusText}  (${exchange.durationMs} ms)`);
  for (const [k, v] of Object.entries(redactHeaders(res.headers))) lines.push(`${k}: ${v}`);
  const text = res.body.toString('utf8');
  if (text.length) lines.push('', text.length > MAX_SHOWN_BODY ? `${text.slice(0, MAX_SHOWN_BODY)}... (${res.body.length} bytes)` : text);
  return redactText(lines.join('\n'));
}

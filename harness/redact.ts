/**
 * One place that knows what is secret. Everything the harness prints, attaches or throws passes through here,
 * because Playwright itself prints request headers in some call logs (microsoft/playwright#31717).
 */
const secrets = new Set<string>();

/** Register a value that must never appear in output. Short values are refused: redacting "a" would shred every log. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

export const REDACTED = '<redacted>';

export function redactText(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  // A bearer credential we were never told about (a token minted mid-run) is still a credential. It must hold a
  // digit or one of -._~+/= (a JWT has dots, base64 digits or padding): an English word such as "Basic credentials"
  // in a check's title is not one, and redacting it would change the check's id in reports.
  return out.replace(/\b(Bearer|Basic)\s+(?=[A-Za-z]*[0-9\-._~+/=])[A-Za-z0-9\-._~+/=]{8,}/gi, `$1 ${REDACTED}`);
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-ms-client-secret']);

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (SECRET_HEADERS.has(name.toLowerCase())) {
      const scheme = /^(\w+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : value === '' ? '' : REDACTED;
    } else out[name] = redactText(value);
  }
  return out;
}

/**
 * HTTP/1.1 over a bare TCP socket, for requests no HTTP client would send (garbage request lines, lying lengths,
 * raw NUL bytes) and for telling an answer from a dropped connection. One request per connection.
 */
import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type RawOutcome =
  | { kind: 'answer'; answer: RawAnswer }
  /** The server closed or reset the connection without a complete answer. */
  | { kind: 'dropped'; detail: string; received: Buffer }
  /** Nothing complete arrived in time and the connection is still open. */
  | { kind: 'timeout'; received: Buffer };

/** A complete answer at the front of `data`, or undefined while more is needed. Throws on a malformed answer. */
export function parseAnswer(data: Buffer, closed: boolean, head = false): RawAnswer | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const lines = data.subarray(0, end).toString('latin1').split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0]!);
  if (!statusLine) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(lines[0]!.slice(0, 100))}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line.slice(0, 100))}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine[1]);
  const rest = data.subarray(end + 4);
  // An answer to HEAD never has a body, whatever Content-Length says.
  if (head) return { status, headers, body: Buffer.alloc(0) };
  if (headers['transfer-encoding'] !== undefined) throw new Error('chunked answers are not expected from the mock');
  const length = headers['content-length'];
  if (length !== undefined) {
    const n = Number(length);
    if (rest.length < n) return undefined;
    return { status, headers, body: rest.subarray(0, n) };
  }
  // No length: 204/304 carry no body; anything else runs to the close.
  if (status === 204 || status === 304 || status < 200) return { status, headers, body: Buffer.alloc(0) };
  return closed ? { status, headers, body: rest } : undefined;
}

export interface RawOptions {
  port: number;
  host?: string;
  /** Give up waiting after this long (the connection is then destroyed by us). */
  timeoutMs?: number;
  /** The request is a HEAD: its answer has no body, whatever Content-Length says. */
  head?: boolean;
}

/** Send bytes on a fresh connection and wait for one answer, a drop, or the timeout. */
export function rawExchange(request: Buffer | string, options: RawOptions): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ port: options.port, host: options.host ?? '127.0.0.1' });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome: RawOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', received }), options.timeoutMs ?? 5_000);
    const tryParse = (closed: boolean): void => {
      try {
        const answer = parseAnswer(received, closed, options.head);
        if (answer) finish({ kind: 'answer', answer });
        else if (closed) finish({ kind: 'dropped', detail: 'closed before a complete answer', received });
      } catch (err) {
        finish({ kind: 'dropped', detail: `garbled answer: ${(err as Error).message}`, received });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      tryParse(false);
    });
    socket.on('end', () => tryParse(true));
    socket.on('close', () => tryParse(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A reset after a complete answer is still an answer (the server may close a connection it will not read).
      try {
        const answer = parseAnswer(received, true, options.head);
        if (answer) return finish({ kind: 'answer', answer });
      } catch {
        // fall through
      }
      finish({ kind: 'dropped', detail: `${err.code ?? ''} ${err.message}`.trim(), received });
    });
    socket.write(request);
  });
}

/** An HTTP/1.1 request as bytes: Host, Content-Length for a body, `Connection: close`, then any extra header lines. */
export function buildRequest(method: string, target: string, headers: [string, string][], body?: Buffer, port = 0): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** Every answer the server sends on one connection until it closes it (or the timeout), in order. */
export function rawAnswers(request: Buffer | string, options: RawOptions): Promise<RawAnswer[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: options.port, host: options.host ?? '127.0.0.1' });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), options.timeoutMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const answers: RawAnswer[] = [];
      let rest = Buffer.concat(chunks);
      try {
        for (let answer = parseAnswer(rest, true); answer; answer = parseAnswer(rest, true)) {
          answers.push(answer);
          const headerEnd = rest.indexOf('\r\n\r\n') + 4;
          rest = rest.subarray(headerEnd + answer.body.length);
          if (rest.length === 0) break;
        }
        resolve(answers);
      } catch (err) {
        reject(err as Error);
      }
    });
    socket.write(request);
  });
}

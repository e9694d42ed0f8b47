/**
 * A reference point for the throughput target, not a target itself: the least any Graph-faithful answer to the
 * documented PUT costs on node:http. It reads and parses the JSON body, records the binding, and answers 204 with the
 * headers Graph sends with every answer, as the mock does (a fresh request-id, the client-request-id, and three
 * constant ones). No routing, no authentication, no validation. `npm run bench` reports its throughput against the
 * bare server beside the mock's, so that the mock's figure can be read against what the machine allows at all.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { graphResponseHeaders } from '../mock/server';
import { listenAndAnnounce } from './listen';

const bindings = new Map<string, unknown>();

const server = http.createServer((req, res) => {
  const requestId = randomUUID();
  const clientRequestId = req.headers['client-request-id'];
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      // A reference point: every request the bench sends parses.
    }
    bindings.set(req.url ?? '', body['@odata.id'] ?? null);
    res.writeHead(204, graphResponseHeaders(requestId, typeof clientRequestId === 'string' ? clientRequestId : requestId));
    res.end();
  });
});
listenAndAnnounce(server, 'minimal server');

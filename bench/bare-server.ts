/**
 * The floor for the throughput target: node:http with nothing on top. It reads the request body to its end, as the
 * mock must, and answers 204 with no headers of its own. Announces itself like mock/cli.ts does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(204);
    res.end();
  });
});
server.listen(Number(process.env.MOCK_PORT ?? 0), process.env.MOCK_HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`bare server: service root http://127.0.0.1:${port}/v1.0\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

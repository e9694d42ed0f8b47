/**
 * The floor for the throughput target: node:http with nothing on top. It reads the request body to its end, as the
 * mock must, and answers 204 with no headers of its own. Announces itself like mock/cli.ts does.
 */
import http from 'node:http';
import { listenAndAnnounce } from './listen';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(204);
    res.end();
  });
});
listenAndAnnounce(server, 'bare server');

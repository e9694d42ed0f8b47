/**
 * Start-up and shut-down shared by the bench's reference servers: listen where MOCK_PORT/MOCK_HOST say (port 0: any
 * free port), announce the service root as mock/cli.ts does (bench/servers.ts waits for that line), close on SIGTERM.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export function listenAndAnnounce(server: http.Server, label: string): void {
  server.listen(Number(process.env.MOCK_PORT ?? 0), process.env.MOCK_HOST ?? '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${label}: service root http://127.0.0.1:${port}/v1.0\n`);
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

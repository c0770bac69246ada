/**
 * The demo's embedded servers on 127.0.0.1 (port 0): one that greets first (an SMTP-style banner),
 * a plain HTTP/1.1 server, a TLS server offering ALPN h2/http/1.1 (test-only certificate), and one
 * that accepts and stays silent. `stop()` closes the listeners and every accepted socket.
 */
import { createServer as netServer, type Server, type Socket } from 'node:net';
import { createServer as httpServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { DEMO_CERT_PEM, DEMO_KEY_PEM } from './demo-cert.js';

export interface DemoServer {
  readonly name: string;
  readonly port: number;
  /** What the server does, in one line. */
  readonly description: string;
}

export interface DemoServers {
  readonly servers: readonly DemoServer[];
  stop(): Promise<void>;
}

export const DEMO_BANNER = '220 demo.protocheck.invalid ESMTP protocheck-demo ready\r\n';

interface Listening {
  readonly server: Server;
  readonly sockets: Set<Socket>;
}

function track(server: Server): Listening {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  return { server, sockets };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : 0);
    });
  });
}

export async function startDemoServers(): Promise<DemoServers> {
  const greeting = track(
    netServer((s) => {
      s.write(DEMO_BANNER);
      s.on('data', () => s.end('221 bye\r\n'));
    }),
  );
  const http = track(
    httpServer((req, res) => {
      res.setHeader('server', 'protocheck-demo');
      res.end(`hello from the demo HTTP server (${req.method} ${req.url})\n`);
    }),
  );
  const h2 = createSecureServer({ key: DEMO_KEY_PEM, cert: DEMO_CERT_PEM, allowHTTP1: true }, (_req, res) => {
    res.setHeader('server', 'protocheck-demo');
    res.end('hello over TLS\n');
  });
  const tlsSockets = new Set<Socket>();
  h2.on('connection', (s: Socket) => {
    tlsSockets.add(s);
    s.on('error', () => {});
    s.on('close', () => tlsSockets.delete(s));
  });
  h2.on('tlsClientError', () => {});
  const silent = track(netServer(() => {}));
  const listening = [greeting, http, silent];
  const [pg, ph, pt, ps] = await Promise.all([listen(greeting.server), listen(http.server), listen(h2 as unknown as Server), listen(silent.server)]);
  const servers: DemoServer[] = [
    { name: 'greets-first', port: pg as number, description: 'sends an SMTP-style banner as soon as a client connects' },
    { name: 'http', port: ph as number, description: 'plain HTTP/1.1' },
    { name: 'tls-alpn', port: pt as number, description: 'TLS offering ALPN h2 and http/1.1 (test-only certificate)' },
    { name: 'silent', port: ps as number, description: 'accepts and never speaks (waits the whole --wait window)' },
  ];
  return {
    servers,
    stop: async () => {
      for (const l of listening) for (const s of l.sockets) s.destroy();
      for (const s of tlsSockets) s.destroy();
      await Promise.all([
        ...listening.map((l) => new Promise<void>((r) => l.server.close(() => r()))),
        new Promise<void>((r) => h2.close(() => r())),
      ]);
    },
  };
}

/**
 * Live cross-check on 127.0.0.1: real clients (node's tls always; openssl and curl when installed)
 * send a ClientHello with a random server name to a local listener; the parser must find that name,
 * lower-cased, and call every shorter prefix incomplete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { spawn, spawnSync } from 'node:child_process';
import { parseClientHello } from '../../src/detect/tls-client-hello.js';

/** Listens on 127.0.0.1, runs `client(port)`, resolves with the first whole TLS record received. */
function firstRecord(client: (port: number) => () => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let stop: () => void = () => {};
    const timer = setTimeout(() => {
      server.close();
      stop();
      reject(new Error('no complete record within 10 s'));
    }, 10_000);
    const server = createServer((socket) => {
      let buf = Buffer.alloc(0);
      socket.on('error', () => {});
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        if (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
          clearTimeout(timer);
          socket.destroy();
          server.close();
          stop();
          resolve(Uint8Array.from(buf.subarray(0, 5 + buf.readUInt16BE(3))));
        }
      });
    });
    server.listen(0, '127.0.0.1', () => {
      stop = client((server.address() as AddressInfo).port);
    });
  });
}

function spawned(cmd: string, args: string[]): () => void {
  const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => {});
  return () => child.kill();
}

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0 || spawnSync(cmd, ['version'], { stdio: 'ignore' }).status === 0;

function randomName(): string {
  const label = () => Math.random().toString(36).slice(2, 8);
  return `${label()}.Svc-${label()}.Example.NET`;
}

function check(hello: Uint8Array, name: string): void {
  const h = parseClientHello(hello);
  assert.equal(h.state, 'sni');
  assert.equal(h.sni, name.toLowerCase());
  for (let n = 0; n < hello.length; n++) assert.equal(parseClientHello(hello.subarray(0, n)).state, 'incomplete', `prefix ${n}`);
}

test('node tls.connect: the random server name comes back lower-cased', async () => {
  const name = randomName();
  const hello = await firstRecord((port) => {
    const s = connect({ host: '127.0.0.1', port, servername: name, ALPNProtocols: ['h2'], rejectUnauthorized: false });
    s.on('error', () => {});
    return () => s.destroy();
  });
  check(hello, name);
  assert.deepEqual(parseClientHello(hello).alpn, ['h2']);
});

test('openssl s_client (TLS 1.2 and 1.3)', { skip: has('openssl') ? false : 'openssl not installed' }, async () => {
  for (const v of ['-tls1_2', '-tls1_3']) {
    const name = randomName();
    const hello = await firstRecord((port) => spawned('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, v, '-servername', name]));
    check(hello, name);
  }
});

test('curl', { skip: has('curl') ? false : 'curl not installed' }, async () => {
  const name = randomName().toLowerCase();
  const hello = await firstRecord((port) => spawned('curl', ['-sk', '--max-time', '5', '--resolve', `${name}:${port}:127.0.0.1`, `https://${name}:${port}/`]));
  check(hello, name);
});

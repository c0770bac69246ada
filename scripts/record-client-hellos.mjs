#!/usr/bin/env node
// Records real TLS ClientHellos from real clients into test/detect/fixtures/*.bin, for the detector's
// every-prefix walks (test/detect/client-hello-fixtures.test.ts). Each recording starts a listener on
// 127.0.0.1 that keeps the client's bytes until the whole first TLS record has arrived (5 + record
// length), writes exactly that record and closes; the client then fails its handshake, as intended.
// Needs openssl and curl on PATH. Run from the repository root: node scripts/record-client-hellos.mjs
// The list of recordings with the expected server name is written to test/detect/fixtures/client-hellos.json.
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const OUT = join(process.cwd(), 'test', 'detect', 'fixtures');
const TIMEOUT_MS = 10_000;

/** name, expected SNI (lower-cased, null = none), how the client is run (PORT is replaced). */
const RECORDINGS = [
  { name: 'openssl-tls13-sni', sni: 'example.com', cmd: ['openssl', 's_client', '-connect', '127.0.0.1:PORT', '-tls1_3', '-servername', 'example.com'] },
  { name: 'openssl-tls12-sni', sni: 'example.com', cmd: ['openssl', 's_client', '-connect', '127.0.0.1:PORT', '-tls1_2', '-servername', 'example.com'] },
  { name: 'openssl-tls13-nosni', sni: null, cmd: ['openssl', 's_client', '-connect', '127.0.0.1:PORT', '-tls1_3', '-noservername'] },
  { name: 'openssl-tls12-nosni', sni: null, cmd: ['openssl', 's_client', '-connect', '127.0.0.1:PORT', '-tls1_2', '-noservername'] },
  { name: 'openssl-tls13-sni-alpn', sni: 'db.prod.svc.cluster.local', cmd: ['openssl', 's_client', '-connect', '127.0.0.1:PORT', '-servername', 'db.prod.svc.cluster.local', '-alpn', 'h2,http/1.1'] },
  { name: 'openssl-tls12-upper-sni-alpn', sni: 'mixed.example.org', cmd: ['openssl', 's_client', '-connect', '127.0.0.1:PORT', '-tls1_2', '-servername', 'MiXeD.Example.ORG', '-alpn', 'postgresql'] },
  { name: 'openssl-tls10-sni', sni: null, stuck: true, cmd: ['openssl', 's_client', '-connect', '127.0.0.1:PORT', '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0', '-servername', 'legacy.example.com'] },
  { name: 'curl-sni-alpn', sni: 'curl.example.test', cmd: ['curl', '-sk', '--max-time', '5', '--resolve', 'curl.example.test:PORT:127.0.0.1', 'https://curl.example.test:PORT/'] },
  { name: 'curl-tls12-sni', sni: 'curl.example.test', cmd: ['curl', '-sk', '--max-time', '5', '--tlsv1.2', '--tls-max', '1.2', '--resolve', 'curl.example.test:PORT:127.0.0.1', 'https://curl.example.test:PORT/'] },
  {
    name: 'node-sni-alpn', sni: 'node.example.net',
    cmd: [process.execPath, '-e', "require('tls').connect({host:'127.0.0.1',port:PORT,servername:'node.example.net',ALPNProtocols:['h2','http/1.1'],rejectUnauthorized:false}).on('error',()=>{})"],
  },
  {
    name: 'node-ip-nosni', sni: null,
    cmd: [process.execPath, '-e', "require('tls').connect({host:'127.0.0.1',port:PORT,rejectUnauthorized:false}).on('error',()=>{})"],
  },
];

function record(rec) {
  return new Promise((resolve, reject) => {
    let child;
    const timer = setTimeout(() => {
      server.close();
      child?.kill();
      reject(new Error(`${rec.name}: no complete record within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    const server = createServer((socket) => {
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        if (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
          const record = buf.subarray(0, 5 + buf.readUInt16BE(3));
          clearTimeout(timer);
          socket.destroy();
          server.close();
          child?.kill();
          resolve(record);
        }
      });
      socket.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => {
      const port = String(server.address().port);
      const [cmd, ...args] = rec.cmd.map((a) => a.split('PORT').join(port));
      child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'] });
      child.on('error', (e) => {
        clearTimeout(timer);
        server.close();
        reject(new Error(`${rec.name}: ${e.message}`));
      });
    });
  });
}

mkdirSync(OUT, { recursive: true });
const index = [];
for (const rec of RECORDINGS) {
  try {
    const bytes = await record(rec);
    writeFileSync(join(OUT, `${rec.name}.bin`), bytes);
    index.push({ file: `${rec.name}.bin`, sni: rec.sni, stuck: rec.stuck === true, length: bytes.length, client: rec.cmd.slice(0, 2).join(' ').replace(process.execPath, 'node'), command: rec.cmd.join(' ').replace(process.execPath, 'node') });
    console.log(`${rec.name}: ${bytes.length} bytes`);
  } catch (e) {
    console.error(String(e.message ?? e));
  }
}
writeFileSync(join(OUT, 'client-hellos.json'), JSON.stringify(index, null, 2) + '\n');

/**
 * Detector throughput on one core: classifications per second (the HTTP verdict `detectHttp` and the
 * TLS state `tlsState`, the public verdict-only API) over a mixed set of first segments; the
 * knowledge-base identification and the full detect() (words, details, identification) are reported
 * separately. Goal: >= 3e6 per second.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { detect, detectHttp, tlsState } from '../../src/detect/index.js';
import { identifyClientBytes } from '../../src/protocols/index.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';

const FIXTURES = fileURLToPath(new URL('../../../test/detect/fixtures/', import.meta.url));

function samples(): Uint8Array[] {
  const t = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
  const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
  const hellos = readdirSync(FIXTURES).filter((f) => f.endsWith('.bin')).map((f) => Uint8Array.from(readFileSync(join(FIXTURES, f))));
  return [
    t('GET /api/v1/users?limit=10 HTTP/1.1\r\nHost: users.default.svc.cluster.local\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n'),
    t('POST /pkg.Svc/Method HTTP/1.1\r\ncontent-type: application/grpc-web\r\n\r\n'),
    t('GET / HTTP/1.1\r\n'),
    t('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x64\x00\x04\x00\x10\x00\x00'),
    ...hellos,
    t('*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n'),
    t('SSH-2.0-OpenSSH_9.6\r\n'),
    h('00 00 00 08 04 d2 16 2f'),
    h('00 00 00 2a 00 03 00 00 75 73 65 72 00 70 6f 73 74 67 72 65 73 00 00 00 00 00 00 00 00'),
    h('00 00 00 1f 00 12 00 03 00 00 00 01 00 09 6b 61 66 6b 61 2d 63 6c 69 00'),
    h('10 10 00 04 4d 51 54 54 04 02 00 3c 00 04 74 65 73 74'),
    t('CONNECT {"verbose":false,"pedantic":false}\r\n'),
    t('PING\r\n'),
    new Uint8Array(0),
  ];
}

function rate(fn: () => void, perCall: number, minMs = 1000): number {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  let calls = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 200; i++) fn();
    calls += 200;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return (calls * perCall) / (elapsed / 1000);
}

export async function run(): Promise<string[]> {
  const set = samples();
  const version = parseLinkerdVersion('latest');
  const v29 = parseLinkerdVersion('2.9');
  const states: Record<string, number> = { sni: 1, 'no-sni': 2, 'not-tls': 3, incomplete: 4 };
  let sink = 0;
  const core = rate(() => {
    for (let i = 0; i < set.length; i++) sink += detectHttp(set[i] as Uint8Array, version).length + (states[tlsState(set[i] as Uint8Array)] as number);
  }, set.length);
  const core29 = rate(() => {
    for (let i = 0; i < set.length; i++) sink += detectHttp(set[i] as Uint8Array, v29).length + (states[tlsState(set[i] as Uint8Array)] as number);
  }, set.length);
  const ident = rate(() => {
    for (let i = 0; i < set.length; i++) if (identifyClientBytes(set[i] as Uint8Array) !== null) sink++;
  }, set.length, 500);
  const full = rate(() => {
    for (let i = 0; i < set.length; i++) sink += detect(set[i] as Uint8Array, version).length;
  }, set.length, 500);
  if (sink === -1) console.log('');
  const e = (x: number) => x.toExponential(2).replace('e+', 'e');
  return [
    `detect-classifications: ${e(core)} per-second`,
    `detect-classifications-2.9: ${e(core29)} per-second`,
    `detect-identifications: ${e(ident)} per-second`,
    `detect-full-results: ${e(full)} per-second`,
    `detect-sample-set: ${set.length} first-segments`,
  ];
}

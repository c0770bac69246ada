/** The committed synthetic fixture is exactly what the helper builds, and reads as intended. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { syntheticMix } from './helpers/synthetic-fixtures.js';
import { analyzeBytes } from '../../src/capture/analyze.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';

const FILE = fileURLToPath(new URL('../../../test/capture/fixtures/synthetic-mix.pcap', import.meta.url));

test('synthetic-mix.pcap is byte-identical to syntheticMix() (UPDATE_GOLDEN=1 rewrites it)', () => {
  const built = syntheticMix();
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(FILE, built);
  assert.ok(readFileSync(FILE).equals(built));
});

test('synthetic-mix.pcap: disagreeing speakers, split HTTP, midstream flow, refusal, UDP and a fragment', () => {
  const a = analyzeBytes(readFileSync(FILE), { version: parseLinkerdVersion('latest') });
  assert.deepEqual(a.end, { kind: 'complete' });
  const by = (port: number) => a.flows.filter((f) => f.serverPort === port).map((f) => f.firstSpeaker);
  assert.deepEqual(by(7000), ['server', 'server', 'server', 'client']);
  assert.deepEqual(by(3306), ['server']);
  assert.deepEqual(by(9999), ['none']);
  const http = a.flows.find((f) => f.serverPort === 8080);
  assert.equal(http?.proxyFirstRead, 3);
  assert.equal(http?.http, 'not-http');
  assert.equal(a.skipped.flowsWithoutHandshake, 1);
  assert.equal(a.skipped.nonTcp, 1);
  assert.equal(a.skipped.fragments, 1);
});

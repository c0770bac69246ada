/**
 * Every Linkerd release tag (edge-*, stable-*, version-*) against the proxy it shipped
 * (fixtures/proxy-versions.json: linkerd/linkerd2 .proxy-version at each tag, and the httparse locked
 * in linkerd/linkerd2-proxy Cargo.lock at that proxy's release tag): the model's detector generation
 * and httparse grammar must be the ones that proxy ran.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectorFor, httparseFor, type ProxyDetector } from '../../src/detect/index.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { REPO_ROOT } from '../helpers/golden.js';

const DATA = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'linkerd', 'fixtures', 'proxy-versions.json'), 'utf8')) as {
  releases: Record<string, string>;
  httparse: Record<string, string>;
};

/**
 * The first proxy release with each detector, from linkerd/linkerd2-proxy history: #744 (read until
 * newline, 1b97e57) first in release/v2.125.0; #782 (10 s detect timeout, 25cfa94) in v2.127.0; #894
 * (one read, 14 bytes, c49bca12) and #896 (timeout => unknown protocol) in v2.131.0; #3721 (error when
 * the socket is closed, e7c2afd) in v2.286.0.
 */
const FIRST: ReadonlyArray<[string, ProxyDetector]> = [['v2.125.0', 'v2.125'], ['v2.127.0', 'v2.127'], ['v2.131.0', 'v2.131'], ['v2.286.0', 'v2.286']];

const num = (v: string): number[] => v.replace(/^v/, '').split('.').map(Number);
function notBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}
function generationOf(proxy: string): ProxyDetector {
  let g: ProxyDetector = 'v2.100';
  for (const [from, gen] of FIRST) if (notBefore(num(proxy), num(from))) g = gen;
  return g;
}

const releases = Object.entries(DATA.releases).filter(([, proxy]) => /^v\d+\.\d+\.\d+$/.test(proxy));

test(`every release's detector generation is its proxy's (${releases.length} tags, edges included)`, () => {
  const wrong: string[] = [];
  for (const [tag, proxy] of releases) {
    const got = detectorFor(parseLinkerdVersion(tag));
    if (got !== generationOf(proxy)) wrong.push(`${tag} (proxy ${proxy}): model ${got}, proxy ${generationOf(proxy)}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(releases.filter(([t]) => t.startsWith('edge-')).length > 300, 'the edges are in the data');
});

test('every release\'s httparse grammar is the one locked in its proxy\'s Cargo.lock', () => {
  const wrong: string[] = [];
  for (const [tag, proxy] of releases) {
    const locked = DATA.httparse[proxy];
    if (locked === undefined) continue;
    const got = httparseFor(parseLinkerdVersion(tag));
    if (got !== locked) wrong.push(`${tag} (proxy ${proxy}): model ${got}, Cargo.lock ${locked}`);
  }
  assert.deepEqual(wrong, []);
});

test('edge-21.2.1 to edge-21.2.3: one read and the 14-byte rules (proxies v2.131.0-v2.133.0), still the 2.9 skip lists', () => {
  for (const tag of ['edge-21.2.1', 'edge-21.2.2', 'edge-21.2.3']) {
    const v = parseLinkerdVersion(tag);
    assert.equal(detectorFor(v), 'v2.131', tag);
    assert.equal(v.family, '2.9.0', `${tag}: values.yaml still has ignoreInboundPorts 25,443,587,3306,11211 and no opaquePorts`);
  }
  assert.equal(detectorFor(parseLinkerdVersion('edge-21.1.4')), 'v2.127');
  assert.equal(detectorFor(parseLinkerdVersion('edge-20.12.4')), 'v2.125');
  assert.equal(detectorFor(parseLinkerdVersion('edge-20.12.3')), 'v2.100');
});

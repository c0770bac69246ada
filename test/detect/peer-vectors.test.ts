/**
 * linkerd/linkerd2-proxy's own detection tests as data (fixtures/peer/linkerd2-proxy.json), run
 * against every Linkerd release whose proxy carried each test (linkerd/linkerd2 .proxy-version at the
 * release tag, test/linkerd/fixtures/proxy-versions.json). What is out of the model is listed in
 * docs/detection.md ("Linkerd's own tests").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect, parseClientHello, sniOf } from '../../src/detect/index.js';
import { parseLinkerdVersion, type LinkerdVersion } from '../../src/linkerd/version.js';
import { REPO_ROOT } from '../helpers/golden.js';

interface Vector {
  readonly text?: string;
  readonly reads?: readonly string[];
  readonly prefixes?: readonly [number, number];
  readonly split?: readonly [number, number];
  readonly closed?: boolean;
  readonly testdata?: string;
  readonly identity?: string;
  readonly prefixesUntilDefinite?: boolean;
  readonly beyondPeek?: boolean;
  readonly expect: string;
  readonly sni?: string;
}
interface Suite {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly test: string;
  readonly vectors: readonly Vector[];
}
interface PeerFile {
  readonly testdata: Record<string, { readonly hex: string; readonly source: string }>;
  readonly http: readonly Suite[];
  readonly tls: readonly Suite[];
}

const PEER = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'detect', 'fixtures', 'peer', 'linkerd2-proxy.json'), 'utf8')) as PeerFile;
const RELEASES = (JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'linkerd', 'fixtures', 'proxy-versions.json'), 'utf8')) as { releases: Record<string, string> }).releases;

const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const num = (v: string): number[] => v.replace(/^v/, '').split('.').map(Number);
function cmp(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Linkerd releases whose proxy is in [from, to]. */
function releasesFor(suite: Suite): Array<{ tag: string; proxy: string; version: LinkerdVersion }> {
  const out = [];
  for (const [tag, proxy] of Object.entries(RELEASES)) {
    if (!/^v\d+\.\d+\.\d+$/.test(proxy)) continue; // a development commit, not a proxy release
    if (cmp(num(proxy), num(suite.from)) < 0 || cmp(num(proxy), num(suite.to)) > 0) continue;
    out.push({ tag, proxy, version: parseLinkerdVersion(tag) });
  }
  return out;
}

/** The inputs a vector stands for: each a list of reads. */
function inputs(v: Vector): Array<{ reads: Uint8Array[]; label: string }> {
  if (v.reads !== undefined) return [{ reads: v.reads.map(latin1), label: JSON.stringify(v.reads) }];
  const t = latin1(v.text ?? '');
  if (v.prefixes !== undefined) {
    const out = [];
    for (let n = v.prefixes[0]; n < v.prefixes[1]; n++) out.push({ reads: [t.subarray(0, n)], label: `${JSON.stringify(v.text)}[..${n}]` });
    return out;
  }
  if (v.split !== undefined) {
    const out = [];
    for (let i = v.split[0]; i < v.split[1]; i++) out.push({ reads: [t.subarray(0, i), t.subarray(i)], label: `${JSON.stringify(v.text)} split at ${i}` });
    return out;
  }
  return [{ reads: [t], label: JSON.stringify(v.text) }];
}

const testdata = (name: string): Uint8Array => Uint8Array.from(Buffer.from(PEER.testdata[name]?.hex ?? '', 'hex'));

export const PEER_CHECKS: Record<string, number> = {};

for (const suite of PEER.http) {
  const releases = releasesFor(suite);
  test(`linkerd2-proxy ${suite.file} @release/${suite.from}..${suite.to} (${suite.test}) on ${releases.length} Linkerd releases`, () => {
    assert.ok(releases.length > 0, 'no Linkerd release shipped a proxy in this range');
    let checks = 0;
    for (const r of releases) {
      for (const v of suite.vectors) {
        for (const input of inputs(v)) {
          const d = detect({ reads: input.reads, closed: v.closed === true }, r.version);
          assert.equal(d.http, v.expect, `${r.tag} (proxy ${r.proxy}), ${input.label}`);
          assert.equal(d.reads.needsMore, false, `${r.tag}: ${input.label} decided`);
          checks++;
        }
      }
    }
    PEER_CHECKS[`http ${suite.file} ${suite.from}`] = checks;
  });
}

/** match_client_hello (v2.124 and earlier): Matched when the SNI is the proxy's identity, NotMatched on any other definite answer. */
function matchState(bytes: Uint8Array, identity: string): 'incomplete' | 'matched' | 'not-matched' {
  const h = parseClientHello(bytes);
  if (h.state === 'incomplete') return 'incomplete';
  return sniOf(h) === identity ? 'matched' : 'not-matched';
}

for (const suite of PEER.tls) {
  const releases = releasesFor(suite);
  test(`linkerd2-proxy ${suite.file} @release/${suite.from}..${suite.to} (${suite.test}) on ${releases.length} Linkerd releases`, () => {
    assert.ok(releases.length > 0);
    let checks = 0;
    for (const r of releases) {
      for (const v of suite.vectors) {
        const input = v.testdata !== undefined ? testdata(v.testdata) : latin1(v.text ?? '');
        const where = `${r.tag} (proxy ${r.proxy}), ${v.testdata ?? JSON.stringify(v.text)}`;
        if (v.identity !== undefined) {
          // check_all_prefixes: some prefix is definite with the expected answer, and every longer one too.
          let i = 0;
          while (i <= input.length && matchState(input.subarray(0, i), v.identity) === 'incomplete') i++;
          assert.ok(i <= input.length, `${where}: never definite`);
          for (let n = i; n <= input.length; n++) assert.equal(matchState(input.subarray(0, n), v.identity), v.expect, `${where} [..${n}] vs ${v.identity}`);
        } else if (v.prefixesUntilDefinite === true) {
          let i = 0;
          while (i <= input.length && parseClientHello(input.subarray(0, i)).state === 'incomplete') i++;
          assert.ok(i <= input.length, `${where}: never definite`);
          for (let n = i; n <= input.length; n++) assert.equal(sniOf(parseClientHello(input.subarray(0, n))), v.sni, `${where} [..${n}]`);
        } else {
          const h = parseClientHello(input);
          if (v.expect === 'no-tls') assert.ok(h.state === 'not-tls' || h.state === 'no-sni', `${where}: ${h.state}`);
          else assert.equal(sniOf(h), v.sni, where);
          if (v.beyondPeek === true) {
            // The proxy peeks 512 bytes first; this hello is longer, so the answer needs the buffered reads.
            assert.ok(input.length > 512);
            assert.equal(parseClientHello(input.subarray(0, 512)).state, 'incomplete', `${where}: the 512-byte peek alone`);
          }
        }
        checks++;
      }
    }
    PEER_CHECKS[`tls ${suite.file} ${suite.from}`] = checks;
  });
}

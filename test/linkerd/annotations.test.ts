// One home per Linkerd fact: annotation keys live in src/linkerd/annotations.ts, version-dependent
// behaviour in the feature table of src/linkerd/version.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ANNOTATIONS, BOOL_KEYS, DETECT_TIMEOUT_KEYS, DURATION_KEYS, KNOWN_CONFIG_KEYS, LABEL_KEYS, PHANTOM_KEYS, PORT_LIST_KEYS, SERVICE_KEYS } from '../../src/linkerd/annotations.js';
import { atLeast, FAMILIES, FEATURES, has, parseLinkerdVersion, type Feature } from '../../src/linkerd/version.js';
import { REPO_ROOT } from '../helpers/golden.js';

test('every key the model names is a key Linkerd reads; phantom keys are not', () => {
  for (const k of [...Object.values(ANNOTATIONS).filter((k) => k.startsWith('config.')), ...BOOL_KEYS, ...DURATION_KEYS, ...PORT_LIST_KEYS, ...SERVICE_KEYS, ...LABEL_KEYS, ...DETECT_TIMEOUT_KEYS]) {
    assert.ok(KNOWN_CONFIG_KEYS.includes(k), k);
  }
  for (const k of Object.keys(PHANTOM_KEYS)) assert.ok(!KNOWN_CONFIG_KEYS.includes(k), k);
  assert.deepEqual(DETECT_TIMEOUT_KEYS, BOOL_KEYS.filter((k) => k.endsWith('-protocol-detect-timeout')));
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('no Linkerd annotation key is spelled as a string literal outside src/linkerd/annotations.ts', () => {
  const literal = /['"`](config\.linkerd\.io\/[a-z-]+|linkerd\.io\/inject)['"`]/;
  const offenders: string[] = [];
  for (const file of sources(join(REPO_ROOT, 'src'))) {
    if (file.endsWith(join('linkerd', 'annotations.ts'))) continue;
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const code = line.replace(/^\s*(\*|\/\/|\/\*\*).*$/, '');
      if (literal.test(code)) offenders.push(`${file.slice(REPO_ROOT.length)}:${i + 1}`);
    });
  }
  assert.deepEqual(offenders, []);
});

test('feature table: a feature whose first release is a family agrees with the family order', () => {
  const inputs = ['2.8', '2.9.0', '2.9.3', '2.10', '2.11.1', '2.12', '2.13.0', '2.14.3', '2.14.4', '2.17', '2.18', '2.20', 'latest', 'edge-21.2.4', 'edge-23.8.1', 'edge-25.3.2'];
  for (const [name, f] of Object.entries(FEATURES) as Array<[Feature, { first: string }]>) {
    const family = (FAMILIES as readonly string[]).includes(f.first) ? (f.first as (typeof FAMILIES)[number]) : undefined;
    for (const input of inputs) {
      const v = parseLinkerdVersion(input);
      if (family !== undefined) assert.equal(has(v, name), atLeast(v, family), `${name} on ${input}`);
    }
  }
});

test('feature table: finer than a family (2.12, 2.14.4, 2.17), and edges for the 2.14.4 annotations', () => {
  const v = (s: string) => parseLinkerdVersion(s);
  assert.equal(has(v('2.11.5'), 'serverOpaqueForClients'), false);
  assert.equal(has(v('2.12.0'), 'serverOpaqueForClients'), true);
  assert.equal(has(v('2.14.3'), 'detectTimeoutAnnotations'), false);
  assert.equal(has(v('2.14.4'), 'detectTimeoutAnnotations'), true);
  assert.equal(has(v('2.9.3'), 'detectTimeoutAnnotations'), false);
  // Edge releases map to a stable minor only: the mid-family annotations are not judged on them.
  assert.equal(has(v('edge-21.2.4'), 'detectTimeoutAnnotations'), true);
  assert.equal(has(v('2.16'), 'egressNetwork'), false);
  assert.equal(has(v('2.17.0'), 'egressNetwork'), true);
  assert.equal(has(v('edge-24.11.5'), 'egressNetwork'), true);
  assert.equal(has(v('edge-24.8.1'), 'egressNetwork'), false);
  assert.equal(has(v('latest'), 'transportHeaderAlways'), true);
});

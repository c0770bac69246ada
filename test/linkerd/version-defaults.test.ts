import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLinkerdVersion, atLeast, FAMILIES } from '../../src/linkerd/version.js';
import { defaultsFor } from '../../src/linkerd/defaults.js';
import { UsageError } from '../../src/errors.js';

test('stable versions map to their family', () => {
  const cases: Array<[string, string]> = [
    ['2.8', '2.8'], ['stable-2.7.1', '2.8'], ['2.9.0', '2.9.0'], ['2.9.2', '2.9.0'], ['2.9.3', '2.9.3'], ['2.9.5', '2.9.3'],
    ['2.10', '2.10'], ['stable-2.10.2', '2.10'], ['2.11', '2.11'], ['2.12.4', '2.11'], ['2.13', '2.13'], ['2.14.10', '2.13'],
    ['version-2.17', '2.13'], ['2.18', '2.18'], ['version-2.20', '2.18'], ['latest', '2.18'],
  ];
  for (const [input, family] of cases) assert.equal(parseLinkerdVersion(input).family, family, input);
});

test('edge releases map by the first edge with each behaviour (checked against linkerd2 tags)', () => {
  const cases: Array<[string, string, number]> = [
    ['edge-20.10.3', '2.8', 8], ['edge-20.10.4', '2.9.0', 9], ['edge-21.2.3', '2.9.0', 9], ['edge-21.2.4', '2.10', 10],
    ['edge-21.9.3', '2.11', 11], ['edge-21.11.4', '2.11', 12], ['edge-23.4.2', '2.13', 13], ['edge-24.11.5', '2.13', 17],
    ['edge-25.3.1', '2.13', 17], ['edge-25.3.2', '2.18', 18], ['edge-26.8.3', '2.18', 20],
  ];
  for (const [input, family, minor] of cases) {
    const v = parseLinkerdVersion(input);
    assert.deepEqual([v.family, v.minor, v.channel], [family, minor, 'edge'], input);
  }
});

test('bad versions are usage errors', () => {
  for (const bad of ['3.0', 'edge-25', '2.x', '', 'stable-2']) assert.throws(() => parseLinkerdVersion(bad), UsageError, bad);
});

test('atLeast follows FAMILIES order', () => {
  assert.ok(atLeast(parseLinkerdVersion('2.14'), '2.13'));
  assert.ok(!atLeast(parseLinkerdVersion('2.12'), '2.13'));
  assert.equal(FAMILIES[FAMILIES.length - 1], '2.18');
});

test('spec 3: default opaque and skip lists per family', () => {
  const rows: Array<[string, string, string]> = [
    ['2.8', '', ''],
    ['2.9.0', '', '25,443,587,3306,11211'],
    ['2.9.3', '', '25,443,587,3306,11211,5432'],
    ['2.10', '25,443,587,3306,5432,11211', ''],
    ['2.11', '25,587,3306,4444,5432,6379,9300,11211', '4567,4568'],
    ['2.14', '25,587,3306,4444,5432,6379,9300,11211', '4567,4568'],
    ['latest', '25,587,3306,4444,5432,6379,9300,11211', '4567,4568'],
  ];
  for (const [v, opaque, skip] of rows) {
    const d = defaultsFor(parseLinkerdVersion(v));
    assert.deepEqual([d.opaquePorts, d.skipInboundPorts, d.skipOutboundPorts], [opaque, skip, skip], v);
    assert.ok(d.source.length > 0 && d.note.length > 0);
  }
  assert.equal(defaultsFor(parseLinkerdVersion('2.8')).builtinNoDetectPorts, '25,587,3306');
  assert.equal(defaultsFor(parseLinkerdVersion('2.9.0')).timeoutFails, true);
  assert.equal(defaultsFor(parseLinkerdVersion('2.10')).timeoutFails, false);
});

test('CNI mode: no default skip ports', () => {
  const d = defaultsFor(parseLinkerdVersion('latest'), { cni: true });
  assert.deepEqual([d.skipInboundPorts, d.skipOutboundPorts], ['', '']);
  assert.equal(d.opaquePorts, '25,587,3306,4444,5432,6379,9300,11211');
});

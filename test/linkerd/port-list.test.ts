import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONSUMERS, formatPortList, mergePortList, parsePortList, portListIncludes, readingIncludes, subtractPortList, type Consumer, type ParsedPortList } from '../../src/linkerd/port-list.js';

const has = (p: ParsedPortList, c: Consumer, port: number, names?: Record<string, number>) => portListIncludes(p, c, port, names);
const codes = (p: ParsedPortList) => p.problems.map((x) => x.code);

test('a clean list reads the same for every consumer, with no problems', () => {
  const p = parsePortList('25,587,3306');
  for (const c of CONSUMERS) {
    assert.ok(has(p, c, 587), c);
    assert.ok(!has(p, c, 588), c);
  }
  assert.deepEqual(p.problems, []);
});

test('ranges are read by all but linkerd check, which fails to convert them', () => {
  const p = parsePortList('4000-4002,25');
  for (const c of CONSUMERS.filter((x) => x !== 'linkerd-check')) assert.ok(has(p, c, 4001), c);
  assert.equal(p.readings['linkerd-check'].emptied, true);
  assert.deepEqual(codes(p), ['range']);
});

test('spaces: trimmed by the Go controllers and the policy controller, not by proxy-init / CNI ("25, 587" loses 587)', () => {
  const p = parsePortList('25, 587');
  assert.ok(has(p, 'injector', 587));
  assert.ok(has(p, 'destination-pod', 587));
  assert.ok(has(p, 'destination-service', 587));
  assert.ok(has(p, 'policy-controller', 587));
  assert.ok(!has(p, 'proxy-init', 587));
  assert.ok(!has(p, 'cni', 587));
  assert.ok(has(p, 'proxy-init', 25), 'other entries are still applied');
  assert.equal(p.readings['linkerd-check'].emptied, true);
  const sp = p.problems.find((x) => x.code === 'space');
  assert.deepEqual(sp?.consumers, ['proxy-init', 'cni', 'linkerd-check']);
  assert.equal(sp?.item, ' 587');
});

test('named ports: resolved by the injector and destination controller, empty the policy controller set, dropped by proxy-init', () => {
  const p = parsePortList('3306,nats');
  const names = { nats: 4222 };
  assert.ok(has(p, 'injector', 4222, names));
  assert.ok(has(p, 'destination-pod', 4222, names));
  assert.ok(has(p, 'destination-service', 4222, { nats: 4222 }));
  assert.ok(!has(p, 'destination-pod', 4222), 'without the pod, a name resolves to nothing');
  assert.equal(p.readings['policy-controller'].emptied, true);
  assert.ok(!has(p, 'policy-controller', 3306), 'one name empties the whole policy-controller set');
  assert.ok(has(p, 'proxy-init', 3306));
  assert.ok(!has(p, 'proxy-init', 4222, names));
  assert.equal(p.readings['linkerd-check'].emptied, true);
  assert.deepEqual(codes(p), ['name']);
});

test('port 0: accepted by Go consumers and proxy-init, invalid for the policy controller (whole list lost)', () => {
  const p = parsePortList('0,3306');
  assert.ok(readingIncludes(p.readings.injector, 0));
  assert.ok(readingIncludes(p.readings['proxy-init'], 0));
  assert.ok(has(p, 'injector', 3306));
  assert.equal(p.readings['policy-controller'].emptied, true);
  assert.ok(!has(p, 'policy-controller', 3306));
  assert.deepEqual(p.problems.map((x) => [x.code, x.consumers]), [['port-zero', ['policy-controller']]]);
});

test('a port above 65535 is dropped by all and empties the policy controller set', () => {
  const p = parsePortList('65536,25');
  for (const c of ['injector', 'destination-pod', 'proxy-init', 'cni'] as const) {
    assert.ok(!readingIncludes(p.readings[c], 65536), c);
    assert.ok(has(p, c, 25), c);
  }
  assert.equal(p.readings['policy-controller'].emptied, true);
  assert.ok(!has(p, 'linkerd-check', 65536));
  assert.deepEqual(codes(p), ['out-of-range']);
});

test('a reversed range is dropped by all and empties the policy controller set', () => {
  const p = parsePortList('5000-4000,25');
  for (const c of CONSUMERS) assert.ok(!has(p, c, 4500), c);
  assert.ok(has(p, 'injector', 25));
  assert.ok(has(p, 'proxy-init', 25));
  assert.equal(p.readings['policy-controller'].emptied, true);
  assert.ok(codes(p).includes('reversed-range'));
});

test('an empty item: skipped by Go and proxy-init, ignored by the policy controller, fails linkerd check', () => {
  const p = parsePortList('25,,587');
  assert.ok(has(p, 'injector', 587));
  assert.ok(has(p, 'policy-controller', 587));
  assert.equal(p.readings['policy-controller'].emptied, false);
  assert.ok(has(p, 'proxy-init', 587));
  assert.equal(p.readings['linkerd-check'].emptied, true);
  assert.deepEqual(codes(p), ['empty-item']);
});

test('a trailing comma is ignored by the Go parsers (TrimSuffix) and the policy controller; linkerd check fails', () => {
  const p = parsePortList('25,587,');
  assert.deepEqual(p.readings.injector.dropped, []);
  assert.ok(has(p, 'injector', 587));
  assert.ok(has(p, 'policy-controller', 587));
  assert.equal(p.readings['policy-controller'].emptied, false);
  assert.deepEqual(p.readings['proxy-init'].dropped, ['']);
  assert.equal(p.readings['linkerd-check'].emptied, true);
  assert.deepEqual(p.problems.map((x) => x.consumers), [['proxy-init', 'cni', 'linkerd-check']]);
});

test('garbage ("3306,abc!"): dropped by Go, and the policy controller loses 3306 too', () => {
  const p = parsePortList('3306,abc!');
  assert.ok(has(p, 'destination-service', 3306));
  assert.ok(!has(p, 'policy-controller', 3306));
  assert.deepEqual(codes(p), ['garbage']);
});

test('linkerd check reads integers only', () => {
  assert.ok(has(parsePortList('25,3306'), 'linkerd-check', 3306));
  assert.equal(parsePortList('25,3306-3307').readings['linkerd-check'].emptied, true);
  assert.equal(parsePortList('25,mysql').readings['linkerd-check'].emptied, true);
});

test('the empty string means "no ports" for every consumer, without problems', () => {
  const p = parsePortList('');
  for (const c of CONSUMERS.filter((x) => x !== 'linkerd-check')) assert.deepEqual(p.readings[c].ports, [], c);
  assert.deepEqual(p.problems, []);
});

test('spaces around a range dash: the Go parsers and proxy-init drop it, the policy controller trims each bound', () => {
  const p = parsePortList('4000 - 4002');
  assert.ok(!has(p, 'injector', 4001));
  assert.ok(!has(p, 'proxy-init', 4001));
  assert.ok(has(p, 'policy-controller', 4001));
});

test('property: parsePortList never throws and reports ports within 0..65535 (1..65535 for the policy controller)', () => {
  const item = fc.oneof(
    fc.integer({ min: 0, max: 70000 }).map(String),
    fc.tuple(fc.integer({ min: 0, max: 70000 }), fc.integer({ min: 0, max: 70000 })).map(([a, b]) => `${a}-${b}`),
    fc.constantFrom('', ' ', 'http', 'nats', ' 25', '25 ', '-', '1-2-3', '+5', 'é', '0x10'),
    fc.string({ maxLength: 6 }),
  );
  fc.assert(
    fc.property(fc.array(item, { maxLength: 8 }), (items) => {
      const p = parsePortList(items.join(','));
      for (const c of CONSUMERS) {
        for (const r of p.readings[c].ports) {
          assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start <= r.end, c);
          assert.ok(r.start >= (c === 'policy-controller' ? 1 : 0) && r.end <= 65535, `${c} ${r.start}-${r.end}`);
        }
        if (p.readings[c].emptied) assert.deepEqual(p.readings[c].ports, []);
      }
    }),
    { numRuns: 2000 },
  );
});

test('formatPortList sorts, joins overlaps, keeps ranges and single ports', () => {
  assert.equal(formatPortList([{ start: 8080, end: 8080 }, { start: 3306, end: 3306 }, { start: 9000, end: 9100 }, { start: 9050, end: 9200 }, { start: 4567, end: 4567 }, { start: 4568, end: 4568 }]), '3306,4567,4568,8080,9000-9200');
});

test('mergePortList: adds, keeps ranges, resolves names when known, rewrites spaces, reports unchanged', () => {
  assert.equal(mergePortList('8080', [3306]).value, '3306,8080');
  assert.equal(mergePortList('9000-9100, 25', [3306]).value, '25,3306,9000-9100');
  assert.equal(mergePortList('9000-9100', [9050]).unchanged, true);
  const named = mergePortList('http,8080', [3306], { names: { http: 80 } });
  assert.equal(named.value, '80,3306,8080');
  assert.match(named.notes[0] ?? '', /named port "http" written as 80/);
  assert.equal(mergePortList('nats', [3306], { allowNames: true }).value, '3306,nats');
  assert.equal(mergePortList('nats', [3306]).value, '3306');
  assert.equal(mergePortList('200-100', [25]).value, '25,100-200');
  assert.equal(mergePortList(null, [25]).value, '25');
});

test('round trip: a merged value, read by every consumer, contains the new port and every old one', () => {
  const existingItem = fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.tuple(fc.integer({ min: 1, max: 65000 }), fc.integer({ min: 0, max: 500 })).map(([a, n]) => `${a}-${a + n}`));
  fc.assert(
    fc.property(fc.array(existingItem, { maxLength: 6 }), fc.integer({ min: 1, max: 65535 }), (items, port) => {
      const existing = items.join(',');
      const merged = mergePortList(existing, [port]);
      const p = parsePortList(merged.value);
      assert.deepEqual(p.problems.filter((x) => x.code !== 'range'), [], merged.value);
      const wanted = [port, ...items.flatMap((i) => i.split('-').map(Number))];
      for (const c of CONSUMERS) {
        if (c === 'linkerd-check' && merged.value.includes('-')) continue; // linkerd check cannot read ranges at all
        for (const w of wanted) assert.ok(has(p, c, w), `${c} lost ${w} in ${merged.value}`);
      }
    }),
    { numRuns: 500 },
  );
});

test('subtractPortList splits ranges around the removed port and keeps the rest', () => {
  assert.equal(subtractPortList('4000-4300,25', [4222]), '25,4000-4221,4223-4300');
  assert.equal(subtractPortList('4222', [4222]), '');
  assert.equal(subtractPortList('4222-4223, 25', [4222]), '25,4223');
  assert.equal(subtractPortList('25,nats', [25]), 'nats');
});

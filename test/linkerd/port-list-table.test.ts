/** Spec 4.2, one row per trap: does each consumer see the port? (I = injector, DP/DS = destination pod/Service, PC = policy controller, PI = proxy-init, CNI, LC = linkerd check) */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMERS, parsePortList, portListIncludes } from '../../src/linkerd/port-list.js';

const NAMES = { nats: 4222 };
//                       raw                port    I      DP     DS     PC     PI     CNI    LC
const TABLE: Array<[string, string, number, [boolean, boolean, boolean, boolean, boolean, boolean, boolean]]> = [
  ['clean', '25,587', 587, [true, true, true, true, true, true, true]],
  ['space after comma', '25, 587', 587, [true, true, true, true, false, false, false]],
  ['space: other entry survives', '25, 587', 25, [true, true, true, true, true, true, false]],
  ['named port', '3306,nats', 4222, [true, true, true, false, false, false, false]],
  ['named port empties PC', '3306,nats', 3306, [true, true, true, false, true, true, false]],
  ['port 0 empties PC', '0,3306', 3306, [true, true, true, false, true, true, true]],
  ['above 65535', '65536,25', 25, [true, true, true, false, true, true, true]],
  ['reversed range', '200-100,25', 25, [true, true, true, false, true, true, false]],
  ['reversed range port', '200-100,25', 150, [false, false, false, false, false, false, false]],
  ['range', '4000-4010', 4005, [true, true, true, true, true, true, false]],
  ['empty item', '25,,587', 587, [true, true, true, true, true, true, false]],
  ['trailing comma', '25,587,', 587, [true, true, true, true, true, true, false]],
  ['garbage', '3306,abc!', 3306, [true, true, true, false, true, true, false]],
  ['space in range', '4000 - 4010', 4005, [false, false, false, true, false, false, false]],
  ['tab', '25,\t587', 587, [true, true, true, true, false, false, false]],
];

for (const [name, raw, port, expected] of TABLE) {
  test(`4.2 ${name}: ${JSON.stringify(raw)} port ${port}`, () => {
    const p = parsePortList(raw);
    const got = CONSUMERS.map((c) => portListIncludes(p, c, port, NAMES));
    assert.deepEqual(Object.fromEntries(CONSUMERS.map((c, i) => [c, got[i]])), Object.fromEntries(CONSUMERS.map((c, i) => [c, expected[i]])));
    if (expected.some((e) => !e) && expected.some((e) => e)) assert.ok(p.problems.length > 0, 'a consumer disagreement is always reported as a problem');
  });
}

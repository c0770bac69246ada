/**
 * Linkerd's own port and port-range tests (linkerd2 pkg/util, the policy controller's parse_portset,
 * linkerd2-proxy-init pkg/util and the multiport rules) as data (fixtures/peer/port-lists.json), run
 * through the port-list reader of the component each upstream function belongs to. What is out of the
 * model is listed in docs/linkerd-model.md ("Linkerd's own tests").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikePortName, parsePortList, type Consumer } from '../../src/linkerd/port-list.js';
import { REPO_ROOT } from '../helpers/golden.js';

interface Vector {
  readonly input: string;
  readonly ports?: ReadonlyArray<readonly [number, number]>;
  readonly error?: boolean;
  readonly emptied?: boolean;
}
interface Suite {
  readonly repo: string;
  readonly file: string;
  readonly tags: string;
  readonly function: string;
  readonly consumer: Consumer;
  readonly vectors: readonly Vector[];
}

const SUITES = (JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'linkerd', 'fixtures', 'peer', 'port-lists.json'), 'utf8')) as { suites: Suite[] }).suites;

/** The set of ports a reading stands for, as sorted inclusive ranges with neighbours merged. */
function normal(ranges: ReadonlyArray<{ start: number; end: number }>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last[1] + 1) last[1] = Math.max(last[1], r.end);
    else out.push([r.start, r.end]);
  }
  return out;
}

for (const suite of SUITES) {
  test(`${suite.repo} ${suite.file} (${suite.function}) @${suite.tags}: ${suite.vectors.length} vectors through the ${suite.consumer} reader`, () => {
    for (const v of suite.vectors) {
      const reading = parsePortList(v.input).readings[suite.consumer];
      const where = `${JSON.stringify(v.input)}`;
      if (v.emptied === true) {
        assert.equal(reading.emptied, true, `${where}: the whole list is thrown away`);
        continue;
      }
      assert.equal(reading.emptied, false, where);
      if (v.error === true) {
        assert.deepEqual(reading.ports, [], `${where}: rejected, no port read`);
        // ParsePortRange rejects it; a consumer that resolves names then tries it as a container port name.
        for (const n of reading.names) assert.ok(n === v.input && looksLikePortName(n), `${where}: kept only as a port name`);
        continue;
      }
      assert.deepEqual(normal(reading.ports), normal((v.ports ?? []).map(([start, end]) => ({ start, end }))), where);
    }
  });
}

/** The probe command's input handling and exit codes, and the default-command wiring, in process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { exitCodeFor, parseHex, parsePortSet, parseWorkload } from '../../src/commands/probe-run.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';
import { InputError, UsageError } from '../../src/errors.js';
import type { TargetResult } from '../../src/probe/types.js';

test('--send hex, --force-active ports, --workload', () => {
  assert.deepEqual([...parseHex('16 03 01', '--send')], [0x16, 3, 1]);
  assert.throws(() => parseHex('xyz', '--send'), InputError);
  assert.throws(() => parseHex('123', '--send'), InputError);
  assert.deepEqual([...parsePortSet('9100,9102-9103', '--force-active')], [9100, 9102, 9103]);
  assert.throws(() => parsePortSet('91x', '--force-active'), UsageError);
  assert.deepEqual(parseWorkload('deploy/nats'), { kind: 'Deployment', name: 'nats' });
  assert.deepEqual(parseWorkload('sts/mysql-0'), { kind: 'StatefulSet', name: 'mysql-0' });
  assert.throws(() => parseWorkload('nats'), UsageError);
});

function result(state: TargetResult['state'], action: 'none' | 'opaque' | null): TargetResult {
  return {
    target: 'h:1', host: 'h', address: '127.0.0.1', port: 1, state, firstSpeaker: null, firstByteMs: null, protocol: null, version: null, product: null, signature: null,
    banner: null, tls: null, http: null, passive: { outcome: 'silent', atMs: 0, connectMs: 0 }, probes: [], send: null,
    linkerd: action === null ? null : { covered: action === 'none', outcome: { meshedClient: 'works', unmeshedClient: 'works' }, delaySeconds: 0, action, explanation: [] },
    suggestions: [], notes: [], error: null,
  };
}

test('exit codes: 0 all fine, 1 one needs a change, 2 nothing reachable', () => {
  assert.equal(exitCodeFor([result('open', 'none'), result('refused', null)]), 0);
  assert.equal(exitCodeFor([result('open', 'none'), result('open', 'opaque')]), 1);
  assert.equal(exitCodeFor([result('refused', null), result('timeout', null)]), 2);
});

test('malformed targets fail before any connection, one line, exit 2', async () => {
  const io = memoryIo();
  assert.equal(await main(['127.0.0.1:1', 'db'], io), 2);
  assert.equal(io.out(), '');
  assert.match(io.err(), /^protocheck: bad target "db": missing ":port"\n/);
  const bad = memoryIo();
  assert.equal(await main(['probe', '127.0.0.1:1', '--wait', 'soon'], bad), 2);
  assert.match(bad.err(), /--wait: "soon" is not a duration/);
  const none = memoryIo();
  assert.equal(await main(['probe'], none), 2);
  assert.match(none.err(), /no targets/);
});

test('the default command probes, reads targets from stdin, and prints JSON with every listed field', async () => {
  const server = createServer((s) => s.end('220 hi ESMTP\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const io = memoryIo({ stdin: `# targets\n127.0.0.1:${port}\n` });
    const code = await main(['-', '--json', '--wait', '500ms'], io);
    const json = JSON.parse(io.out()) as { results: Array<Record<string, unknown>> };
    assert.equal(json.results.length, 1);
    const r = json.results[0] as Record<string, unknown>;
    for (const key of ['target', 'host', 'address', 'port', 'state', 'firstSpeaker', 'firstByteMs', 'protocol', 'version', 'banner', 'tls', 'probes', 'linkerd', 'suggestions']) {
      assert.ok(key in r, `missing ${key}`);
    }
    assert.equal(r['state'], 'open');
    assert.equal(r['firstSpeaker'], 'server');
    assert.deepEqual(Object.keys(r['linkerd'] as object).slice(0, 3), ['covered', 'outcome', 'action']);
    assert.equal(code, 1, 'a server-first port on a non-default port needs a change');
    assert.equal(io.err(), '', 'no progress on a non-TTY stderr');
  } finally {
    server.close();
  }
});

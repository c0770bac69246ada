// A --send-only listener in the container's command is server-first evidence (corpus 07's xtrabackup sidecar).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sendOnlyListenerOn, shellCommands } from '../../src/lint/command-evidence.js';
import { lint, y } from './helpers.js';

test('shellCommands splits on newlines, ; && || | & and keeps quoted words whole', () => {
  assert.deepEqual(shellCommands('set -ex\ncd /x && exec ncat -l 3307 -c "a b; c" | tee; echo \'q r\' # note\nnext \\\n  arg'), [
    ['set', '-ex'],
    ['cd', '/x'],
    ['exec', 'ncat', '-l', '3307', '-c', 'a b; c'],
    ['tee'],
    ['echo', 'q r'],
    ['next', 'arg'],
  ]);
});

test('sendOnlyListenerOn: netcat listening with --send-only on the port, as written', () => {
  const script = 'set -ex\n# Start a server to send backups when requested by peers.\nexec ncat --listen --keep-open --send-only --max-conns=1 3307 -c \\\n  "xtrabackup --backup --slave-info --stream=xbstream --host=127.0.0.1 --user=root"\n';
  assert.equal(sendOnlyListenerOn(script, 3307), 'ncat --listen --keep-open --send-only --max-conns=1 3307');
  assert.equal(sendOnlyListenerOn(script, 3306), undefined, 'another port');
  assert.equal(sendOnlyListenerOn('nc -lk -p 9000 --send-only < /data', 9000), 'nc -lk -p 9000');
  assert.equal(sendOnlyListenerOn('/usr/bin/ncat -l 0.0.0.0:7000 --send-only', 7000), '/usr/bin/ncat -l 0.0.0.0:7000');
  // The client side, a listener without --send-only, and --send-only in a comment or an echo are not listeners that write first.
  assert.equal(sendOnlyListenerOn('ncat --recv-only mysql-0.mysql 3307 | xbstream -x', 3307), undefined);
  assert.equal(sendOnlyListenerOn('ncat --listen --keep-open 3307 -c cat', 3307), undefined);
  assert.equal(sendOnlyListenerOn('# ncat --listen --send-only 3307\necho "ncat --listen --send-only 3307"', 3307), undefined);
  assert.equal(sendOnlyListenerOn('socat --send-only -l 3307', 3307), undefined, 'not netcat');
});

test('sendOnlyListenerOn never throws', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 65535 }), (s, p) => {
    const r = sendOnlyListenerOn(s + ' --send-only', p);
    assert.ok(r === undefined || r.includes(String(p)));
  }), { numRuns: 300 });
});

const sidecar = (script: string, extra: string[] = []) =>
  y(
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: mysql}',
    'spec:',
    '  template:',
    '    metadata:',
    '      labels: {app: mysql}',
    ...extra,
    '    spec:',
    '      containers:',
    '      - name: mysql',
    '        image: mysql:5.7',
    '        ports: [{name: mysql, containerPort: 3306}]',
    '      - name: xtrabackup',
    '        image: gcr.io/google-samples/xtrabackup:1.0',
    '        ports:',
    '        - name: xtrabackup',
    '          containerPort: 3307',
    '        command: [bash, "-c"]',
    `        args: [${JSON.stringify(script)}]`,
  );

test('server-first-port-not-opaque: a --send-only listener is reported with command evidence and a merged fix', () => {
  const r = lint(sidecar('exec ncat --listen --keep-open --send-only --max-conns=1 3307 -c "xtrabackup --backup"'), 'server-first-port-not-opaque');
  assert.equal(r.findings.length, 1);
  const f = r.findings[0]!;
  assert.equal(f.port, 3307);
  assert.equal(f.line, 16, 'at the port entry');
  assert.deepEqual(f.evidence, [{ source: 'command', value: 'ncat --listen --keep-open --send-only --max-conns=1 3307', protocol: 'unknown' }]);
  assert.match(f.message, /^port 3307 serves a stream written on connect \(clients wait for the server's greeting; from command ncat/);
  assert.deepEqual(f.suggestions.map((s) => [s.key, s.value]), [['config.linkerd.io/opaque-ports', '3306,3307']]);
  assert.match(f.suggestions[0]!.reason, /^port 3307 is server-first/);
  // Made opaque: nothing left. Without --send-only (an echo server): nothing known, nothing reported.
  assert.equal(lint(sidecar('exec ncat --listen --send-only 3307', ['      annotations: {config.linkerd.io/opaque-ports: "3306,3307"}']), 'server-first-port-not-opaque').findings.length, 0);
  assert.equal(lint(sidecar('exec ncat --listen --keep-open 3307 -c cat'), 'server-first-port-not-opaque').findings.length, 0);
});

test('NATS gateway port declared only by the Service (corpus 23): undeclared-port, not server-first', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: nats}',
    'spec:',
    '  selector: {app: nats}',
    '  clusterIP: None',
    '  ports:',
    '  - {name: client, port: 4222}',
    '  - {name: gateways, port: 7522}',
    '---',
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: nats}',
    'spec:',
    '  template:',
    '    metadata: {labels: {app: nats}}',
    '    spec:',
    '      containers:',
    '      - name: nats',
    '        image: nats:2.6.5-alpine',
    '        ports: [{containerPort: 4222, name: client}, {containerPort: 8222, name: monitor}]',
  );
  const r = lint(text);
  assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.port}`), ['undeclared-port 7522', 'server-first-port-not-opaque 4222']);
});

// Lints every file of the corpus (a copy of shared/corpus/manifests, see corpus/SOURCES.md). The expected
// findings were checked by hand against the Linkerd model (docs/linkerd-model.md); the reasoning for each file is in
// corpus-expectations.md. The full text report is also a golden file (test/golden/lint/corpus.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, golden } from '../helpers/golden.js';
import { lintParsed } from '../../src/lint/engine.js';
import { parseSource } from '../../src/lint/parse.js';
import { options } from './helpers.js';

const DIR = join(REPO_ROOT, 'test', 'lint', 'corpus');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

/** file:line:column rule/messageId port — every finding on the corpus with Linkerd latest (2.18+ behaviour). */
const EXPECTED = [
  '07-k8s-website-mysql-statefulset-xtrabackup.yaml:135:11 server-first-port-not-opaque/notOpaque 3307',
  '08-linkerd2-opaque-ports-application.yaml:82:5 opaque-ports-mismatch/podPortNotOpaque 8080',
  '09-linkerd2-injected-opaque-ports-golden.yaml:15:9 invalid-port-list/itemProblem mysql',
  '10-linkerd2-native-sidecar-named-opaque-port.yaml:9:5 invalid-port-list/itemProblem memcached',
  '23-nats-statefulset-headless.yaml:49:5 undeclared-port/numberNotDeclared 7522',
  '23-nats-statefulset-headless.yaml:91:11 server-first-port-not-opaque/notOpaque 4222',
  '23-nats-statefulset-headless.yaml:94:11 server-first-port-not-opaque/notOpaque 7422',
  '23-nats-statefulset-headless.yaml:97:11 server-first-port-not-opaque/notOpaque 6222',
  '24-mailu-smtp-deployment.yaml:52:13 server-first-port-not-opaque/notOpaque 10025',
  '25-mailu-front-daemonset-imap-pop3.yaml:47:13 server-first-port-not-opaque/notOpaque 110',
  '25-mailu-front-daemonset-imap-pop3.yaml:55:13 server-first-port-not-opaque/notOpaque 143',
  '25-mailu-front-daemonset-imap-pop3.yaml:76:13 server-first-port-not-opaque/notOpaque 10025',
  '25-mailu-front-daemonset-imap-pop3.yaml:79:13 server-first-port-not-opaque/notOpaque 10143',
  '28-argo-rollout-linkerd-analysis-job.yaml:102:39 parse-error/notReadable null',
];

function lintCorpus(linkerd = 'latest') {
  return lintParsed(files.map((f) => parseSource({ file: f, text: readFileSync(join(DIR, f), 'utf8') })), options({ linkerd }));
}

test('corpus: every file is linted and the findings are the hand-checked ones', async () => {
  assert.equal(files.length, 29);
  const r = lintCorpus();
  assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}/${f.messageId} ${f.port}`), EXPECTED);
  assert.deepEqual(r.summary, { files: 29, documents: 116, objects: 116, errors: 12, warnings: 2, infos: 0 });
});

test('corpus: the line of each finding is the offending port entry or annotation', async () => {
  const r = lintCorpus();
  for (const f of r.findings) {
    const line = readFileSync(join(DIR, f.file), 'utf8').split('\n')[f.line - 1] ?? '';
    if (f.ruleId === 'invalid-port-list') assert.match(line, /config\.linkerd\.io\/opaque-ports:/);
    else if (f.ruleId === 'parse-error') assert.equal(line.slice(f.column - 1, f.endColumn - 1), '{args.linkerd-enabled}');
    else assert.match(line, new RegExp(`(containerPort|port|name): *[\\w-]*|- name:`), `${f.file}:${f.line} ${line}`);
    if (f.ruleId === 'server-first-port-not-opaque') assert.ok(f.evidence.length > 0 && f.suggestions.length > 0, 'evidence and suggestions');
  }
});

test('corpus: Linkerd 2.9 (no opaque ports; detection fails after 1-3 s) still reports the NATS and mail ports', async () => {
  const ids = new Set(lintCorpus('2.9.3').findings.filter((f) => f.ruleId === 'server-first-port-not-opaque').map((f) => `${f.file}:${f.port}`));
  for (const want of ['23-nats-statefulset-headless.yaml:4222', '25-mailu-front-daemonset-imap-pop3.yaml:110']) assert.ok(ids.has(want), want);
});

test('corpus golden: text report of the whole directory', async () => {
  const r = await golden('lint/corpus', ['lint', 'test/lint/corpus', '--fail-on', 'never']);
  assert.equal(r.code, 0);
  const e = await golden('lint/corpus-exit', ['lint', 'test/lint/corpus/23-nats-statefulset-headless.yaml', '--format', 'json']);
  assert.equal(e.code, 1);
});

/** `protocheck version`, `-v`, `--version`: text golden, JSON against the schema in docs/commands/version.md, numbers from the registries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { goldenProcess as golden, REPO_ROOT, runCli } from '../helpers/golden.js';
import { packageVersion } from '../../src/version.js';
import { ACTIVE_PROBES, BANNER_MATCHERS, CLIENT_MATCHERS, PROTOCOLS, REPLY_MATCHERS } from '../../src/protocols/index.js';
import { RULES } from '../../src/lint/rules/index.js';
import { FAMILIES, parseLinkerdVersion } from '../../src/linkerd/version.js';
import type { VersionInfo } from '../../src/commands/version-run.js';

/** Counts and the Node version change with the knowledge base and the machine: the golden holds the layout. */
const normalize = (s: string) =>
  s
    .replace(/v\d+\.\d+\.\d+ \([a-z0-9]+\/[a-z0-9]+\)/, 'vNODE (PLATFORM/ARCH)')
    .replace(/\b\d+ (protocols|greeting matchers|client matchers|reply matchers|active probes)\b/g, 'N $1')
    .replace(/(lint rules +)\d+/, '$1N')
    .replace(/(protocheck +)\d+\.\d+\.\d+\S*/, '$1VERSION');

test('golden version/text, and -v is the same command', async () => {
  const r = await golden('version/text', ['version'], { normalize });
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  const v = runCli(['-v']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout, r.stdout);
});

test('golden version/help', async () => {
  const r = await golden('version/help', ['version', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Exit codes: 0/);
});

test('version --json matches the schema in docs/commands/version.md and the registries', () => {
  const page = readFileSync(join(REPO_ROOT, 'docs', 'commands', 'version.md'), 'utf8');
  const block = /## JSON[\s\S]*?```json\n([\s\S]*?)```/.exec(page)?.[1];
  assert.ok(block, 'docs/commands/version.md has a JSON Schema block');
  const validate = new Ajv.default({ allErrors: true, strict: false }).compile(JSON.parse(block));
  for (const args of [['version', '--json'], ['-v', '--json']]) {
    const r = runCli(args);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as VersionInfo;
    assert.ok(validate(j), JSON.stringify(validate.errors));
    assert.equal(j.version, packageVersion());
    assert.equal(j.node, process.version);
    assert.deepEqual(j.knowledgeBase, {
      protocols: PROTOCOLS.length,
      greetingMatchers: BANNER_MATCHERS.length,
      clientMatchers: CLIENT_MATCHERS.length,
      replyMatchers: REPLY_MATCHERS.length,
      activeProbes: ACTIVE_PROBES.length,
    });
    assert.equal(j.lintRules, RULES.length);
    assert.deepEqual(j.linkerd.families, [...FAMILIES]);
    // The newest edge named is one the model maps to the newest stable named.
    const edge = parseLinkerdVersion(j.linkerd.newestEdge);
    assert.equal(`2.${edge.minor}`, j.linkerd.newestStable);
    assert.equal(edge.family, FAMILIES[FAMILIES.length - 1]);
    // The edge release just before it maps to an older minor: it really is the first edge of that minor.
    const [yy = 0, mm = 0, nn = 0] = j.linkerd.newestEdge.slice(5).split('.').map(Number);
    const before = parseLinkerdVersion(nn > 0 ? `edge-${yy}.${mm}.${nn - 1}` : `edge-${yy}.${mm - 1}.99`);
    assert.ok(before.minor < edge.minor);
  }
  const bad = validate({ ...JSON.parse(runCli(['version', '--json']).stdout), extra: 1 });
  assert.equal(bad, false, 'the schema rejects an unknown field');
});

test('--version and -V print only the version number', () => {
  for (const flag of ['--version', '-V']) {
    const r = runCli([flag]);
    assert.equal(r.stdout, `${packageVersion()}\n`);
  }
});

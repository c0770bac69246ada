/**
 * `protocheck completion bash|zsh|fish`: the bash script is loaded into a real bash and asked for
 * completions (COMP_WORDS/COMP_CWORD, then _protocheck, then COMPREPLY); fish's own `complete -C`
 * answers for the fish script; zsh parses the script and registers it. Expectations come from the
 * command tree and the registries, so a new option or rule that the script missed fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { golden, REPO_ROOT, runCli } from './helpers/golden.js';
import { completionTree } from '../src/commands/completion-run.js';
import { RULES } from '../src/lint/rules/index.js';
import { PROTOCOL_IDS } from '../src/protocols/index.js';
import { COMMANDS } from '../src/main.js';
import { LINT_FORMAT_CHOICES } from '../src/commands/lint.js';
import { realServersRequired } from './helpers/real-servers.js';

const dir = mkdtempSync(join(tmpdir(), 'protocheck-completion-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function script(shell: string): string {
  const r = runCli(['completion', shell]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const file = join(dir, `protocheck.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

function has(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

/** Asks bash for the completions of each command line (the last word is the one being completed). */
function bashComplete(lines: ReadonlyArray<readonly string[]>, cwd = REPO_ROOT): string[][] {
  const file = script('bash');
  const calls = lines.map((words) => `t ${words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')}`).join('\n');
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `source '${file}'\nt() { COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _protocheck; printf '%s\\n' "\${COMPREPLY[*]}"; }\n${calls}`], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout.split('\n').slice(0, lines.length).map((l) => (l === '' ? [] : l.split(' ').sort()));
}

test('bash: commands, option values, rule and protocol ids, shells, files', async () => {
  const names = COMMANDS.map(([n]) => n).concat('help').sort();
  const [all, l, format, formatEq, failOn, rules, protocols, shells, lintFiles, afterValue, linkerd = [], free] = bashComplete([
    ['protocheck', ''],
    ['protocheck', 'l'],
    ['protocheck', 'lint', '--format', ''],
    ['protocheck', 'lint', '--format', '=', 's'],
    ['protocheck', 'lint', 'k8s/', '--fail-on', 'w'],
    ['protocheck', 'rules', ''],
    ['protocheck', 'protocols', 'my'],
    ['protocheck', 'completion', ''],
    ['protocheck', 'lint', 'test/lint/corpus/23-'],
    // The value of -n is skipped when looking for the command: "lint" after it is still the command.
    ['protocheck', 'suggest', '-n', 'lint', '--format', ''],
    ['kubectl-protocheck', 'detect', '--linkerd', '2.1'],
    ['protocheck', 'lint', '--docs-url', ''],
  ]);
  assert.deepEqual(all, names);
  assert.deepEqual(l, names.filter((n) => n.startsWith('l')));
  assert.deepEqual(format, [...LINT_FORMAT_CHOICES].sort());
  assert.deepEqual(formatEq, ['sarif']);
  assert.deepEqual(failOn, ['warning']);
  assert.deepEqual(rules, RULES.map((r) => r.meta.id).sort());
  assert.deepEqual(protocols, PROTOCOL_IDS.filter((p) => p.startsWith('my')).sort());
  assert.deepEqual(shells, ['bash', 'fish', 'zsh']);
  assert.deepEqual(lintFiles, ['test/lint/corpus/23-nats-statefulset-headless.yaml']);
  assert.deepEqual(afterValue, ['json', 'patch', 'text', 'yaml']);
  assert.ok(linkerd.includes('2.14') && linkerd.includes('2.18') && linkerd.every((v) => v.startsWith('2.1')), linkerd.join(' '));
  assert.deepEqual(free, [], 'a free-text value completes nothing');
});

test('bash: every option of every command in the tree is offered after "--"', async () => {
  const tree = await completionTree();
  const lines = tree.commands.filter((c) => c.name !== 'help').map((c) => ['protocheck', c.name, '--']);
  const got = bashComplete(lines);
  tree.commands.filter((c) => c.name !== 'help').forEach((c, i) => {
    const longs = c.options.flatMap((o) => o.flags).filter((f) => f.startsWith('--')).sort();
    assert.deepEqual(got[i], [...new Set(longs)].sort(), c.name);
    assert.ok(longs.includes('--help'));
  });
  // Options the definitions declare with choices are completed with exactly those choices.
  const lint = tree.commands.find((c) => c.name === 'lint');
  const choices = lint?.options.find((o) => o.flags.includes('--format'))?.value;
  assert.ok(choices && 'words' in choices);
  assert.deepEqual(bashComplete([['protocheck', 'lint', '--format', '']])[0], [...choices.words].sort());
});

test('fish: complete -C answers from the script', { skip: !has('fish') && !realServersRequired() ? 'fish is not installed (apt-get install fish)' : false }, async () => {
  const file = script('fish');
  const ask = (line: string) => {
    const r = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]).sort();
  };
  assert.deepEqual(ask('protocheck lint --format '), [...LINT_FORMAT_CHOICES].sort());
  assert.deepEqual(ask('protocheck rules server-'), RULES.map((r) => r.meta.id).filter((id) => id.startsWith('server-')).sort());
  assert.deepEqual(ask('kubectl-protocheck completion '), ['bash', 'fish', 'zsh']);
  assert.ok(ask('protocheck ').includes('lint'));
});

test('zsh: the script parses and registers _protocheck for both names', { skip: !has('zsh') && !realServersRequired() ? 'zsh is not installed (apt-get install zsh)' : false }, async () => {
  const file = script('zsh');
  assert.equal(spawnSync('zsh', ['-n', file]).status, 0);
  const r = spawnSync('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source '${file}'; print -- $_comps[protocheck] $_comps[kubectl-protocheck]; whence -w _protocheck`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '_protocheck _protocheck\n_protocheck: function\n');
  const text = runCli(['completion', 'zsh']).stdout;
  for (const id of RULES.map((x) => x.meta.id)) assert.ok(text.includes(id), id);
  assert.ok(text.includes(`'--format[output format]:value:(${LINT_FORMAT_CHOICES.join(' ')})'`));
});

test('golden completion/help and an unknown shell', async () => {
  assert.equal((await golden('completion/help', ['completion', '--help'])).code, 0);
  const r = await golden('completion/error-unknown-shell', ['completion', 'powershell']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

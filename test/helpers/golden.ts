/**
 * Golden CLI tests: run the built binary, record command, stdout, stderr and exit code in
 * test/golden/<name>.md, and compare. `UPDATE_GOLDEN=1 npm test` rewrites the files.
 * Colors are off (NO_COLOR=1); pass `normalize` to replace unstable text (ports, durations, paths).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { escapeControls } from '../../src/term/escape.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = join(REPO_ROOT, 'bin', 'protocheck');
const GOLDEN_DIR = join(REPO_ROOT, 'test', 'golden');

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** Runs `protocheck ...args` as a user would, without colors. */
export function runCli(args: readonly string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? '',
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1', ...options.env },
    timeout: options.timeoutMs ?? 60_000,
    encoding: 'utf8',
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

export function renderGolden(args: readonly string[], r: RunResult): string {
  const fence = (s: string) => '```\n' + s + (s.endsWith('\n') || s === '' ? '' : '\n') + '```\n';
  // Arguments may carry control bytes on purpose (escaping tests): the header shows them escaped.
  return `# protocheck ${escapeControls(args.join(' '))}\n\n## stdout\n\n${fence(r.stdout)}\n## stderr\n\n${fence(r.stderr)}\nExit code: ${r.code}\n`;
}

/**
 * Runs the CLI and compares with test/golden/<name>.md (creating it when missing or UPDATE_GOLDEN=1).
 * Returns the raw result for further assertions.
 */
export function golden(
  name: string,
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; normalize?: (s: string) => string; timeoutMs?: number } = {},
): RunResult {
  const r = runCli(args, options);
  const norm = options.normalize ?? ((s: string) => s);
  const text = norm(renderGolden(args, r)).split(REPO_ROOT).join('<repo>/');
  const file = join(GOLDEN_DIR, `${name}.md`);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } else {
    assert.equal(text, readFileSync(file, 'utf8'), `golden ${name} differs (UPDATE_GOLDEN=1 npm test rewrites it after review)`);
  }
  return r;
}

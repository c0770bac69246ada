/**
 * Golden CLI tests: run the CLI, record command, stdout, stderr and exit code in test/golden/<name>.md,
 * and compare. `golden()` runs `main()` in this process with an in-memory Io (fast: no process per
 * case); `goldenProcess()` runs the built binary, for what only a process shows (the bin wrapper, real
 * stdin, exit codes set by the process). A missing golden file fails; `UPDATE_GOLDEN=1 npm test` writes
 * and rewrites them. Colors are off (NO_COLOR=1); pass `normalize` to replace unstable text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { escapeControls } from '../../src/term/escape.js';
import { main } from '../../src/main.js';
import { memoryIo } from '../../src/io.js';

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
    env: goldenEnv(options.env),
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

export interface GoldenOptions {
  readonly input?: string | Buffer;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly normalize?: (s: string) => string;
  readonly timeoutMs?: number;
}

/** The environment a golden run sees (the same in-process and as a process). */
function goldenEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1', ...env };
}

/** Runs `protocheck ...args` through main() in this process, as the bin wrapper would, without colours. */
export async function runMain(args: readonly string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const io = memoryIo({ stdin: options.input ?? '', env: goldenEnv(options.env), cwd: options.cwd ?? REPO_ROOT });
  const code = await main(args, io);
  return { stdout: io.out(), stderr: io.err(), code };
}

/** Compares with test/golden/<name>.md: a missing file fails unless UPDATE_GOLDEN=1 (which writes it). */
export function compareGolden(name: string, args: readonly string[], r: RunResult, normalize: (s: string) => string = (s) => s): void {
  const text = normalize(renderGolden(args, r)).split(REPO_ROOT).join('<repo>/');
  const file = join(GOLDEN_DIR, `${name}.md`);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  assert.ok(existsSync(file), `golden ${name} is missing: review the output and write it with UPDATE_GOLDEN=1 npm test`);
  assert.equal(text, readFileSync(file, 'utf8'), `golden ${name} differs (UPDATE_GOLDEN=1 npm test rewrites it after review)`);
}

/**
 * Runs the CLI in-process (main() with an in-memory Io whose cwd is `cwd`, default the repository) and
 * compares with test/golden/<name>.md. Returns the result for more assertions.
 */
export async function golden(name: string, args: readonly string[], options: GoldenOptions = {}): Promise<RunResult> {
  const r = await runMain(args, options);
  compareGolden(name, args, r, options.normalize);
  return r;
}

/** Runs the built binary as a process and compares with test/golden/<name>.md (the bin wrapper, real stdin, exit codes). */
export function goldenProcess(name: string, args: readonly string[], options: GoldenOptions = {}): RunResult {
  const r = runCli(args, options);
  compareGolden(name, args, r, options.normalize);
  return r;
}

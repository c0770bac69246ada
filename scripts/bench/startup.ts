/** Start-up cost: `protocheck --version` against a bare `node -e 0` (goal: at most 1.6x). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/protocheck', import.meta.url));
const RUNS = 30;

function median(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function run(): Promise<string[]> {
  const bare = median(['-e', '0']);
  const version = median([BIN, '--version']);
  const help = median([BIN, '--help']);
  const commandHelp = median([BIN, 'lint', '--help']);
  return [
    `startup-node-bare: ${bare.toFixed(1)} ms`,
    `startup-version: ${version.toFixed(1)} ms`,
    `startup-version-ratio: ${(version / bare).toFixed(2)} x`,
    `startup-help-ratio: ${(help / bare).toFixed(2)} x`,
    `startup-command-help-ratio: ${(commandHelp / bare).toFixed(2)} x`,
  ];
}

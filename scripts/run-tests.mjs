// Runs every compiled test file under dist/test (Node 20 treats --test arguments as paths, 22 as globs;
// listing the files explicitly behaves the same on both). Extra arguments filter by substring.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

/**
 * `--unit` (npm run test:unit): everything except the files that start real daemons, run tshark or real
 * clients, or run the CLI as a process (the bin wrapper, package, action, shells). No real server, fast.
 */
const NOT_UNIT = [
  'test/probe/real-servers.test.js', // real daemons (mariadb, postgresql, redis, memcached, openssh, exim, nginx)
  'test/istio/probe-real.test.js', // real daemons
  'test/cluster/real-servers.test.js', // real daemons
  'test/detect/live-clients.test.js', // real client programs
  'test/capture/fixtures.test.js', // tshark cross-check
  'test/golden/errors.test.js', // process-level goldens: bin wrapper, exit codes, EPIPE
  'test/golden/version.test.js', // process-level: the --version fast path of bin.ts
  'test/action.test.js', // runs the GitHub Action's shell steps
  'test/pre-commit.test.js', // runs pre-commit hooks as processes
  'test/completion.test.js', // runs bash, zsh and fish
  'test/kubectl-plugin.test.js', // runs the kubectl plugin wrapper
];

const args = process.argv.slice(2);
const unit = args.includes('--unit');
const filters = args.filter((a) => a !== '--unit');
const files = walk('dist/test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !unit || !NOT_UNIT.some((x) => f.replace(/\\/g, '/').endsWith(x.replace(/^test\//, 'dist/test/'))))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

/**
 * `protocheck logs` on a pipe that stays open (as `kubectl logs -f | protocheck logs`): each event is
 * printed while the pipe is still open, and Ctrl-C (SIGINT) ends reading with the summary and the
 * usual exit code. A real child process and a real pipe.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { BIN } from '../helpers/golden.js';
import { BUILT, plain } from './fixtures.js';

test('streaming: events appear while the pipe is open; SIGINT prints the summary and exits 1', async () => {
  const child = spawn(process.execPath, [BIN, 'logs', '--stream'], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const seen = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${text}; got ${out}`)), 20_000);
      const check = () => {
        if (out.includes(text)) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve();
        }
      };
      const onData = (d: string) => {
        out += d;
        check();
      };
      child.stdout.on('data', onData);
      check();
    });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  try {
  child.stdin.write(`${plain(BUILT[15]!)}\n`);
  await seen('-:1: outbound-detect-timeout (server 10.99.7.3:2525)');
  assert.doesNotMatch(out, /needs a change/, 'no summary before the input ends');
  child.stdin.write(`${plain(BUILT[16]!)}\n`);
  await seen('-:2: inbound-detect-timeout (port 9042)');
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  child.stdout.on('data', (d: string) => (out += d));
  const [code] = (await exited) as [number | null];
  assert.equal(code, 1);
  assert.match(out, /2 detection events in 2 lines/);
  assert.match(out, /outbound 10\.99\.7\.3:2525: 1 outbound-detect-timeout; needs a change/);
  } finally {
    child.stdin.destroy();
    if (child.exitCode === null) child.kill('SIGKILL');
    if (err !== '') console.error(err);
  }
});

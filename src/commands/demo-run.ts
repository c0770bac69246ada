/** The demo's shell: start the embedded servers, probe them with the real probe, print, stop them. */
import type { Io } from '../io.js';
import { startDemoServers } from '../probe/demo-servers.js';
import { parseDuration } from '../probe/duration.js';
import { parseTargets } from '../probe/targets.js';
import { runProbe } from '../probe/run-probe.js';
import { DEFAULT_CONCURRENCY } from '../probe/constants.js';
import { render } from './probe-run.js';
import type { TargetResult } from '../probe/types.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { DemoFlags } from './demo.js';

export async function runDemoCommand(flags: DemoFlags, io: Io): Promise<number> {
  const waitMs = parseDuration(flags.wait, '--wait');
  const connectTimeoutMs = parseDuration(flags.connectTimeout, '--connect-timeout');
  const demo = await startDemoServers();
  try {
    const targets = parseTargets(demo.servers.map((s) => `127.0.0.1:${s.port}`));
    const results = await runProbe(targets, { waitMs, connectTimeoutMs, concurrency: DEFAULT_CONCURRENCY, active: true, version: flags.linkerd });
    const header = flags.json === true ? undefined : [
      `protocheck demo: probing ${demo.servers.length} embedded servers on 127.0.0.1 with --wait ${flags.wait} (a real probe waits 6s by default):`,
      ...demo.servers.map((s) => `  127.0.0.1:${s.port}  ${s.name}: ${s.description}`),
      '',
    ].join('\n');
    render(results, flags, io, header, { version: flags.linkerd });
    // The demo checks itself: each embedded server must come out as designed. Exit 0 when they all
    // do (the greeting server's "needs opaque" is the point of the demo, not a finding about your
    // cluster); 1, naming the server, when this machine's probe judged one differently.
    const wrong = demo.servers.filter((s, i) => !asDesigned(s.name, results[i]));
    if (wrong.length > 0) {
      io.stderr.write(`protocheck demo: not as designed: ${wrong.map((s) => s.name).join(', ')} (see the table above)\n`);
      return EXIT_FINDINGS;
    }
    if (flags.json !== true) io.stderr.write('protocheck demo: all four servers came out as designed; a real probe of these ports would exit 1 (the greeting server needs a change)\n');
    return EXIT_OK;
  } finally {
    await demo.stop();
  }
}

/** What each embedded server must look like to the real probe. */
export function asDesigned(name: string, r: TargetResult | undefined): boolean {
  if (r === undefined || r.state !== 'open') return false;
  switch (name) {
    case 'greets-first':
      return r.firstSpeaker === 'server' && r.linkerd !== null && !r.linkerd.covered && r.linkerd.action === 'opaque';
    case 'http':
      return r.firstSpeaker === 'client' && r.protocol === 'http' && r.linkerd?.covered === true;
    case 'tls-alpn':
      return r.firstSpeaker === 'client' && r.protocol === 'tls' && r.tls !== null && r.linkerd?.covered === true;
    case 'silent':
      return r.firstSpeaker === 'client' && r.banner === null && r.linkerd?.covered === true;
    default:
      return false;
  }
}

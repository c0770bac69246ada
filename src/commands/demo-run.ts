/** The demo's shell: start the embedded servers, probe them with the real probe, print, stop them. */
import type { Io } from '../io.js';
import { startDemoServers } from '../probe/demo-servers.js';
import { parseDuration } from '../probe/duration.js';
import { parseTargets } from '../probe/targets.js';
import { runProbe } from '../probe/run-probe.js';
import { DEFAULT_CONCURRENCY } from '../probe/constants.js';
import { exitCodeFor, render } from './probe-run.js';
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
    render(results, flags, io, header);
    return exitCodeFor(results);
  } finally {
    await demo.stop();
  }
}

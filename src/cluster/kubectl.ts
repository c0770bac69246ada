/**
 * Reading the live cluster through `kubectl` (from PATH): one `kubectl get KINDS -o json` with the
 * user's --context and -n/-A, its stdout streamed into the inventory. When that call fails (a CRD not
 * installed, a kind the account may not list), each kind is read on its own so that what can be read
 * is still audited, and each kind that cannot be read is one line. A missing kubectl is one line too.
 */
import { spawn } from 'node:child_process';
import { InputError } from '../errors.js';
import { escapeControls } from '../term/escape.js';
import { readDump } from './dump.js';
import { Inventory } from './inventory.js';

export const KINDS: readonly string[] = ['namespaces', 'pods', 'services', 'endpointslices', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', 'servers.policy.linkerd.io', 'networkpolicies'];

export interface KubectlOptions {
  readonly context?: string;
  readonly namespace?: string;
  readonly allNamespaces: boolean;
  /** Default `kubectl` (found on PATH). */
  readonly bin?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function kubectlArgs(kinds: readonly string[], o: KubectlOptions): string[] {
  return [
    'get',
    kinds.join(','),
    '-o',
    'json',
    ...(o.context === undefined ? [] : ['--context', o.context]),
    ...(o.namespace !== undefined ? ['-n', o.namespace] : o.allNamespaces ? ['-A'] : []),
  ];
}

const NO_KUBECTL_HINT = 'install kubectl, or read a dump: protocheck cluster --from dump.json (made with kubectl get ... -A -o json > dump.json)';
const MAX_STDERR = 64 << 10;

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly objects: number;
}

function run(args: readonly string[], o: KubectlOptions, inv: Inventory): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(o.bin ?? 'kubectl', args as string[], { stdio: ['ignore', 'pipe', 'pipe'], env: o.env === undefined ? process.env : (o.env as NodeJS.ProcessEnv) });
    let stderr = '';
    let failed: unknown = null;
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += d.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      failed = error;
      if (error.code === 'ENOENT') reject(new InputError('kubectl not found on PATH', { hint: NO_KUBECTL_HINT }));
    });
    const reading = readDump(child.stdout as AsyncIterable<Buffer>, 'kubectl output', inv).catch((error: unknown) => {
      failed ??= error;
      child.kill();
      return 0;
    });
    child.on('close', (code) => {
      void reading.then((objects) => {
        if (failed !== null) {
          const e = failed as NodeJS.ErrnoException;
          if (e.code === 'ENOENT') reject(new InputError('kubectl not found on PATH', { hint: NO_KUBECTL_HINT }));
          else if (e instanceof InputError && code === 0) reject(e);
          else resolve({ code: code ?? 1, stderr, objects });
          return;
        }
        resolve({ code, stderr, objects });
      });
    });
  });
}

/** kubectl's error for one kind, in one line. */
export function explainKubectlError(kind: string, stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'failed';
  if (/doesn't have a resource type|the server could not find the requested resource|no matches for kind/i.test(stderr)) return `${kind}: not a resource type of this cluster (CRD not installed?): audited without it`;
  if (/forbidden/i.test(stderr)) return `${kind}: forbidden (the account may not list it): audited without it`;
  return `${kind}: ${escapeControls(line.replace(/^error: /, ''))}: audited without it`;
}

/** Reads the cluster; notes say which kinds could not be read. Throws InputError when nothing could. */
export async function readCluster(o: KubectlOptions): Promise<{ inv: Inventory; notes: string[]; objects: number }> {
  const inv = new Inventory();
  const whole = await run(kubectlArgs(KINDS, o), o, inv);
  if (whole.code === 0) return { inv, notes: [], objects: whole.objects };
  // Start again kind by kind, so that one kind that cannot be read does not hide the others.
  const again = new Inventory();
  const notes: string[] = [];
  let objects = 0;
  let read = 0;
  for (const kind of KINDS) {
    const r = await run(kubectlArgs([kind], o), o, again);
    if (r.code === 0) {
      read++;
      objects += r.objects;
    } else notes.push(explainKubectlError(kind, r.stderr));
  }
  if (read === 0) {
    throw new InputError(`kubectl could not read the cluster: ${escapeControls((whole.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${whole.code ?? '?'}`).replace(/^error: /, ''))}`, {
      hint: 'check kubectl config current-context and your permissions (kubectl auth can-i list pods -A), or read a dump with --from',
    });
  }
  return { inv: again, notes, objects };
}

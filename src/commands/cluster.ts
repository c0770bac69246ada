/** `protocheck cluster` and `protocheck cluster merge`: option wiring only; the work is in cluster-run.ts (lazily imported). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, linkerdOption } from './options.js';
import { UsageError } from '../errors.js';
import type { LinkerdVersion } from '../linkerd/version.js';

export type ClusterFormat = 'text' | 'json' | 'patch' | 'jsonl';

export interface ClusterFlags {
  readonly from: readonly string[];
  readonly context?: string;
  readonly namespace?: string;
  readonly allNamespaces: boolean;
  readonly probe: boolean;
  readonly wait: string;
  readonly connectTimeout: string;
  readonly concurrency: string;
  readonly active: boolean;
  readonly shard?: string;
  readonly linkerd: LinkerdVersion;
  /** True when --linkerd was given (versions then do not come from the pods). */
  readonly linkerdGiven: boolean;
  readonly format: ClusterFormat;
  readonly color: boolean;
}

export interface MergeFlags {
  readonly format: Exclude<ClusterFormat, 'jsonl'>;
  readonly color: boolean;
}

function formatOf(opts: Record<string, unknown>, command: Command): ClusterFormat {
  if (opts['json'] === true && command.getOptionValueSource('format') === 'cli' && opts['format'] !== 'json') {
    throw new UsageError(`--json conflicts with --format ${String(opts['format'])} (--json is --format json)`);
  }
  return opts['json'] === true ? 'json' : (opts['format'] as ClusterFormat);
}

export function defineCluster(program: Command, ctx: CommandContext): void {
  const cluster = program
    .command('cluster')
    .description("audit every Service port of a live cluster (or a dump of it): protocol, mesh state, Linkerd outcomes, lint findings; --probe the real endpoints")
    .addOption(new Option('--from <file>', 'read a dump (kubectl get ... -o json or -o yaml; - for stdin) instead of running kubectl; repeatable').argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]))
    .option('--context <context>', 'kubectl context')
    .option('-n, --namespace <ns>', 'only this namespace (passed to kubectl)')
    .option('-A, --all-namespaces', 'every namespace (passed to kubectl)')
    .option('--probe', 'probe every ready endpoint address:port (who speaks first, which protocol)')
    .addOption(new Option('--wait <duration>', 'with --probe: how long to wait for a server to speak first').default('6s'))
    .addOption(new Option('--connect-timeout <duration>', 'with --probe: TCP connect timeout').default('3s'))
    .option('--concurrency <n>', 'with --probe: most sockets open at once', '256')
    .option('--no-active', 'with --probe: send nothing (passive wait only)')
    .option('--shard <i/n>', 'with --probe: probe only shard I of N of the endpoints (0-based); merge the outputs with cluster merge')
    .addOption(linkerdOption())
    .addOption(new Option('--format <format>', 'output format (jsonl: the shard output cluster merge reads)').choices(['text', 'json', 'patch', 'jsonl']).default('text'))
    .addOption(new Option('--json', 'same as --format json (schema in docs/commands/cluster.md)'))
    .addOption(colorOption())
    .addHelpText('after', `
Without --from, runs: kubectl get namespaces,pods,services,endpointslices,deployments,statefulsets,
daemonsets,replicasets,jobs,cronjobs,servers.policy.linkerd.io,networkpolicies -o json [--context C] [-n NS|-A]

Examples:
  protocheck cluster -A                                  static audit of the current context
  kubectl get namespaces,pods,services,endpointslices,deployments,statefulsets -A -o json > dump.json
  protocheck cluster --from dump.json --json             audit a dump
  protocheck cluster -A --probe --wait 12s               also probe every ready endpoint (run it in the cluster, unmeshed)
  protocheck cluster -A --probe --shard 2/8 --format jsonl > shard-2.jsonl
  protocheck cluster merge shard-*.jsonl --json          combine the shards (= one unsharded run)
  protocheck cluster -A --format patch > fix.sh          the fixes as kubectl commands

Exit codes: 0 no Service port needs a change, 1 some port needs a change, 2 usage or input error (nothing could be read).
Running it as an Indexed Job: deploy/README.md.`)
    .action(async (opts: Record<string, unknown>, command: Command) => {
      const { runCluster } = await import('./cluster-run.js');
      const flags: ClusterFlags = {
        from: (opts['from'] as string[] | undefined) ?? [],
        ...(typeof opts['context'] === 'string' ? { context: opts['context'] } : {}),
        ...(typeof opts['namespace'] === 'string' ? { namespace: opts['namespace'] } : {}),
        allNamespaces: opts['allNamespaces'] === true,
        probe: opts['probe'] === true,
        wait: opts['wait'] as string,
        connectTimeout: opts['connectTimeout'] as string,
        concurrency: opts['concurrency'] as string,
        active: opts['active'] !== false,
        ...(typeof opts['shard'] === 'string' ? { shard: opts['shard'] } : {}),
        linkerd: opts['linkerd'] as LinkerdVersion,
        linkerdGiven: command.getOptionValueSource('linkerd') === 'cli',
        format: formatOf(opts, command),
        color: opts['color'] !== false,
      };
      ctx.setExit(await runCluster(flags, ctx.io));
    });
  cluster
    .command('merge')
    .description('combine the --format jsonl outputs of every shard into what one unsharded run prints')
    .argument('<files...>', 'the shard outputs (each shard exactly once; - for stdin)')
    .addHelpText('after', `
Options: --format text|json|patch, --json and --no-color, as for protocheck cluster.

Examples:
  protocheck cluster merge shard-0.jsonl shard-1.jsonl shard-2.jsonl shard-3.jsonl --json
  kubectl logs -l job-name=protocheck-cluster --tail=-1 --prefix=false > all.jsonl && protocheck cluster merge all.jsonl

Exit codes: 0 no Service port needs a change, 1 some port needs a change, 2 usage or input error (a shard missing or given twice).`)
    .exitOverride()
    .configureOutput(program.configureOutput())
    .action(async (files: string[], _opts: Record<string, unknown>, command: Command) => {
      const { runClusterMerge } = await import('./cluster-run.js');
      // --format, --json and --no-color are the cluster command's (commander reads them anywhere after it).
      const parent = command.parent as Command;
      const opts = parent.opts();
      const format = formatOf(opts, parent);
      if (format === 'jsonl') throw new UsageError('cluster merge prints text, json or patch (--format jsonl is the shard output it reads)');
      ctx.setExit(await runClusterMerge(files, { format: format as MergeFlags['format'], color: opts['color'] !== false }, ctx.io));
    });
}

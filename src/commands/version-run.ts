/** `protocheck version`: what this build is and what it knows (docs/commands/version.md). */
import type { Io } from '../io.js';
import { EXIT_OK } from '../exit-codes.js';
import { packageVersion } from '../version.js';
import { FAMILIES, newestKnownRelease } from '../linkerd/version.js';
import { ACTIVE_PROBES, BANNER_MATCHERS, CLIENT_MATCHERS, PROTOCOLS, REPLY_MATCHERS } from '../protocols/index.js';
import { RULES } from '../lint/rules/index.js';
import { toJson } from './options.js';

export interface VersionInfo {
  readonly version: string;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly linkerd: { readonly newestStable: string; readonly newestEdge: string; readonly families: readonly string[] };
  readonly knowledgeBase: {
    readonly protocols: number;
    readonly greetingMatchers: number;
    readonly clientMatchers: number;
    readonly replyMatchers: number;
    readonly activeProbes: number;
  };
  readonly lintRules: number;
}

export function versionInfo(): VersionInfo {
  const newest = newestKnownRelease();
  return {
    version: packageVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    linkerd: { newestStable: newest.stable, newestEdge: newest.edge, families: [...FAMILIES] },
    knowledgeBase: {
      protocols: PROTOCOLS.length,
      greetingMatchers: BANNER_MATCHERS.length,
      clientMatchers: CLIENT_MATCHERS.length,
      replyMatchers: REPLY_MATCHERS.length,
      activeProbes: ACTIVE_PROBES.length,
    },
    lintRules: RULES.length,
  };
}

export function renderVersionText(v: VersionInfo): string {
  const kb = v.knowledgeBase;
  return [
    `protocheck      ${v.version}`,
    `node            ${v.node} (${v.platform}/${v.arch})`,
    `linkerd model   up to ${v.linkerd.newestStable} (${v.linkerd.newestEdge}); newer releases get its behaviour`,
    `knowledge base  ${kb.protocols} protocols, ${kb.greetingMatchers} greeting matchers, ${kb.clientMatchers} client matchers, ${kb.replyMatchers} reply matchers, ${kb.activeProbes} active probes`,
    `lint rules      ${v.lintRules}`,
  ].join('\n') + '\n';
}

export function runVersion(options: { readonly json: boolean }, io: Io): number {
  const info = versionInfo();
  io.stdout.write(options.json ? toJson(info) : renderVersionText(info));
  return EXIT_OK;
}

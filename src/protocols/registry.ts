/** All entries, in PROTOCOL_IDS order; the registry test checks that every id has exactly one entry. */
import { PROTOCOL_IDS, type ProtocolEntry, type ProtocolId } from './types.js';
import { WEB_ENTRIES } from './entries/web.js';
import { MAIL_ENTRIES } from './entries/mail.js';
import { DATABASE_ENTRIES } from './entries/databases.js';
import { CACHE_ENTRIES } from './entries/caches.js';
import { MESSAGING_ENTRIES } from './entries/messaging.js';
import { REMOTE_ENTRIES } from './entries/remote.js';
import { UNKNOWN_ENTRY } from './entries/unknown.js';
import { SERVICE_ENTRIES } from './entries/services.js';

const ALL: readonly ProtocolEntry[] = [
  ...WEB_ENTRIES, ...MAIL_ENTRIES, ...DATABASE_ENTRIES, ...CACHE_ENTRIES, ...MESSAGING_ENTRIES, ...REMOTE_ENTRIES, ...SERVICE_ENTRIES, UNKNOWN_ENTRY,
];

const rank = new Map<ProtocolId, number>(PROTOCOL_IDS.map((id, i) => [id, i]));

export const PROTOCOLS: readonly ProtocolEntry[] = Object.freeze(
  [...ALL].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)),
);

export const BY_ID: ReadonlyMap<string, ProtocolEntry> = new Map(PROTOCOLS.map((p) => [p.id, p]));

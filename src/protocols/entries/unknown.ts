/** The fallback entry: bytes no matcher recognised. */
import type { ProtocolEntry } from '../types.js';

export const UNKNOWN_ENTRY: ProtocolEntry = {
  id: 'unknown',
  name: 'Unknown',
  ports: [],
  firstSpeaker: 'client',
  clientWaitsForGreeting: false,
  tlsPorts: [],
  starttls: false,
  portNames: [],
  images: [],
  note: 'No signature matched. firstSpeaker here is only the default assumption: what a probe observes decides.',
  source: 'protocheck',
};

/** Server bytes as the probe shows them: escaped (nothing reaches the terminal raw) and hex. */
import { escapeBytes, toHex } from '../term/escape.js';
import type { ShownBytes } from './types.js';

export function showBytes(bytes: Uint8Array): ShownBytes {
  return { text: escapeBytes(bytes), hex: toHex(bytes), length: bytes.length };
}

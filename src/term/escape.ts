/**
 * Bytes from servers and captures are shown escaped: nothing they contain can move the cursor,
 * change colors or retitle the terminal. Printable ASCII stays as is; the rest becomes \r \n \t \\ or \xNN.
 */
export function escapeBytes(bytes: Uint8Array, max = Infinity): string {
  let out = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else out += '\\x' + b.toString(16).padStart(2, '0');
  }
  if (bytes.length > n) out += `... (+${bytes.length - n} bytes)`;
  return out;
}

/** Escapes a string that may carry server-controlled characters (e.g. a certificate subject). */
export function escapeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0x200b || c === 0x202e || c === 0x2066 || c === 0x2067 || c === 0x2068 || c === 0x2069 || (c >= 0x202a && c <= 0x202d)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * For messages that quote user input (paths, targets, option values): control characters and
 * bidi overrides become \xNN / \uNNNN, everything else (backslashes included) stays, so text that
 * was already escaped is not escaped twice.
 */
export function escapeControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0x200b || c === 0x202e || (c >= 0x2066 && c <= 0x2069) || (c >= 0x202a && c <= 0x202d)) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out;
}

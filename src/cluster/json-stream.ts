/**
 * Splits a stream of JSON text into Kubernetes objects without holding the whole text: `kubectl get
 * -o json` prints one List whose `items` can be hundreds of megabytes, so each item is cut out of the
 * byte stream and parsed on its own (memory: the largest item, not the dump). Several JSON values in a
 * row (concatenated dumps) are read one after the other; a top-level value that is not a List is one
 * object. Pure apart from the callback.
 */
import { InputError } from '../errors.js';

/** One object larger than this is not a Kubernetes object (the API server caps requests at 3 MiB). */
export const MAX_OBJECT_BYTES = 16 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;

export class JsonItemSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Bytes of the current string at depth 1 (to know the key before `[`); only short strings are kept. */
  private key: number[] = [];
  private lastKey = '';
  /** Depth of the `items` array of the current top-level value (0: none). */
  private itemsDepth = 0;
  private sawItems = false;
  /** Pieces of the item being read (inside items) or of the top-level value outside its items. */
  private item: Buffer[] = [];
  private itemBytes = 0;
  private inItem = false;
  private top: Buffer[] = [];
  private topBytes = 0;
  private offset = 0;

  private readonly source: string;
  private readonly onObject: (obj: unknown) => void;

  constructor(source: string, onObject: (obj: unknown) => void) {
    this.source = source;
    this.onObject = onObject;
  }

  push(chunk: Buffer): void {
    let segStart = 0;
    const flushTo = (end: number): void => {
      if (end > segStart) this.keep(chunk.subarray(segStart, end));
      segStart = end;
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.depth === 1) this.lastKey = Buffer.from(this.key).toString('utf8');
        } else if (this.depth === 1 && this.key.length < 64) this.key.push(c);
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1) this.key = [];
      } else if (c === OPEN_OBJ || c === OPEN_ARR) {
        if (this.depth === 0) {
          if (c === OPEN_ARR) this.itemsDepth = 1; // a bare JSON array of objects
          segStart = i;
        }
        if (c === OPEN_ARR && this.depth === 1 && this.lastKey === 'items' && this.itemsDepth === 0) {
          this.itemsDepth = 2;
          this.sawItems = true;
          flushTo(i + 1);
        }
        this.depth++;
        if (c === OPEN_OBJ && this.itemsDepth !== 0 && this.depth === this.itemsDepth + 1) {
          // An item starts: what came before it belongs to the top-level value.
          flushTo(i);
          this.inItem = true;
        }
      } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        this.depth--;
        if (this.depth < 0) throw new InputError(`${this.source}: not JSON (unbalanced "${String.fromCharCode(c)}" at byte ${this.offset + i})`);
        if (this.inItem && this.depth === this.itemsDepth) {
          flushTo(i + 1);
          this.endItem();
        } else if (this.itemsDepth !== 0 && this.depth === this.itemsDepth - 1 && c === CLOSE_ARR) {
          if (this.itemsDepth === 2) this.itemsDepth = 0;
        }
        if (this.depth === 0) {
          flushTo(i + 1);
          this.endTop();
        }
      } else if (this.depth === 0 && c > 0x20) {
        throw new InputError(`${this.source}: not JSON (unexpected "${String.fromCharCode(c)}" at byte ${this.offset + i})`);
      }
    }
    if (this.depth > 0) flushTo(chunk.length);
    this.offset += chunk.length;
  }

  end(): void {
    if (this.depth !== 0 || this.inString) throw new InputError(`${this.source}: the JSON ends in the middle of a value (truncated output?)`);
  }

  private keep(piece: Buffer): void {
    const copy = Buffer.from(piece);
    if (this.inItem) {
      this.item.push(copy);
      this.itemBytes += copy.length;
      if (this.itemBytes > MAX_OBJECT_BYTES) throw new InputError(`${this.source}: an object of more than ${MAX_OBJECT_BYTES >> 20} MiB (not a Kubernetes object)`);
    } else if (!this.sawItems && this.itemsDepth !== 1) {
      // Outside a List's items (a List's own fields are not needed, and its separators are not JSON).
      this.top.push(copy);
      this.topBytes += copy.length;
      if (this.topBytes > MAX_OBJECT_BYTES) throw new InputError(`${this.source}: a JSON value of more than ${MAX_OBJECT_BYTES >> 20} MiB outside a List's items (use kubectl get -o json, which prints a List)`);
    }
  }

  private endItem(): void {
    const text = Buffer.concat(this.item).toString('utf8');
    this.item = [];
    this.itemBytes = 0;
    this.inItem = false;
    this.onObject(parse(text, this.source));
  }

  private endTop(): void {
    const text = Buffer.concat(this.top).toString('utf8');
    this.top = [];
    this.topBytes = 0;
    const wasList = this.sawItems || this.itemsDepth === 1;
    this.sawItems = false;
    this.itemsDepth = 0;
    this.lastKey = '';
    if (wasList) return;
    this.onObject(parse(text, this.source));
  }
}

function parse(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${source}: not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

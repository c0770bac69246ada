/** Socket errors normalized to the probe's connection states, keeping the original error as `cause`. */

export type FailState = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'error';

export interface NetFailure {
  readonly state: FailState;
  /** The system code (ECONNREFUSED, ...) or ours (PC_CONNECT_TIMEOUT). */
  readonly code: string;
  /** One line naming host:port. */
  readonly message: string;
  readonly cause?: unknown;
}

const STATE_BY_CODE: Readonly<Record<string, FailState>> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  PC_CONNECT_TIMEOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
};

const TEXT_BY_STATE: Readonly<Record<FailState, string>> = {
  refused: 'connection refused',
  timeout: 'connect timed out',
  unreachable: 'host unreachable',
  reset: 'connection reset by peer',
  error: 'error',
};

export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'EUNKNOWN';
}

export function normalizeNetError(error: unknown, label: string): NetFailure {
  const code = errorCode(error);
  const state = STATE_BY_CODE[code] ?? 'error';
  const detail = state === 'error' ? `${code}${error instanceof Error && error.message !== '' ? ` (${error.message})` : ''}` : TEXT_BY_STATE[state];
  return { state, code, message: `${label}: ${detail}`, cause: error };
}

export function connectTimeoutFailure(label: string, ms: number): NetFailure {
  return { state: 'timeout', code: 'PC_CONNECT_TIMEOUT', message: `${label}: connect timed out after ${ms}ms` };
}

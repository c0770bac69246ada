import type { Suggestion, SuggestInput } from './model.js';
export const DOCS = {} as const;
export function suggest(_input: SuggestInput): Suggestion[] {
  return [];
}
export function suggestPorts(_input: SuggestInput, _ports: readonly { port: number }[]): Suggestion[] {
  return [];
}

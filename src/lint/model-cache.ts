/**
 * Memoized views of the Linkerd model's pure functions. Manifests repeat the same configurations
 * (defaults, the same annotation on many workloads), and the model re-parses the default lists on
 * every call; caching by the JSON of the input keeps lint close to the yaml parse time. Pure.
 */
import { parsePortList, podPortView, predict, servicePortView, suggest, type ParsedPortList, type PodPortView, type PortConfig, type Prediction, type Scenario, type ServicePortView, type SuggestInput, type Suggestion } from '../linkerd/model.js';
import type { LinkerdVersion } from '../linkerd/version.js';

const MAX = 50_000;

function memo<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const key = JSON.stringify(args);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const r = f(...args);
    if (cache.size >= MAX) cache.clear();
    cache.set(key, r);
    return r;
  };
}

export const cachedParsePortList: (raw: string) => ParsedPortList = memo(parsePortList);
export const cachedPodPortView: (v: LinkerdVersion, port: number, c: PortConfig) => PodPortView = memo(podPortView);
export const cachedServicePortView: (v: LinkerdVersion, port: number, c: PortConfig) => ServicePortView = memo(servicePortView);
export const cachedPredict: (s: Scenario) => Prediction = memo(predict);
/** Suggestions are copied: callers may attach them to several findings. */
const suggestMemo = memo(suggest);
export function cachedSuggest(input: SuggestInput): Suggestion[] {
  return [...suggestMemo(input)];
}

import type { Prediction, Scenario } from './model.js';
export function predict(s: Scenario): Prediction {
  return { client: 'detect', server: 'detect', experience: 'works', delaySeconds: 0, covered: true, action: 'none', explanation: [`stub for port ${s.port}`], transport: 'none', clientWaitsForGreeting: null };
}

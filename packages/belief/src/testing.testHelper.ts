import { fitLearningRates } from "./fitLearningRates";
import type { SimulatedBeliefStudy } from "./simulateBeliefStudy";

/** Fitted and true learning rates of every simulated session that has trials (both valences). */
export function learningRateRecovery(sim: SimulatedBeliefStudy): {
  fitted: number[];
  truth: number[];
  r: number;
  bias: number;
} {
  const byKey = new Map<string, (typeof sim.trials)[number][]>();
  for (const t of sim.trials) {
    const k = `${t.participant_id} ${t.session_id}`;
    const list = byKey.get(k);
    if (list) list.push(t);
    else byKey.set(k, [t]);
  }
  const fitted: number[] = [];
  const truth: number[] = [];
  for (const s of sim.truth.sessions) {
    const rows = byKey.get(`${s.participant_id} ${s.session_id}`);
    if (!rows) continue;
    const f = fitLearningRates(rows);
    if (f.alpha_good !== null) {
      fitted.push(f.alpha_good);
      truth.push(s.alpha_good);
    }
    if (f.alpha_bad !== null) {
      fitted.push(f.alpha_bad);
      truth.push(s.alpha_bad);
    }
  }
  const n = fitted.length;
  const mf = fitted.reduce((a, b) => a + b, 0) / n;
  const mt = truth.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (fitted[i]! - mf) * (truth[i]! - mt);
    sxx += (fitted[i]! - mf) ** 2;
    syy += (truth[i]! - mt) ** 2;
  }
  return { fitted, truth, r: sxy / Math.sqrt(sxx * syy), bias: mf - mt };
}

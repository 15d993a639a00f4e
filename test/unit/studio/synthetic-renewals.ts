import { createRng, deriveSeed } from '../../../shared/testing';

/** The measures of the synthetic renewals and the weights that generate their outcomes (sum 100). */
export const TRUE_WEIGHTS: Readonly<Record<string, number>> = {
  usage: 40,
  seats: 30,
  nps: 10,
  noise: 0,
  echo: 0,
  csm: 20,
};
export const KEYS = Object.keys(TRUE_WEIGHTS);

/** Logit span of the generating model: η = SIGNAL·(Σ weight/100 · points/100 − ½). */
const SIGNAL = 16;

/**
 * Renewals with a known generating model. Latent points uniform on 0..100; `seats` equals `usage` for half
 * the accounts (correlated measures with real weight), `echo` equals `seats` for 30 % of them (correlated,
 * but no weight of its own), `noise` is pure noise; `nps`, `noise` and `csm` are missing on 20 % of rows, at
 * random. Renewal ~ Bernoulli(sigmoid(η)) on the latent (complete) points.
 */
export function syntheticRenewals(seed: number, accounts: number) {
  const rng = createRng(deriveSeed(seed, 'synthetic-renewals'));
  const rows: { renewed: boolean; points: Record<string, number | null> }[] = [];
  for (let i = 0; i < accounts; i++) {
    const usage = rng.next();
    const seats = rng.chance(0.5) ? usage : rng.next();
    const latent: Record<string, number> = {
      usage,
      seats,
      nps: rng.next(),
      noise: rng.next(),
      echo: rng.chance(0.3) ? seats : rng.next(),
      csm: rng.next(),
    };
    let s = 0;
    for (const k of KEYS) s += (TRUE_WEIGHTS[k]! / 100) * latent[k]!;
    const renewed = rng.chance(1 / (1 + Math.exp(-SIGNAL * (s - 0.5))));
    const points: Record<string, number | null> = {};
    for (const k of KEYS) {
      const missing = (k === 'nps' || k === 'noise' || k === 'csm') && rng.chance(0.2);
      points[k] = missing ? null : Math.round(latent[k]! * 1000) / 10;
    }
    rows.push({ renewed, points });
  }
  return rows;
}

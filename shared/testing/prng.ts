// The seeded PRNG lives at `shared/prng.ts` because the studio's cross-validation folds use it at run time,
// and nothing in the worker may import `shared/testing/`. Re-exported here for the tests and the portfolio.
export * from '../prng';

import type { Env } from '../common/env';
import worker from '../index';
import { heldQueue } from './delivery-hold';
import { createBenchApp } from './routes';

// The Worker `npm run bench:ingest` runs (test/support/dev-server.mjs `main`): the production Worker, whose
// ingest queue binding obeys the benchmark's hold, plus the bench-only routes. Never deployed.
const bench = createBenchApp();
const BENCH_PATHS = new Set(['/v1/noop', '/v1/bench/hold']);

const heldEnvs = new WeakMap<Env, Env>();
/** `env` with its ingest queue wrapped by the hold (made once per env object). */
function held(env: Env): Env {
  let out = heldEnvs.get(env);
  if (!out) {
    out = { ...env, INGEST_QUEUE: heldQueue(env.INGEST_QUEUE) };
    heldEnvs.set(env, out);
  }
  return out;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (BENCH_PATHS.has(new URL(request.url).pathname)) return bench.fetch(request, env, ctx);
    return worker.fetch(request, held(env), ctx);
  },
  queue: (batch, env) => worker.queue(batch, held(env)),
  scheduled: (controller, env) => worker.scheduled(controller, held(env)),
} satisfies ExportedHandler<Env, unknown>;

// /sdk/* is answered by the Keepwell Worker (wrangler.toml run_worker_first: versioned cache headers, CORS): forwarded by service binding.
export { forwardToWorker as onRequest } from '../../forward';

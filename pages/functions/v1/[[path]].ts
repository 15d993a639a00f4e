// /v1/* is answered by the Keepwell Worker (wrangler.toml run_worker_first): forwarded by service binding.
export { forwardToWorker as onRequest } from '../../forward';

/** Types of scripts/deploy-plan.mjs, the pure half of `npm run deploy`. */
export interface RequiredSecret {
  name: string;
  bytes: number;
  why: string;
}
export interface Resources {
  worker: string;
  databases: { binding: string; name: string; migrationsDir: string }[];
  queues: string[];
  /** R2 bucket names (the raw-event archive). */
  buckets: string[];
  crons: string[];
  assetsDir: string | null;
  runWorkerFirst: string[];
  sendEmail: string[];
}
export interface Missing {
  databases: string[];
  queues: string[];
  buckets: string[];
}
export interface Step {
  why: string;
  args: string[];
  phase: 'create' | 'migrate' | 'deploy';
}
// biome-ignore lint/suspicious/noExplicitAny: a raw wrangler config is any JSON the config file holds.
export type RawConfig = Record<string, any>;
export const REQUIRED_SECRETS: RequiredSecret[];
export const PLACEHOLDER_DATABASE_ID: string;
export const DEPLOY_CONFIG_PATH: string;
export function resourcesOf(raw: RawConfig): Resources;
export function missingResources(
  resources: Resources,
  existing: { databases: { name: string; uuid: string }[]; queues: string[]; buckets?: string[] },
): Missing;
export function deployConfig(
  raw: RawConfig,
  databases: { name: string; uuid: string }[],
  fromDir: string,
  toDir: string,
): RawConfig;
export function missingSecrets(existing: string[] | null): RequiredSecret[];
export function deployCommands(
  resources: Resources,
  missing: Missing,
  opts: { config: string; secretsFile: string | null },
): Step[];
export function pagesCommands(
  projects: { 'Project Name': string }[],
  projectName: string,
  productionBranch?: string,
): Step[];

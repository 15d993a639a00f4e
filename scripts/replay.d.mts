/** Types of scripts/replay.mjs (`npm run replay`). */
export interface ReplayArgs {
  from: string;
  to: string;
  sourceId?: string;
  url: string;
  token?: string;
  /** Seconds between polls. */
  interval: number;
}
export interface ReplayJobView {
  id: string;
  from: string;
  to: string;
  status: string;
  phase: string;
  liveEvents: number;
  archivedEvents: number;
  partitions: number;
  error: string | null;
}
export const USAGE: string;
export function parseArgs(argv: string[], env?: Record<string, string | undefined>): ReplayArgs;
export function progressLine(job: ReplayJobView): string;
export function runReplay(
  args: ReplayArgs,
  io?: { log?: (line: string) => void; fetch?: typeof fetch },
): Promise<ReplayJobView>;

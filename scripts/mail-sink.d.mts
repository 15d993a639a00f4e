/** Types of scripts/mail-sink.mjs, the local mail stand-in. */
export interface SunkMessage {
  file: string;
  id: number;
  kind: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  receivedAt: string;
}
export function writeMessage(dir: string, message: object): string;
export function readMessages(dir: string, to?: string | null): SunkMessage[];
export function handleSinkRequest(request: Request, dir: string): Promise<Response>;
export function startMailSink(opts: { port?: number; dir: string }): Promise<import('node:http').Server>;

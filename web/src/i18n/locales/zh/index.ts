// Simplified Chinese messages, one export per area (same areas as ../en/index.ts).
export { default as auth } from './auth';
export { default as common } from './common';
export { default as settings } from './settings';

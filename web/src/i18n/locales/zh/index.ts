// Simplified Chinese messages, one export per area (same areas as ../en/index.ts).
export { default as account } from './account';
export { default as accounts } from './accounts';
export { default as alerts } from './alerts';
export { default as auth } from './auth';
export { default as common } from './common';
export { default as dashboard } from './dashboard';
export { default as demo } from './demo';
export { default as mail } from './mail';
export { default as metrics } from './metrics';
export { default as people } from './people';
export { default as revenue } from './revenue';
export { default as settings } from './settings';
export { default as sources } from './sources';
export { default as studio } from './studio';
export { default as studioModel } from './studio-model';
export { default as surveys } from './surveys';
export { default as work } from './work';

/**
 * A feature of the synthetic product, as the `features` catalog table holds it (`kind` is the message type
 * that creates it: every synthetic feature is a `track` event named `name`, whose key is the event name).
 * `popularity` weights how often users pick it.
 * @example const f: SyntheticFeature = FEATURES[0]!; // { id: 1, key: 'Dashboard Viewed', module: 'dashboards', isCore: true, … }
 */
export interface SyntheticFeature {
  id: number;
  key: string;
  name: string;
  kind: 'track';
  module: string;
  isCore: boolean;
  popularity: number;
}

const SPEC: [name: string, module: string, isCore: boolean, popularity: number][] = [
  ['Dashboard Viewed', 'dashboards', true, 10],
  ['Report Run', 'reports', true, 6],
  ['Task Created', 'tasks', true, 6],
  ['Comment Posted', 'collaboration', true, 5],
  ['Report Exported', 'reports', false, 3],
  ['Report Scheduled', 'reports', false, 1],
  ['Task Completed', 'tasks', false, 5],
  ['Template Used', 'tasks', false, 2],
  ['Board Shared', 'collaboration', false, 2],
  ['Integration Connected', 'integrations', false, 1],
  ['API Call', 'api', false, 3],
  ['Automation Created', 'automation', false, 1],
  ['Automation Run', 'automation', false, 2],
  ['Settings Changed', 'admin', false, 1],
];

/**
 * The synthetic product's 14 features (4 core), ids in catalog order.
 * @example FEATURES.filter((f) => f.isCore).length // 4
 */
export const FEATURES: readonly SyntheticFeature[] = SPEC.map(([name, module, isCore, popularity], i) => ({
  id: i + 1,
  key: name,
  name,
  kind: 'track',
  module,
  isCore,
  popularity,
}));

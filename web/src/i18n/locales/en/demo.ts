// The demo workspace: "Load demo data" on the empty dashboard, "Remove demo data" once loaded.
export default {
  offer: {
    title: 'Explore with demo data',
    body: 'Load demo data fills this workspace with a fictional company’s data: about 300 accounts with 200 days of product usage, contracts and renewals, tickets, survey answers and score history. It is tagged as demo data and removed in one click; your own data is never touched.',
    load: 'Load demo data',
    loading: 'Loading demo data…',
    keepOpen: 'Keep this page open until it finishes (about two minutes).',
  },
  phase: {
    events: 'Sending product usage through the SDK: {done} of {total} events',
    rollups: 'Storing the events: {done} of {total}',
    records: 'Recording contracts, tickets, leads and advocacy',
    history: 'Scoring past days: {done} of {total}',
    scoring: 'Scoring today',
  },
  progressLabel: 'Demo data loading progress',
  loaded: {
    title: 'This workspace contains demo data',
    body: '{count} fictional accounts from the demo. Remove them before you send your own data, or keep exploring.',
    remove: 'Remove demo data',
    removing: 'Removing demo data…',
  },
  removed: 'Demo data removed: {count} accounts.',
  loadError: 'Demo data could not be loaded',
  removeError: 'Demo data could not be removed',
};

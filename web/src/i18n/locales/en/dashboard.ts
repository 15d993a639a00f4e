// The dashboard (`/`): portfolio health at a glance, scoring runs, and what a new installation should do first.
export default {
  title: 'Dashboard',
  period: 'Latest scoring {period} · window from {from}',
  loadError: 'Could not load the dashboard',
  filters: {
    label: 'Dashboard filters',
    segment: 'Segment',
    allSegments: 'All segments',
    owner: 'CSM owner',
    allOwners: 'All owners',
    mine: 'My accounts',
    window: 'Period',
    days: 'Last {days} days',
  },
  tiers: {
    title: 'Accounts by tier',
    chartLabel: 'Bar chart of accounts per health tier',
    tier: 'Tier',
    accounts: 'Accounts',
    arr: 'ARR',
    total: 'Total',
  },
  histogram: {
    title: 'Score distribution',
    chartLabel: 'Histogram of health scores in 10-point buckets',
    empty: 'No scored accounts.',
  },
  tierHistory: {
    title: 'Tiers over time',
    chartLabel: 'Stacked area chart of accounts per tier for each scoring period',
    few: 'The trend appears after a few scoring periods.',
  },
  charts: {
    tierLine: '{tier}: {count} accounts, {arr}',
    bucketLine: 'score {range}: {count}',
    historyLine: '{period}: {counts}',
  },
  movers: {
    title: 'Biggest movers',
    up: 'Up',
    down: 'Down',
    none: 'No score changes in this period.',
  },
  transitions: {
    title: 'Wins and saves',
    wins: 'Wins: {count} · {arr}',
    saves: 'Saves: {count} · {arr}',
    winsNone: 'No account moved up into the best tier in this period.',
    savesNone: 'No account moved up out of the worst tier in this period.',
    move: '{from} → {to}',
  },
  renewals: {
    title: 'Renewals in the next 90 days',
    none: 'No renewals due in the next 90 days.',
    group: '{count} accounts · {arr}',
    more: 'and {count} more',
  },
  scoring: {
    run: 'Run scoring now',
    running: 'Scoring…',
    progressLabel: 'Scoring progress',
    progress: 'Scored {done} of {total} accounts',
    done: 'Done: {done} of {total} accounts scored.',
    doneWithFailures: 'Done: {done} of {total} accounts, {failed} failed.',
    failed: 'The run failed after {done} of {total} accounts.',
    error: 'Could not run scoring',
  },
  empty: {
    noAccounts: {
      title: 'No accounts yet',
      body: 'Keepwell scores the accounts your product reports. Three steps to your first dashboard:',
    },
    noScores: {
      title: 'Accounts are arriving; nothing is scored yet',
      body: 'Scoring runs every day. Run it now to see the first health scores:',
    },
    steps: {
      source: {
        title: '1. Add a source',
        body: 'A source gives your product a write key.',
        link: 'Add a source',
      },
      events: {
        title: '2. Send events',
        body: 'Send a group call for each customer account and track calls as people use the product; see the README.',
      },
      scoring: {
        title: '3. Run scoring',
        body: 'Scoring runs daily; run it now to see scores at once.',
        askAdmin: 'Scoring runs daily; an admin can also run it now.',
      },
    },
  },
};

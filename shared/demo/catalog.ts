// The fictional company's vocabulary: names, industries, segments, features. Plain data, no logic.

/** Prefix of every demo external id (accounts, users, contracts, tickets …): what `DELETE /api/demo` matches. */
export const DEMO_ID_PREFIX = 'demo-';

/** Name prefix of the demo's surveys and the demo source. */
export const DEMO_NAME_PREFIX = '[Demo]';

/** The three commercial segments of the demo portfolio, with their share of accounts and seat range. */
export const DEMO_SEGMENTS = [
  {
    key: 'smb',
    label: 'SMB',
    share: 0.55,
    seats: [3, 8],
    seatPriceUsd: [300, 600],
    plans: ['starter', 'pro'],
  },
  {
    key: 'mid_market',
    label: 'Mid-market',
    share: 0.33,
    seats: [10, 24],
    seatPriceUsd: [500, 900],
    plans: ['pro', 'business'],
  },
  {
    key: 'key_account',
    label: 'Key accounts',
    share: 0.12,
    seats: [28, 55],
    seatPriceUsd: [800, 1400],
    plans: ['enterprise'],
  },
] as const;

export type DemoSegment = (typeof DEMO_SEGMENTS)[number]['key'];

export const DEMO_INDUSTRIES = [
  'Software',
  'Healthcare',
  'Retail',
  'Financial services',
  'Manufacturing',
  'Education',
  'Logistics',
  'Media',
] as const;

export const DEMO_REGIONS = ['North America', 'Europe', 'APAC', 'LATAM'] as const;

/** The demo product's features: track event name, module, how often users pick it. */
export const DEMO_FEATURES: readonly { name: string; module: string; popularity: number }[] = [
  { name: 'Dashboard Viewed', module: 'dashboards', popularity: 10 },
  { name: 'Report Run', module: 'reports', popularity: 6 },
  { name: 'Task Created', module: 'tasks', popularity: 6 },
  { name: 'Comment Posted', module: 'collaboration', popularity: 5 },
  { name: 'Report Exported', module: 'reports', popularity: 3 },
  { name: 'Task Completed', module: 'tasks', popularity: 5 },
  { name: 'Board Shared', module: 'collaboration', popularity: 2 },
  { name: 'Integration Connected', module: 'integrations', popularity: 1 },
  { name: 'API Call', module: 'api', popularity: 3 },
  { name: 'Automation Run', module: 'automation', popularity: 2 },
];

export const COMPANY_FIRST = [
  'Northwind',
  'Bluepeak',
  'Copperleaf',
  'Silverline',
  'Redwood',
  'Brightwater',
  'Ironbridge',
  'Lumen',
  'Oakhurst',
  'Pinecrest',
  'Quartz',
  'Riverside',
  'Stonegate',
  'Summit',
  'Tidewell',
  'Vantage',
  'Westfield',
  'Harbor',
  'Meridian',
  'Keystone',
] as const;

export const COMPANY_SECOND = [
  'Labs',
  'Health',
  'Retail',
  'Logistics',
  'Capital',
  'Foods',
  'Media',
  'Systems',
  'Works',
  'Analytics',
  'Group',
  'Partners',
  'Studios',
  'Supply',
  'Energy',
] as const;

export const FIRST_NAMES = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemi',
  'Liam',
  'Mei',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tomás',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Zoe',
] as const;

export const LAST_NAMES = [
  'Adams',
  'Brown',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ito',
  'Jones',
  'Kim',
  'Lopez',
  'Martin',
  'Nguyen',
  'Okafor',
  'Patel',
  'Rossi',
  'Silva',
  'Tanaka',
  'Wang',
] as const;

export const CSM_TEAM = [
  'avery.csm@demo.example',
  'blake.csm@demo.example',
  'casey.csm@demo.example',
] as const;

export const TOUCHPOINT_SUMMARIES = {
  call: ['Check-in call with the champion', 'Call about the open support tickets', 'Renewal pre-call'],
  meeting: ['Roadmap session with the product team', 'Adoption workshop', 'Executive sponsor meeting'],
  email: ['Sent the monthly usage report', 'Shared best practices for reports', 'Followed up on training'],
  qbr: ['Quarterly business review'],
  note: ['New VP of Operations started', 'Budget freeze announced for next quarter', 'Asked about the API'],
} as const;

export const NPS_COMMENTS = {
  promoter: ['Reports save my team hours every week.', 'Great support and a product that keeps improving.'],
  passive: ['Does the job; the exports could be faster.', 'Good, but onboarding new colleagues takes time.'],
  detractor: ['Exports keep timing out on large reports.', 'Too expensive for how little we use it.'],
} as const;

// The Settings screen: one block per tab.
export default {
  title: 'Settings',
  readOnly: 'You can view these settings; only admins can change them.',
  tabs: {
    sources: 'Sources & write keys',
    features: 'Feature catalog',
    members: 'Members & roles',
    tokens: 'API tokens',
    webhook: 'Alert webhook',
    tiers: 'Tier names & colours',
  },
};

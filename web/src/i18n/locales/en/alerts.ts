// The alert inbox (`/alerts`) and the alert cards shown on account pages.
export default {
  title: 'Alerts',
  count: 'No alerts | 1 alert | {count} alerts',
  loadError: 'Could not load alerts',
  more: 'Load more',
  playbook: 'Playbook',
  noPlaybook: 'No playbook for this rule.',
  raised: 'Raised {when}',
  assignedTo: 'Assigned to {who}',
  unassigned: 'Unassigned',
  snoozedUntil: 'Snoozed until {when}',
  closedAt: 'Closed {when}',
  closeNote: 'Note: {note}',
  filters: {
    label: 'Filter alerts',
    status: 'Status',
    severity: 'Severity',
    rule: 'Rule',
    assignee: 'Assignee',
    any: 'Any',
    anyone: 'Anyone',
    mine: 'Assigned to me',
    unassigned: 'Unassigned',
    tier: 'Tier',
    segment: 'Segment',
    search: 'Account',
  },
  status: {
    open: 'Open',
    snoozed: 'Snoozed',
    closed: 'Closed',
  },
  severity: {
    critical: 'Critical',
    warning: 'Warning',
    info: 'Info',
  },
  actions: {
    label: 'Actions for {title}',
    assignMe: 'Assign to me',
    assign: 'Assign…',
    assignee: 'Assign to',
    save: 'Save',
    assignError: 'Could not assign the alert',
    snooze: 'Snooze',
    snoozeUntil: 'Snooze until',
    snoozeError: 'Could not snooze the alert',
    close: 'Close…',
    note: 'Closing note (optional)',
    confirmClose: 'Close alert',
    closeError: 'Could not close the alert',
  },
  view: {
    label: 'Show alerts as',
    list: 'List',
    cards: 'Cards',
  },
  list: {
    columns: {
      account: 'Account',
      tier: 'Tier',
      arr: 'ARR',
      renewal: 'Renewal',
      rule: 'Rule',
      severity: 'Severity',
      created: 'Age',
      assignee: 'Owner',
      status: 'Status',
    },
    selectAll: 'Select all alerts shown',
    select: 'Select {title}',
    ownerNotMember: 'Owner {email} is not a member',
    invite: 'Invite {email}',
    closePanel: 'Close panel',
  },
  bulk: {
    label: 'Act on the selected alerts',
    selected: 'No alert selected | 1 alert selected | {count} alerts selected',
    assign: 'Assign',
    snooze: 'Snooze:',
    presets: {
      '1d': '1 day',
      '1w': '1 week',
      renewal: 'Until renewal',
    },
    customDay: 'Snooze until day',
    snoozeCustom: 'Snooze until',
    close: 'Close selected',
    result: 'Updated {updated}, skipped {skipped}',
    failed: 'The action failed; nothing was changed.',
  },
  referrals: {
    title: 'Referral candidates',
    hint: 'Promoters (9–10) of the last 90 days whose account has no advocacy record yet: ask for a referral, a case study or a review.',
    empty: 'No promoter waiting for a referral ask.',
    loadError: 'Could not load referral candidates.',
    answer: '{who} answered {score}',
    contact: 'A contact',
  },
  empty: {
    title: 'No alerts here',
    body: 'Alerts are raised by the scoring run when a rule matches; try other filters.',
  },
  // Alert texts from the server's message keys and parameters (shared/alerts/messages.ts).
  msg: {
    listSep: ', ',
    text: '{text}',
    name: '{name}',
    andMore: 'and {n} more',
    tierGuidance: '{tier} tier: {guidance}',
    days: '{n} day | {n} days',
    minutes: '{n} min',
    tierDrop: {
      title: 'Tier dropped from {from} to {to} ({before} → {after})',
      detail:
        '{account} fell from {from} (score {before} on {beforeDay}) to {to} (score {after} on {afterDay}).',
    },
    weakest: 'Weakest measures: {list}.',
    measurePoints: '{measure} {points} points',
    scoreDrop: {
      title:
        'Score dropped {drop} points in {n} day ({peak} → {now}) | Score dropped {drop} points in {n} days ({peak} → {now})',
      detail:
        'Health score fell from {peak} on {peakDay} (its highest in the {n} days before {day}) to {now}; the rule fires at a drop of {points} points or more.',
      nowTier: 'The account is now {tier}.',
    },
    measureBelow: {
      titlePoints: '{measure} at {value} points, below {threshold}',
      detailPoints:
        '{measure} scores {value} of 100 points on {day}, below the threshold of {threshold} points.',
      detailPointsRaw:
        '{measure} scores {value} of 100 points (raw value {raw}) on {day}, below the threshold of {threshold} points.',
      titleRaw: '{measure} at {value}, below {threshold}',
      detailRaw: '{measure} is {value} on {day}, below the threshold of {threshold}.',
      detailRawPoints: '{measure} is {value} ({points} points) on {day}, below the threshold of {threshold}.',
      benchmark: 'The segment average is {value}.',
    },
    comparison: {
      segment: 'the segment average',
      platform: 'the platform average',
      platformPooled: 'the pooled platform rate',
    },
    shareOf: '{share} of {comparison}',
    periods: {
      day: '{n} period | {n} periods',
      week: '{n} week | {n} weeks',
      month: '{n} month | {n} months',
    },
    periodVersus: '{period} {value} vs {comparison}',
    periodValue: '{value} in {period}',
    meansNote: {
      week: 'Each week compares the means of the days scored in it.',
      month: 'Each month compares the means of the days scored in it.',
    },
    meanOf: {
      week: "Each week's value is the mean of its daily values.",
      month: "Each month's value is the mean of its daily values.",
    },
    pooledNote:
      'The pooled platform rate is the platform-wide total of the measure over its total paid seats.',
    belowAverage: {
      title: '{measure} below {line} for {periods} ({value} vs {comparison})',
      detail: '{measure} has been below {line} in each of the last {periods}: {list}.',
    },
    aboveAverage: {
      title: '{measure} at {line} for {periods} ({value} vs {comparison})',
      detail: '{account} has been at {line} in each of the last {periods}: {list}.',
      candidate: 'A candidate benchmark customer: a case study, a reference or a referral.',
      byRatio: '{ratio}× {comparison} or more',
      byDifference: '{difference} or more above {comparison}',
    },
    belowOwnAverage: {
      title: '{measure} below {ratio} of its own average for {periods} ({value} vs {baseline})',
      detail:
        '{measure} was {list}, against its own average of {baseline} over the {baselinePeriods} from {from}; the rule fires below {ratio} of that average.',
    },
    renewalDue: {
      title:
        'Renewal on {day} (today) while {tier} | Renewal on {day} (in {n} day) while {tier} | Renewal on {day} (in {n} days) while {tier}',
      detail:
        '{account} renews on {day}, today, and is {tier} with a health score of {score}. | {account} renews on {day}, in {n} day, and is {tier} with a health score of {score}. | {account} renews on {day}, in {n} days, and is {tier} with a health score of {score}.',
      owner: 'Account owner: {owner}.',
    },
    keyContact: {
      titleOne: 'Key contact deactivated: {name}',
      titleMany: '{n} key contacts deactivated: {names}',
      detail: 'Deactivated in {account}: {list}.',
      deactivatedOn: '{name} on {day}',
      movedOn: '{name} moved to another account on {day}',
    },
    championQuiet: {
      titleOne: 'Champion quiet for {n} days: {name}',
      titleMany: '{count} key people quiet for {n}+ days: {names}',
      detail: 'No activity in {account} from {list}.',
      since: '{name} since {day}',
    },
    staleData: {
      title: 'No data for {n} day (last event on {last}) | No data for {n} days (last event on {last})',
      detail:
        'No events have arrived from {account} since {last}, {days} before {day} (the rule fires after {after}). Usage-based measures are out of date until data returns.',
    },
    survey: {
      aContact: 'a contact',
      detractor: 'NPS detractor: {who} answered {score} of {max}',
      passive: 'NPS passive: {who} answered {score} of {max}, ask what would make it a 10',
      promoter: 'NPS promoter: {who} answered {score} of {max}, ask for a referral',
      highEffort: 'High effort: {who} rated customer effort {score} of {max}',
      scale: { ease: '{min}–{max} ease', difficulty: '{min}–{max} difficulty' },
      detail:
        '{contact} of {account} answered {score} on the {scale} scale of the survey "{survey}". Their comment: "{comment}"',
      detailNoComment:
        '{contact} of {account} answered {score} on the {scale} scale of the survey "{survey}". They left no comment.',
    },
  },
};

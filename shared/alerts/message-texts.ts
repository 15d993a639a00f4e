// The texts of alert messages (`alerts.msg.*`) in each language, in vue-i18n message syntax: `{name}` parameters
// and `a | b` plural forms chosen by the parameter `n`. The SPA mounts them under `alerts.msg`; the worker renders
// them for mail with `renderAlertMessage` (./render-message.ts). Chinese must have every English key.

/** The English alert message texts (the reference shape). */
export const ALERT_MESSAGE_TEXTS_EN = {
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
  pooledNote: 'The pooled platform rate is the platform-wide total of the measure over its total paid seats.',
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
};

/** A message catalogue of the same shape as the English one, every leaf a string. */
export type AlertMessageTexts<T = typeof ALERT_MESSAGE_TEXTS_EN> = {
  [K in keyof T]: T[K] extends string ? string : AlertMessageTexts<T[K]>;
};

/** The Chinese alert message texts. */
export const ALERT_MESSAGE_TEXTS_ZH = {
  listSep: '、',
  text: '{text}',
  name: '{name}',
  andMore: '另外 {n} 位',
  tierGuidance: '{tier}档指引：{guidance}',
  days: '{n} 天',
  minutes: '{n} 分钟',
  tierDrop: {
    title: '健康档位从{from}降至{to}（{before} → {after}）',
    detail: '{account} 从{from}（{beforeDay} 评分 {before}）降至{to}（{afterDay} 评分 {after}）。',
  },
  weakest: '最弱的指标：{list}。',
  measurePoints: '{measure} {points} 分',
  scoreDrop: {
    title: '{n} 天内评分下降 {drop} 分（{peak} → {now}）',
    detail:
      '健康评分从 {peakDay} 的 {peak}（{day} 之前 {n} 天内的最高值）降至 {now}；下降达到 {points} 分或以上时触发规则。',
    nowTier: '账户现为{tier}。',
  },
  measureBelow: {
    titlePoints: '{measure}为 {value} 分，低于 {threshold}',
    detailPoints: '{day}，{measure}得分 {value}（满分 100），低于阈值 {threshold} 分。',
    detailPointsRaw: '{day}，{measure}得分 {value}（满分 100，原始值 {raw}），低于阈值 {threshold} 分。',
    titleRaw: '{measure}为 {value}，低于 {threshold}',
    detailRaw: '{day}，{measure}为 {value}，低于阈值 {threshold}。',
    detailRawPoints: '{day}，{measure}为 {value}（{points} 分），低于阈值 {threshold}。',
    benchmark: '细分平均值为 {value}。',
  },
  comparison: {
    segment: '细分平均值',
    platform: '平台平均值',
    platformPooled: '平台汇总比率',
  },
  shareOf: '{comparison}的 {share}',
  periods: {
    day: '{n} 个周期',
    week: '{n} 周',
    month: '{n} 个月',
  },
  periodVersus: '{period} {value} 对比 {comparison}',
  periodValue: '{period} {value}',
  meansNote: {
    week: '每周比较的是该周内各评分日的平均值。',
    month: '每月比较的是该月内各评分日的平均值。',
  },
  meanOf: {
    week: '每周的值是其每日值的平均值。',
    month: '每月的值是其每日值的平均值。',
  },
  pooledNote: '平台汇总比率是该指标的全平台总量除以全部付费席位。',
  belowAverage: {
    title: '{measure}连续 {periods}低于{line}（{value} 对比 {comparison}）',
    detail: '最近 {periods}中，{measure}每期都低于{line}：{list}。',
  },
  aboveAverage: {
    title: '{measure}连续 {periods}达到{line}（{value} 对比 {comparison}）',
    detail: '最近 {periods}中，{account} 每期都达到{line}：{list}。',
    candidate: '标杆客户候选：可做案例研究、参考客户或转介绍。',
    byRatio: '{comparison}的 {ratio} 倍或以上',
    byDifference: '比{comparison}高出 {difference} 或以上',
  },
  belowOwnAverage: {
    title: '{measure}连续 {periods}低于自身平均值的 {ratio}（{value} 对比 {baseline}）',
    detail:
      '{measure}为 {list}，而自 {from} 起 {baselinePeriods}的自身平均值为 {baseline}；低于该平均值的 {ratio} 时触发规则。',
  },
  renewalDue: {
    title:
      '今天（{day}）续约，当前为{tier} | {day} 续约（{n} 天后），当前为{tier} | {day} 续约（{n} 天后），当前为{tier}',
    detail:
      '{account} 今天（{day}）续约，当前为{tier}，健康评分 {score}。 | {account} 将于 {day}（{n} 天后）续约，当前为{tier}，健康评分 {score}。 | {account} 将于 {day}（{n} 天后）续约，当前为{tier}，健康评分 {score}。',
    owner: '账户负责人：{owner}。',
  },
  keyContact: {
    titleOne: '关键联系人已停用：{name}',
    titleMany: '{n} 位关键联系人已停用：{names}',
    detail: '{account} 中已停用：{list}。',
    deactivatedOn: '{name}（{day}）',
    movedOn: '{name} 于 {day} 转到其他账户',
  },
  championQuiet: {
    titleOne: '倡导者 {n} 天无活动：{name}',
    titleMany: '{count} 位关键人员 {n} 天以上无活动：{names}',
    detail: '{account} 中以下人员无活动：{list}。',
    since: '{name}（自 {day} 起）',
  },
  staleData: {
    title: '{n} 天无数据（最后事件于 {last}）',
    detail:
      '自 {last} 起没有收到 {account} 的任何事件，距 {day} 已 {days}（规则在 {after}后触发）。在数据恢复前，基于使用量的指标已过时。',
  },
  survey: {
    aContact: '一位联系人',
    detractor: 'NPS 贬损者：{who} 打了 {score} 分（满分 {max}）',
    passive: 'NPS 被动者：{who} 打了 {score} 分（满分 {max}），问问怎样才能得到 10 分',
    promoter: 'NPS 推荐者：{who} 打了 {score} 分（满分 {max}），请求转介绍',
    highEffort: '费力度高：{who} 的客户费力度评分为 {score}（满分 {max}）',
    scale: { ease: '{min}–{max} 容易度', difficulty: '{min}–{max} 困难度' },
    detail: '{account} 的 {contact} 在调研“{survey}”中按 {scale} 量表打了 {score} 分。评论：“{comment}”',
    detailNoComment: '{account} 的 {contact} 在调研“{survey}”中按 {scale} 量表打了 {score} 分，未留下评论。',
  },
} satisfies AlertMessageTexts;

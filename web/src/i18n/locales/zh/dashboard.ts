import type { Messages } from '../../types';
import type en from '../en/dashboard';

export default {
  title: '仪表盘',
  period: '最近评分 {period} · 统计自 {from}',
  loadError: '无法加载仪表盘',
  filters: {
    label: '仪表盘筛选',
    segment: '客户分群',
    allSegments: '全部分群',
    owner: '负责的 CSM',
    allOwners: '全部负责人',
    mine: '我的客户',
    window: '时间范围',
    days: '最近 {days} 天',
    change: '变动统计周期',
    changeDays: '最近 {days} 天',
  },
  tiers: {
    title: '各健康等级的客户',
    chartLabel: '各健康等级客户数的条形图',
    tier: '等级',
    accounts: '客户数',
    arr: 'ARR',
    total: '合计',
  },
  histogram: {
    title: '分数分布',
    chartLabel: '按 10 分区间统计的健康分直方图',
    empty: '没有已评分的客户。',
  },
  tierHistory: {
    title: '等级随时间变化',
    chartLabel: '每个评分周期各等级客户数的堆叠面积图',
    few: '积累几个评分周期后即可看到趋势。',
  },
  charts: {
    tierLine: '{tier}：{count} 个客户，{arr}',
    bucketLine: '分数 {range}：{count}',
    historyLine: '{period}：{counts}',
  },
  tierSkew: {
    title: '几乎所有客户都在同一个等级',
    all: '最近一次评分得出等级的 {scored} 个客户中，{share} 为「{tier}」。',
    segment: '在「{segment}」中，最近一次评分得出等级的 {scored} 个客户中，{share} 为「{tier}」。',
    advice:
      '把几乎所有客户都归入同一等级的模型无法区分风险，客户组合看起来健康，实际未必如此。请检查模型的指标、权重和等级阈值。',
    review: 'API 参考中的模型与分群',
    askAdmin: '管理员可以检查模型。',
  },
  movers: {
    title: '变化最大的客户',
    up: '上升',
    down: '下降',
    none: '此期间没有分数变化。',
  },
  transitions: {
    title: '赢回与挽救',
    wins: '赢回：{count} · {arr}',
    saves: '挽救：{count} · {arr}',
    winsNone: '此期间没有客户从黄色升为绿色。',
    savesNone: '此期间没有客户从红色升为黄色或绿黄色。',
    rules: '每个客户只计一次；{days} 天内回落的变化不计。',
    move: '{from} → {to}',
  },
  renewals: {
    title: '未来 90 天内续约',
    none: '未来 90 天内没有到期续约。',
    group: '{count} 个客户 · {arr}',
    more: '另有 {count} 个',
  },
  backfill: {
    run: '回填历史',
    running: '回填中…',
    hint: '按从早到晚的顺序，为每个有使用数据但没有评分的过去日期按当日评分。',
    daysLabel: '回溯天数',
    days: '最近 {days} 天',
    progressLabel: '回填进度',
    progress: '已评分 {done} / {total} 天（当前 {day}）',
    done: '完成：已评分 {total} 天。',
    nothing: '无需回填：每个有使用数据的日期都已有评分。',
    failed: '回填在完成 {done} / {total} 天后停止：{error}',
    error: '无法回填历史',
  },
  scoring: {
    run: '立即评分',
    running: '评分中…',
    progressLabel: '评分进度',
    progress: '已评分 {done} / {total} 个客户',
    done: '完成：已评分 {done} / {total} 个客户。',
    doneWithFailures: '完成：{done} / {total} 个客户，{failed} 个失败。',
    failed: '评分在完成 {done} / {total} 个客户后失败。',
    error: '无法运行评分',
  },
  empty: {
    noAccounts: {
      title: '还没有客户',
      body: 'Keepwell 为你的产品上报的客户评分。三步即可看到第一个仪表盘：',
    },
    noScores: {
      title: '客户数据已到达，但尚未评分',
      body: '评分每天运行一次。立即运行即可看到第一批健康分：',
    },
    steps: {
      source: {
        title: '1. 添加数据源',
        body: '数据源为你的产品提供写入密钥。',
        link: '添加数据源',
      },
      events: {
        title: '2. 发送事件',
        body: '为每个客户发送 group 调用，并在用户使用产品时发送 track 调用；详见 README。',
      },
      scoring: {
        title: '3. 运行评分',
        body: '评分每天自动运行；立即运行可马上看到分数。',
        askAdmin: '评分每天自动运行；管理员也可以立即运行。',
      },
    },
  },
} satisfies Messages<typeof en>;

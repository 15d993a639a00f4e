import type { Messages } from '../../types';
import type en from '../en/accounts';

export default {
  title: '客户',
  total: '没有客户 | 1 个客户 | {count} 个客户',
  export: '导出 CSV',
  loadError: '无法加载客户',
  filters: {
    label: '筛选客户',
    search: '搜索',
    searchPlaceholder: '名称或外部 ID',
    segment: '客户分群',
    owner: '负责的 CSM',
    stage: '生命周期阶段',
    tier: '等级',
    any: '不限',
    mine: '我的客户',
    clear: '清除筛选',
    change: '分数变化周期',
    changeDays: '最近 {days} 天',
  },
  columns: {
    account: '客户',
    tier: '等级',
    score: '分数',
    change: '变化',
    segment: '分群',
    stage: '阶段',
    owner: '负责人',
    arr: 'ARR',
    renewal: '续约日',
    lastSeen: '最近活跃',
  },
  sort: {
    sortable: '按{column}排序',
    sortedAsc: '{column}，升序；更改排序',
    sortedDesc: '{column}，降序；更改排序',
  },
  stages: {
    onboarding: '上线期',
    growth: '成长期',
    maturity: '成熟期',
    renewal: '续约期',
    churned: '已流失',
  },
  empty: {
    noMatch: '没有符合筛选条件的客户。',
    none: '还没有客户。',
    noneBody: '产品使用写入密钥发送 group 调用后，客户就会出现在这里；详见 README。',
  },
} satisfies Messages<typeof en>;

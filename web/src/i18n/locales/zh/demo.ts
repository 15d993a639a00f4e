// 演示工作区：空仪表盘上的"加载演示数据"，加载后的"移除演示数据"。
export default {
  offer: {
    title: '用演示数据体验',
    body: '"加载演示数据"会用一家虚构公司的数据填充此工作区：约 300 个客户、200 天的产品使用数据、合同与续约、工单、问卷回答和健康分历史。这些数据带有演示标记，可一键移除，绝不会影响您自己的数据。',
    load: '加载演示数据',
    loading: '正在加载演示数据…',
    keepOpen: '请保持此页面打开直到完成（约两分钟）。',
  },
  phase: {
    events: '正在通过 SDK 发送产品使用数据：{done} / {total} 个事件',
    rollups: '正在存储事件：{done} / {total}',
    records: '正在记录合同、工单、线索和客户推荐',
    history: '正在为过去的日期评分：{done} / {total}',
    scoring: '正在为今天评分',
  },
  progressLabel: '演示数据加载进度',
  loaded: {
    title: '此工作区包含演示数据',
    body: '{count} 个来自演示的虚构客户。在发送您自己的数据之前请将其移除，或继续体验。',
    remove: '移除演示数据',
    removing: '正在移除演示数据…',
  },
  removed: '演示数据已移除：{count} 个客户。',
  loadError: '无法加载演示数据',
  removeError: '无法移除演示数据',
};

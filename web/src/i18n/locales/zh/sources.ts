import type { Messages } from '../../types';
import type en from '../en/sources';

// 发送事件：空仪表盘和“设置 → 数据源”中的代码片段。
export default {
  snippets: {
    label: '发送事件的方式',
    source: '数据源',
    tabs: {
      curl: 'curl',
      segmentNode: 'Segment（Node）',
      segmentBrowser: 'Segment（浏览器）',
      rudderNode: 'RudderStack（Node）',
      rudderBrowser: 'RudderStack（浏览器）',
      sdk: 'Keepwell SDK',
      pixel: '像素',
    },
    hints: {
      curl: '一个请求包含 group、identify 和 track 调用：最快的测试方式。',
      segmentNode: '已在使用 @segment/analytics-node？保留现有调用，把 host 指向 Keepwell 即可。',
      segmentBrowser:
        '已在使用 Analytics.js（@segment/analytics-next）？保留现有调用，把 Segment.io 目标指向 Keepwell 即可。',
      rudderNode: '已在使用 RudderStack？保留现有调用，把 dataPlaneUrl 设为 Keepwell 即可。',
      rudderBrowser: '使用 RudderStack JavaScript SDK，以 Keepwell 作为数据平面。',
      sdk: '无需安装：本 Keepwell 自带 SDK（小于 5 KB），粘贴到你的页面即可。',
      pixel: '无需 JavaScript（邮件、受限页面）：一张记录一次活动的图片。',
    },
    placeholder: '请将 YOUR_WRITE_KEY 替换为数据源的写入密钥：只有管理员可以查看写入密钥。',
    notKept:
      '此数据源的写入密钥创建于 Keepwell 保存密钥之前，无法再次显示：请使用你保存的密钥，或新建一个数据源。',
    loadFailed: '无法加载写入密钥',
  },
} satisfies Messages<typeof en>;

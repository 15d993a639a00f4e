import type { Messages } from '../../types';
import type en from '../en/settings';

export default {
  title: '设置',
  readOnly: '你可以查看这些设置；只有管理员可以修改。',
  tabs: {
    sources: '数据源与写入密钥',
    features: '功能目录',
    members: '成员与角色',
    tokens: 'API 令牌',
    webhook: '告警 Webhook',
    tiers: '健康等级名称与颜色',
  },
} satisfies Messages<typeof en>;

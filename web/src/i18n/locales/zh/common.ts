import type { Messages } from '../../types';
import type en from '../en/common';

export default {
  appName: 'Keepwell',
  skipToContent: '跳到主要内容',
  nav: {
    label: '主导航',
    dashboard: '仪表盘',
    accounts: '客户',
    metrics: '指标',
    alerts: '告警',
    settings: '设置',
    collapse: '收起菜单',
    expand: '展开菜单',
  },
  user: {
    menu: '{name} 的账户菜单',
    password: '修改密码',
    signOut: '退出登录',
    role: '角色：{role}',
  },
  locale: {
    label: '语言',
  },
  roles: {
    admin: '管理员',
    csm: '客户成功经理',
    viewer: '只读成员',
  },
  actions: {
    retry: '重试',
    save: '保存',
    cancel: '取消',
    copy: '复制',
    copied: '已复制',
    copyFailed: '无法复制，请手动选中文本复制。',
    create: '创建',
    delete: '删除',
    revoke: '撤销',
    edit: '编辑',
    close: '关闭',
    confirm: '确认',
    back: '返回',
  },
  status: {
    loading: '加载中…',
    saving: '保存中…',
    saved: '已保存',
  },
  error: {
    title: '出错了',
    requestId: '请求 ID',
    requestIdHint: '反馈问题时请提供此 ID。',
    chunk: '页面加载失败，请刷新重试。',
    sessionExpired: '会话已结束，请重新登录。',
  },
  notSet: '未设置',
  never: '从未',
  tier: {
    unscored: '未评分',
  },
  notFound: {
    title: '页面不存在',
    body: '{path} 没有内容。',
    home: '返回首页',
  },
  forbidden: {
    title: '你的角色无权访问',
    body: '如需访问此页面，请联系管理员。',
  },
  title: '{page} · Keepwell',
} satisfies Messages<typeof en>;

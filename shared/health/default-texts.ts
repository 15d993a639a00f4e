import { DEFAULT_MODEL } from './defaults';
import { DEFAULT_DIMENSIONS, DEFAULT_TIERS, type TierConfig } from './model';

/**
 * The default model's names in Chinese: tiers (name and guidance), dimensions and measures by key. The model's
 * own texts stay English (stored with each model version); a client shows these where a tier, dimension or
 * measure still has its default English text, so a renamed one keeps the name an admin gave it.
 * @example DEFAULT_TEXTS_ZH.tiers.red.label // '红色'
 */
export const DEFAULT_TEXTS_ZH = {
  tiers: {
    green: { label: '绿色', guidance: '健康：寻找扩展、转介绍和案例研究的机会。' },
    'green-yellow': { label: '黄绿色', guidance: '基本健康：推动他们采用尚未使用的功能。' },
    yellow: { label: '黄色', guidance: '有风险：预约一次沟通，找出阻碍，商定采用计划。' },
    red: { label: '红色', guidance: '严重：升级处理，约见发起人，执行挽救行动手册。' },
  } as Record<string, { label: string; guidance: string } | undefined>,
  dimensions: {
    usage: '使用',
    outcomes: '业务成果',
    satisfaction: '满意度',
    support: '支持',
    relationship: '关系',
  } as Record<string, string | undefined>,
  measures: {
    activeUsers7d: '近 7 天活跃用户（对比自身 8 周基线）',
    events7d: '近 7 天事件数（对比自身 8 周基线）',
    activeUsers14d: '近 14 天活跃用户（对比自身 8 周基线）',
    daysSinceActivity: '距最近一次活跃的天数',
    activeSeats: '活跃用户 ÷ 购买席位（30 天）',
    stickiness: '粘性：日活 ÷ 月活（30 天）',
    coreFeatureUsage: '已使用的核心功能（30 天）',
    nps: 'NPS（180 天）',
    csat: 'CSAT（180 天）',
    csmRating: 'CSM 评分',
  } as Record<string, string | undefined>,
};

const DEFAULT_TIER_BY_KEY = new Map(DEFAULT_TIERS.map((t) => [t.key, t]));
const DEFAULT_DIMENSION_LABELS = new Map(DEFAULT_DIMENSIONS.map((d) => [d.key, d.label]));
const DEFAULT_MEASURE_LABELS = new Map(DEFAULT_MODEL.measures.map((m) => [m.key, m.label]));

/**
 * A tier's Chinese name and guidance: those of the default tier with its key, each only while the tier's
 * English text is still the default one (a renamed tier has no translation).
 * @example tierTextsZh({ key: 'red', label: 'Red', minScore: 0 }).label // '红色'
 */
export function tierTextsZh(tier: Pick<TierConfig, 'key' | 'label' | 'guidance'>): {
  label?: string;
  guidance?: string;
} {
  const def = DEFAULT_TIER_BY_KEY.get(tier.key);
  const zh = DEFAULT_TEXTS_ZH.tiers[tier.key];
  if (!def || !zh) return {};
  return {
    label: (tier.label ?? tier.key) === (def.label ?? def.key) ? zh.label : undefined,
    guidance: tier.guidance?.trim() === def.guidance ? zh.guidance : undefined,
  };
}

/**
 * The Chinese name of a default dimension or measure whose English label is still the default one.
 * @example defaultLabelZh('dimension', 'usage', 'Usage') // '使用'
 */
export function defaultLabelZh(
  of: 'dimension' | 'measure',
  key: string,
  label: string | undefined,
): string | undefined {
  const defaults = of === 'dimension' ? DEFAULT_DIMENSION_LABELS : DEFAULT_MEASURE_LABELS;
  const zh = of === 'dimension' ? DEFAULT_TEXTS_ZH.dimensions[key] : DEFAULT_TEXTS_ZH.measures[key];
  if (!zh || !defaults.has(key)) return undefined;
  return label === undefined || label === defaults.get(key) || label === key ? zh : undefined;
}

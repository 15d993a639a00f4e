import type { GlobalThemeOverrides } from 'naive-ui';

// Naive UI theme overrides: the accent and shape of web/src/styles.css, so components and plain markup match.
// The accent passes WCAG AA (4.5:1) for text on white; the dark accent on the dark surface.

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Light theme overrides. */
export const lightOverrides: GlobalThemeOverrides = {
  common: {
    primaryColor: '#2456c9',
    primaryColorHover: '#1d49ad',
    primaryColorPressed: '#183c8f',
    primaryColorSuppl: '#2456c9',
    errorColor: '#a4161a',
    borderRadius: '6px',
    fontFamily: FONT,
    fontSize: '15px',
    heightMedium: '40px',
  },
};

/** Dark theme overrides. */
export const darkOverrides: GlobalThemeOverrides = {
  common: {
    ...lightOverrides.common,
    primaryColor: '#7aa2ff',
    primaryColorHover: '#93b4ff',
    primaryColorPressed: '#5f8bf0',
    primaryColorSuppl: '#7aa2ff',
    errorColor: '#ffb3b3',
  },
};

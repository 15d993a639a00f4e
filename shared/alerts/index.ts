export * from './default-texts';
export * from './evaluate';
export * from './messages';
export * from './rules';
export * from './survey';
export * from './webhook';

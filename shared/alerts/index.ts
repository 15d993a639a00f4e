export * from './evaluate';
export * from './rules';
export * from './survey';
export * from './webhook';

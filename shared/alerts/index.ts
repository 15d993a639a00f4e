export * from './evaluate';
export * from './rules';
export * from './webhook';

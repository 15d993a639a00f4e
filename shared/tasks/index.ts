export * from './due';
export * from './kinds';

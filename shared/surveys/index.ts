export * from './accounts';
export * from './scores';
export * from './token';
export * from './types';

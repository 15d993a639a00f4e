export * from './apportion';
export * from './auc';
export * from './backtest';
export * from './calibrate';
export * from './folds';
export * from './logistic';
export * from './matrix';
export * from './outcomes';

export * from './content';
export * from './limits';
export * from './messages';
export * from './normalize';
export * from './pack';
export * from './traits';

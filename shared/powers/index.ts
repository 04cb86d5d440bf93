export * from './rules';
export * from './schema';
export * from './status';
export * from './validate';

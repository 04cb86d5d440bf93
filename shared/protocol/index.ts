export * from './live';
export * from './events';

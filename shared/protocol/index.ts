export * from './live';
export * from './events';
export * from './decisionLog';

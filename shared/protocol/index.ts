export * from './live';
export * from './events';
export * from './versions';
export * from './accounts';
export * from './decisionLog';
export * from './sync';
export * from './exports';
export * from './auditFollow';

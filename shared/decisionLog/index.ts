export * from './schema';
export * from './hash';
export * from './verify';
export * from './export';
export * from './append';
export * from './print';

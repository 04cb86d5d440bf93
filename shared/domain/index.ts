export * from './enums';
export * from './schemas';
export * from './ids';
export * from './strength';
export * from './cordonCrossing';

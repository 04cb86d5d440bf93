export * from './bng';
export * from './goTo';
export * from './measure';

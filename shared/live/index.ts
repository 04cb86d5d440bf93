/**
 * The live model the command server and the control room's screen share: live units and feeds, freshness tiers,
 * filters, grouping by organisation, the device-to-planned-unit rule and the prepared area index. What both sides
 * judge is decided here once; neither side keeps a second implementation.
 */
export * from './liveUnit';
export * from './freshness';
export * from './filters';
export * from './grouping';
export * from './plannedUnit';
export * from './areas';

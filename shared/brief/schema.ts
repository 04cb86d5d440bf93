/**
 * The briefing model lives in shared/domain/briefing.ts (an operation stores its briefing, and shared/domain imports
 * nothing above it); re-exported here for the brief code that has always imported it from this path.
 */
export * from '../domain/briefing';

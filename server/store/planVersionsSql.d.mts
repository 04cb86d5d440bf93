// Types of planVersionsSql.mjs.
export const PLAN_VERSIONS_SCHEMA: string;
export const PLAN_VERSION_WRITES: Record<'insertPlanVersion' | 'insertPlanApproval', string>;
export const PLAN_VERSION_READS: Record<'lastVersion' | 'versions' | 'version' | 'approvals', string>;

/**
 * Plan versions and the operation list over a command-server connection: typed requests whose answers are parsed
 * with the protocol's schemas (shared/protocol/versions.ts) like everything else the server sends.
 */
import { z } from 'zod';
import { OperationBundle } from '../../shared/domain';
import { OperationSummary, PlanVersionInfo } from '../../shared/protocol';
import type { Result } from '../../shared/util/result';
import type { LiveConnection } from './liveClient';

const Published = z.object({ operationId: z.string(), version: z.number().int().min(1) });
const VersionWithPlan = z.object({ info: PlanVersionInfo, plan: OperationBundle });
export type VersionWithPlan = z.infer<typeof VersionWithPlan>;

export function publishVersion(c: LiveConnection, plan: OperationBundle, note: string): Promise<Result<{ operationId: string; version: number }>> {
  return c.ask('plan:publish', { plan, note }, Published, 'the version was not published');
}

export function approveVersion(c: LiveConnection, operationId: string, version: number): Promise<Result<PlanVersionInfo>> {
  return c.ask('plan:approve', { operationId, version }, PlanVersionInfo, 'the version was not approved');
}

export function listVersions(c: LiveConnection, operationId: string): Promise<Result<PlanVersionInfo[]>> {
  return c.ask('plan:versions', { operationId }, z.array(PlanVersionInfo), 'the version history was not read');
}

export function getVersion(c: LiveConnection, operationId: string, version: number): Promise<Result<VersionWithPlan>> {
  return c.ask('plan:version', { operationId, version }, VersionWithPlan, `version ${version} was not read`);
}

export function listOperations(c: LiveConnection): Promise<Result<OperationSummary[]>> {
  return c.ask('operations:list', {}, z.array(OperationSummary), 'the list of operations was not read');
}

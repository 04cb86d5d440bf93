/**
 * Published plan versions on the server: "publish version N" (stored, durable, then put in force: the hub measures
 * positions against it, the simulator follows it, subscribers get the plan and a `version` notice), approval by a
 * commander, the version history, and the operations a user may pick in Live with their latest and approved versions.
 *
 * The version is stored before anything else happens, so a planner is told "v7" only once v7 cannot be lost. Who
 * published or approved is the authenticated user the socket's token names, never a name typed at the screen.
 */
import type { OperationBundle } from '../shared/domain';
import { approvedVersionOf, type OperationSummary, type PlanVersionInfo, type VersionNotice } from '../shared/protocol';
import type { Result } from '../shared/util/result';
import type { Hub } from './hub';
import { mayWatch, type Identity } from './operationAccess';
import type { Store } from './store/types';
import { errorMessage, type Logger } from './util';

export interface VersionServiceDeps {
  hub: Hub;
  store: Store;
  log: Logger;
  now: () => number;
  /** Sends a notice to the subscribers of an operation on this process. */
  notify: (notice: VersionNotice) => void;
}

export class VersionService {
  constructor(private readonly d: VersionServiceDeps) {}

  /** Puts every operation's latest version number in force for its plan-vs-actual alerts (at start). */
  async load(): Promise<void> {
    for (const rec of await this.d.store.operations()) {
      const last = (await this.d.store.versions.list(rec.id)).at(-1);
      if (last) this.d.hub.setPlanVersion(rec.id, last.version);
    }
  }

  async publish(plan: OperationBundle, note: string, by: string): Promise<Result<{ operationId: string; version: number }>> {
    const operationId = plan.operation.id;
    let info: PlanVersionInfo;
    try {
      info = await this.d.store.versions.publish({ operationId, plan, publishedBy: by, note, atMs: this.d.now() });
    } catch (e) {
      this.d.log(`could not store a version of ${operationId}: ${errorMessage(e)}`);
      return { ok: false, error: `not stored: the version was not saved (${errorMessage(e)})` };
    }
    this.d.hub.setPlanVersion(operationId, info.version);
    const r = await this.d.hub.publishPlan(plan);
    if (!r.ok) return r;
    this.d.notify({ operationId, change: 'published', version: info });
    this.d.log(`${plan.operation.name} (${operationId}) v${info.version} published by ${by}${note ? `: ${note}` : ''}`);
    return { ok: true, value: { operationId, version: info.version } };
  }

  async approve(operationId: string, version: number, by: string, rank?: string): Promise<Result<PlanVersionInfo>> {
    if (!(await this.d.store.versions.get(operationId, version))) return { ok: false, error: `operation ${operationId} has no version ${version}` };
    const info = await this.d.store.versions.approve({ operationId, version, approvedBy: by, ...(rank ? { rank } : {}), atMs: this.d.now() });
    this.d.notify({ operationId, change: 'approved', version: info });
    this.d.log(`${operationId} v${version} approved by ${rank ? `${rank} ` : ''}${by}`);
    return { ok: true, value: info };
  }

  async list(who: Identity, operationId: string): Promise<Result<PlanVersionInfo[]>> {
    const versions = await this.d.store.versions.list(operationId);
    // An operation never published has no members yet: the socket gate let through only someone who may publish it.
    if (versions.length > 0 && !mayWatch(who, operationId)) return { ok: false, error: `forbidden: you may not watch ${operationId}` };
    return { ok: true, value: versions };
  }

  async get(who: Identity, operationId: string, version: number): Promise<Result<{ info: PlanVersionInfo; plan: OperationBundle }>> {
    if (!mayWatch(who, operationId)) return { ok: false, error: `forbidden: you may not watch ${operationId}` };
    const got = await this.d.store.versions.get(operationId, version);
    return got ? { ok: true, value: got } : { ok: false, error: `operation ${operationId} has no version ${version}` };
  }

  /** What a snapshot says about versions: the latest, and the newest approved one when that is older. */
  async snapshotVersions(operationId: string): Promise<{ planVersion?: PlanVersionInfo; approvedVersion?: PlanVersionInfo }> {
    const versions = await this.d.store.versions.list(operationId);
    const latest = versions.at(-1);
    const approved = approvedVersionOf(versions);
    return { ...(latest ? { planVersion: latest } : {}), ...(approved && approved !== latest ? { approvedVersion: approved } : {}) };
  }

  /** The operations this user may watch, newest plan first by name. */
  async operations(who: Identity): Promise<OperationSummary[]> {
    const out: OperationSummary[] = [];
    for (const rec of await this.d.store.operations()) {
      if (!mayWatch(who, rec.id)) continue;
      const versions = await this.d.store.versions.list(rec.id);
      const latest = versions.at(-1);
      // A shared operation never published (sync, issue 11) is named by its working copy's operation row.
      const shared = latest || this.d.hub.planOf(rec.id) ? null : await this.d.store.sync.row(rec.id, 'operations', rec.id);
      const name = latest?.operationName ?? this.d.hub.planOf(rec.id)?.operation.name ?? (typeof shared?.name === 'string' ? shared.name : rec.id);
      out.push({ id: rec.id, name, state: rec.state, latestVersion: latest?.version ?? null, approvedVersion: approvedVersionOf(versions)?.version ?? null });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }
}

/**
 * Published plan versions over the socket: a planner publishes "version N" (answered once stored), a commander
 * approves it (recorded by authenticated name, rank and time), subscribers hear of both, snapshots and the operation
 * list say which version is in force and which is approved, and plan-vs-actual alerts name the version they were
 * judged against.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, OperationSummary, PlanVersionInfo, Snapshot, VersionNotice } from '../shared/protocol';
import { demoOperation, DEMO_OPERATION_ID, frame } from './demo/demoOperation';
import { collectDeltas, DEV_TOKENS, report, request, serverPerTest, startTestServer, tempDir, waitFor } from './testing';

const t = serverPerTest();
const kingfisher = () => {
  const p = demoOperation();
  return { ...p, operation: { ...p.operation, id: 'op-kingfisher', name: 'Operation Kingfisher' } };
};

describe('plan versions', () => {
  it('numbers each publish, records who and the note, and tells subscribers; a new subscriber’s snapshot names the version', async () => {
    t.server = await startTestServer();
    const planner = await t.open(DEV_TOKENS.planner, { userName: 'Typed Name' });
    const viewer = await t.open(DEV_TOKENS.viewer);
    const notices: VersionNotice[] = [];
    viewer.on('version', (n) => notices.push(n));
    expect((await request(viewer, 'subscribe', { operationId: 'op-kingfisher' })).ok).toBe(true);

    expect(await request(planner, 'plan:publish', { plan: kingfisher(), note: 'First cut for the briefing' })).toEqual({
      ok: true,
      value: { operationId: 'op-kingfisher', version: 1 },
    });
    expect(await request(planner, 'plan:publish', { plan: kingfisher() })).toEqual({ ok: true, value: { operationId: 'op-kingfisher', version: 2 } });
    await waitFor(() => notices.length === 2, 3000, 'two version notices');
    expect(notices.map((n) => [n.change, n.version.version])).toEqual([
      ['published', 1],
      ['published', 2],
    ]);
    // The authenticated user (the token's configured name), never the name typed at the screen.
    expect(notices[0]!.version).toMatchObject({ publishedBy: 'Dev planner', note: 'First cut for the briefing', operationName: 'Operation Kingfisher' });

    const list = await request<PlanVersionInfo[]>(viewer, 'plan:versions', { operationId: 'op-kingfisher' });
    expect(list.ok && list.value.map((v) => [v.version, v.note])).toEqual([
      [1, 'First cut for the briefing'],
      [2, ''],
    ]);
    const v1 = await request<{ info: PlanVersionInfo; plan: { operation: { name: string } } }>(viewer, 'plan:version', {
      operationId: 'op-kingfisher',
      version: 1,
    });
    expect(v1.ok && v1.value.plan.operation.name).toBe('Operation Kingfisher');
    expect(await request(viewer, 'plan:version', { operationId: 'op-kingfisher', version: 9 })).toEqual({
      ok: false,
      error: 'operation op-kingfisher has no version 9',
    });

    const late = await t.open(DEV_TOKENS.controller);
    const snap = await request<Snapshot>(late, 'subscribe', { operationId: 'op-kingfisher' });
    expect(snap.ok && snap.value.planVersion?.version).toBe(2);
    expect(snap.ok && snap.value.plan?.operation.name).toBe('Operation Kingfisher');
  });

  it('lets only a commander approve, records name, rank and time, and lists operations with latest and approved versions', async () => {
    t.server = await startTestServer();
    const planner = await t.open(DEV_TOKENS.planner);
    const commander = await t.open(DEV_TOKENS.commander);
    const viewer = await t.open(DEV_TOKENS.viewer);
    await request(planner, 'plan:publish', { plan: kingfisher(), note: 'v1' });
    expect(await request(planner, 'plan:approve', { operationId: 'op-kingfisher', version: 1 })).toEqual({
      ok: false,
      error: 'forbidden: the planner role may not send plan:approve',
    });
    expect(await request(commander, 'plan:approve', { operationId: 'op-kingfisher', version: 4 })).toEqual({
      ok: false,
      error: 'operation op-kingfisher has no version 4',
    });

    const before = Date.now();
    const approved = await request<PlanVersionInfo>(commander, 'plan:approve', { operationId: 'op-kingfisher', version: 1 });
    expect(approved.ok && approved.value).toMatchObject({ version: 1, approvedBy: 'Dev commander', approvedRank: 'Supt' });
    expect(approved.ok && Date.parse(approved.value.approvedAt!)).toBeGreaterThanOrEqual(before - 1000);

    await request(planner, 'plan:publish', { plan: kingfisher(), note: 'v2' });
    const ops = await request<OperationSummary[]>(viewer, 'operations:list', {});
    expect(ops.ok && ops.value.find((o) => o.id === 'op-kingfisher')).toEqual({
      id: 'op-kingfisher',
      name: 'Operation Kingfisher',
      state: 'open',
      latestVersion: 2,
      approvedVersion: 1,
    });
    // A subscriber learns the latest (unapproved) version and the approved one it replaces.
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: 'op-kingfisher' });
    expect(snap.ok && [snap.value.planVersion?.version, snap.value.planVersion?.approvedBy, snap.value.approvedVersion?.version]).toEqual([2, undefined, 1]);
  });

  it('stamps plan-vs-actual alerts with the version they were judged against', async () => {
    t.server = await startTestServer();
    const planner = await t.open(DEV_TOKENS.planner);
    const viewer = await t.open(DEV_TOKENS.viewer);
    const deltas = collectDeltas(viewer);
    await request(viewer, 'subscribe', { operationId: DEMO_OPERATION_ID });
    await request(planner, 'plan:publish', { plan: demoOperation(), note: 'v1' });
    await request(planner, 'plan:publish', { plan: demoOperation(), note: 'v2' });
    const feed = await t.open(DEV_TOKENS.feed);
    const [lon, lat] = frame(-500, -300);
    await request(feed, 'positions', { operationId: DEMO_OPERATION_ID, positions: [report('cx23-01', { callSign: 'CX23-01', groupId: 'CX23', lon, lat })] });
    const alert: Alert = await waitFor(() => deltas.flatMap((d) => d.alerts).find((a) => a.kind === 'outOfSector'), 3000, 'out of sector');
    expect(alert.planVersion).toBe(2);
  });

  it('keeps versions across a restart of a server with a data directory, and puts the latest back in force', async () => {
    const d = tempDir();
    try {
      t.server = await startTestServer({ store: 'sqlite', dataDir: d.dir });
      const planner = await t.open(DEV_TOKENS.planner);
      await request(planner, 'plan:publish', { plan: kingfisher(), note: 'before the restart' });
      for (const c of t.clients.splice(0)) c.close();
      await t.server.close();
      t.server = await startTestServer({ store: 'sqlite', dataDir: d.dir });
      const viewer = await t.open(DEV_TOKENS.viewer);
      const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: 'op-kingfisher' });
      expect(snap.ok && [snap.value.planVersion?.version, snap.value.planVersion?.note, snap.value.plan?.operation.name]).toEqual([
        1,
        'before the restart',
        'Operation Kingfisher',
      ]);
      const planner2 = await t.open(DEV_TOKENS.planner);
      expect(await request(planner2, 'plan:publish', { plan: kingfisher() })).toEqual({ ok: true, value: { operationId: 'op-kingfisher', version: 2 } });
    } finally {
      for (const c of t.clients.splice(0)) c.close();
      await t.server?.close();
      t.server = null;
      d.remove();
    }
  });
});

describe('the simulator and the demo follow the published version', () => {
  it('publishes Operation Demo as v1 at start, and moves simulated units to a newly published version', async () => {
    const lines: string[] = [];
    t.server = await startTestServer({ publishDemo: true, simulate: 20, simulateSeed: 3, streetsFile: null, log: (line) => lines.push(line) });
    const viewer = await t.open(DEV_TOKENS.viewer);
    const snap = await request<Snapshot>(viewer, 'subscribe', { operationId: DEMO_OPERATION_ID });
    expect(snap.ok && snap.value.planVersion).toMatchObject({ version: 1, publishedBy: 'Cordon server (demo)' });

    const planner = await t.open(DEV_TOKENS.planner);
    expect(await request(planner, 'plan:publish', { plan: demoOperation(), note: 'posts moved' })).toEqual({
      ok: true,
      value: { operationId: DEMO_OPERATION_ID, version: 2 },
    });
    await waitFor(() => lines.some((l) => l.startsWith('simulator: following the republished plan of Operation Demo')), 3000, 'the simulator to follow v2');
  });
});

/**
 * What relaying reports to the other processes costs the process that ingested them, per report, in CPU time (steady
 * on a shared machine, unlike wall-clock figures):
 *
 *   npx tsx bench/relay-bench.ts [--reports 1000] [--rounds 300]
 *
 *   relay.adapter_sender_cpu_us_per_report  through socket.io's Redis adapter (serverSideEmit): the sender encodes the
 *                                           message, and, subscribed to the same request channel, gets it back from
 *                                           Redis, turns it into a string and JSON-parses it before it sees it is its own
 *   relay.channel_sender_cpu_us_per_report  through server/positionRelay.ts: encodes it, and drops its own message by
 *                                           comparing the sender id in front
 *   relay.receiver_cpu_us_per_report        what the other process spends decoding one (the same on both paths)
 * The Redis round trip itself is left out: the same bytes cross on both paths.
 */
import type { PositionReport } from '../shared/protocol';
import { arg, printFigure } from './figures';

const REPORTS = arg('reports', 1000);
const ROUNDS = arg('rounds', 300);
const now = new Date().toISOString();
const reports: PositionReport[] = Array.from({ length: REPORTS }, (_, i) => ({
  id: `dev-${i}`,
  callSign: `U${i}`,
  type: 'officer',
  lon: -0.15 + (i % 100) * 0.0004,
  lat: 51.505 + Math.floor(i / 100) * 0.0002,
  accuracyM: 5,
  headingDeg: 90,
  speedMps: 1.2,
  status: 'deployed',
  source: 'feed',
  time: now,
  expectedIntervalS: 1,
  groupId: 'G5',
}));
const uid = 'a1b2c3';
const sender = '0123456789abcdef';
const prefix = Buffer.from(`${sender}\n`);

let sink = 0;
const cpuUsPerReport = (work: () => void) => {
  for (let i = 0; i < 20; i++) work(); // warm-up
  const t0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) work();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / (ROUNDS * REPORTS);
};

// The adapter: JSON of {uid, type, data}; back from Redis as a Buffer; toString + JSON.parse; then the uid check.
const adapterSender = () => {
  const message = JSON.stringify({ uid, type: 6, data: ['cordon:positions', 'bench', reports, []] });
  const back = Buffer.from(message);
  const request = JSON.parse(back.toString()) as { uid: string };
  if (request.uid === uid) sink++;
};
const channelSender = () => {
  const message = sender + '\n' + JSON.stringify(['bench', reports, []]);
  const back = Buffer.from(message);
  if (back.subarray(0, prefix.length).equals(prefix)) sink++;
};
const encoded = Buffer.from('fedcba9876543210\n' + JSON.stringify(['bench', reports, []]));
const receiver = () => {
  const parsed = JSON.parse(encoded.toString('utf8', encoded.indexOf(0x0a) + 1)) as unknown[];
  sink += parsed.length;
};

// Buffer.from stands in for the socket read on both sender paths; it is counted in both.
console.log(`# relaying ${REPORTS} reports per message, ${ROUNDS} messages, CPU time per report`);
printFigure('relay.adapter_sender_cpu_us_per_report', cpuUsPerReport(adapterSender));
printFigure('relay.channel_sender_cpu_us_per_report', cpuUsPerReport(channelSender));
printFigure('relay.receiver_cpu_us_per_report', cpuUsPerReport(receiver));
if (sink < 0) console.log(sink);

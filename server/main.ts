/**
 * The command server's command line:
 *
 *   npm run server -- [--port 4870] [--host 127.0.0.1] [--config server/config.json] [--data-dir .cordon-server]
 *                     [--memory] [--simulate N] [--seed S] [--streets FILE | --no-streets] [--cot-port 8087 | --no-cot]
 *                     [--tick-ms 200] [--redis redis://127.0.0.1:6379] [--pg postgres://user:pass@host/db] [--no-demo]
 *
 * --pg keeps everything in PostgreSQL instead of SQLite: give every process of a scale-out group the same --pg and
 * --redis (Redis carries only fan-out; each process loads its state from PostgreSQL when it starts).
 * Without --config it runs the development config: loopback only, with the demo tokens printed at start.
 * Stops cleanly on SIGINT/SIGTERM (everything buffered is written to the store first).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCommandServer, DEFAULT_PORT, type CommandServerOptions } from './createServer';
import { errorMessage } from './util';

const USAGE = `usage: npm run server -- [--port N] [--host H] [--config FILE] [--data-dir DIR] [--memory] [--simulate N]
       [--seed S] [--streets FILE | --no-streets] [--cot-port N | --no-cot] [--tick-ms MS] [--redis URL] [--pg URL] [--no-demo]
       [--log-key FILE]`;

export function parseArgs(argv: readonly string[]): CommandServerOptions | string {
  const o: CommandServerOptions = { port: DEFAULT_PORT };
  const int = (v: string | undefined, name: string, min: number, max: number): number | string => {
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? n : `${name} needs a whole number from ${min} to ${max}`;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    switch (a) {
      case '--port': {
        const n = int(next(), a, 0, 65535);
        if (typeof n === 'string') return n;
        o.port = n;
        break;
      }
      case '--cot-port': {
        const n = int(next(), a, 0, 65535);
        if (typeof n === 'string') return n;
        o.cotPort = n;
        break;
      }
      case '--no-cot':
        o.cotPort = null;
        break;
      case '--simulate': {
        const n = int(next(), a, 0, 200_000);
        if (typeof n === 'string') return n;
        o.simulate = n;
        break;
      }
      case '--seed': {
        const n = int(next(), a, 0, 2 ** 31);
        if (typeof n === 'string') return n;
        o.simulateSeed = n;
        break;
      }
      case '--tick-ms': {
        const n = int(next(), a, 20, 5000);
        if (typeof n === 'string') return n;
        o.tickMs = n;
        break;
      }
      case '--host':
      case '--config':
      case '--data-dir':
      case '--streets':
      case '--pg':
      case '--log-key':
      case '--redis': {
        const v = next();
        if (!v || v.startsWith('--')) return `${a} needs a value`;
        if (a === '--host') o.host = v;
        else if (a === '--config') o.configPath = v;
        else if (a === '--data-dir') o.dataDir = v;
        else if (a === '--streets') o.streetsFile = v;
        else if (a === '--log-key') o.logKeyFile = v;
        else if (a === '--pg') {
          o.store = 'postgres';
          o.pgUrl = v;
        } else o.redisUrl = v;
        break;
      }
      case '--no-streets':
        o.streetsFile = null;
        break;
      case '--memory':
        o.store = 'memory';
        break;
      case '--no-demo':
        o.publishDemo = false;
        break;
      case '--help':
      case '-h':
        return USAGE;
      default:
        return `unknown option ${a}\n${USAGE}`;
    }
  }
  return o;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    console.error(options);
    process.exit(options === USAGE ? 0 : 2);
  }
  let server;
  try {
    server = await createCommandServer(options);
  } catch (e) {
    const msg = errorMessage(e);
    console.error(
      `Cordon command server could not start: ${/EADDRINUSE/.test(msg) ? `${msg} (another server is running there: pick --port / --cot-port)` : msg}`,
    );
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${new Date().toISOString()} ${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}

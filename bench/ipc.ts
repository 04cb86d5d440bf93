/** The benchmarks drive their servers and load generators as child processes over IPC. */
import type { ChildProcess } from 'node:child_process';

/** The next IPC message of `type` from `c`, or a rejection after `timeoutMs`. */
export function nextMessage<T>(c: ChildProcess, type: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} from ${c.pid}`)), timeoutMs);
    const on = (m: { type: string }) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      c.off('message', on);
      resolve(m as T);
    };
    c.on('message', on);
  });
}

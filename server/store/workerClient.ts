/**
 * A worker thread spoken to by request and answer: each message gets an id, the thread answers `{ id, value }` or
 * `{ id, error }` in order. If the thread dies, everything waiting fails and so does everything asked later.
 */
import { Worker } from 'node:worker_threads';

interface Reply {
  id: number;
  value?: unknown;
  error?: string;
}

export class WorkerClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(script: URL, workerData: unknown, onFailure: (e: Error) => void) {
    this.worker = new Worker(script, { workerData });
    // A store left open must not keep the process alive; close() ends the thread properly.
    this.worker.unref();
    this.worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve(m.value);
    });
    const fail = (e: Error) => {
      if (this.failed) return;
      this.failed = e;
      onFailure(e);
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the store's worker thread exited (${code})`)));
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  ask<T>(message: Record<string, unknown>): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  async terminate(): Promise<void> {
    this.failed ??= new Error('the store is closed');
    await this.worker.terminate();
  }
}

/**
 * Requests sent to another thread or frame and the replies that settle them, matched by id: how
 * the key makers and the signing Worker are asked for work.
 */
export interface Replies<T> {
  /** Sends a request under a fresh id; the promise settles when that id's reply comes. */
  ask(send: (id: number) => void): Promise<T>;
  /** Settles the request `id` (a reply to none, or to one already settled, is ignored). */
  settle(id: number, reply: T | Error): void;
  /** Fails every request still waiting: its thread or frame is gone. */
  failAll(reason: string): void;
}

export function replies<T>(): Replies<T> {
  const pending = new Map<number, { resolve(value: T): void; reject(error: Error): void }>();
  let nextId = 1;
  return {
    ask: (send) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        send(id);
      }),
    settle(id, reply) {
      const waiter = pending.get(id);
      pending.delete(id);
      if (reply instanceof Error) waiter?.reject(reply);
      else waiter?.resolve(reply);
    },
    failAll(reason) {
      for (const waiter of pending.values()) waiter.reject(new Error(reason));
      pending.clear();
    },
  };
}

import { payloadHash } from '@omnistock/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from './problems';

/** How long a response is kept for its `Idempotency-Key` (as the stores keep reservation keys). */
export const REPLAY_RETENTION_MS = 86_400_000;
/** Response bytes kept at most; the oldest keys are dropped beyond this. */
export const REPLAY_MAX_BYTES = 64 * 1_048_576;

interface Kept {
  readonly hash: string;
  /** The first response's JSON text, sent again as it was. */
  readonly body: string;
  readonly at: number;
}

/**
 * The optional `Idempotency-Key` header of a request (1–256 characters; `400` otherwise).
 * @example
 * const key = optionalKey(request); // undefined when the client sent none
 */
export function optionalKey(request: FastifyRequest): string | undefined {
  const v = request.headers['idempotency-key'];
  const key = Array.isArray(v) ? v.join(', ') : v;
  if (key !== undefined && (key.length === 0 || key.length > 256)) {
    invalid(['Idempotency-Key'], 'must have 1–256 characters');
  }
  return key;
}

/**
 * Responses of operations whose effect is idempotent anyway (event ingest dedupes by event id, a
 * re-submission closes its entry once) kept under the caller's optional `Idempotency-Key`, so a
 * retry after a lost response reads the first answer — `accepted`, not `duplicate` — with
 * `Idempotent-Replayed: true`. Keys are scoped to the principal and the operation, kept 24 h in
 * this process (at most {@link REPLAY_MAX_BYTES} of responses, the oldest dropped first); the same key
 * with another body is `400`. Concurrent requests with one key run once: later ones wait for the
 * first. Only successful responses are kept: a refused or failed request may be retried as new.
 * @example
 * return ctx.replays.answer(request, reply, `${who.id}:ingestEvents`, body, () => ingest(body));
 */
export class ReplayLog {
  private readonly kept = new Map<string, Kept>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private bytes = 0;

  constructor(
    private readonly now: () => number,
    private readonly maxBytes = REPLAY_MAX_BYTES,
  ) {}

  /**
   * Runs `execute` once per (scope, key) and answers its result; without a key it just runs it.
   * Sets `Idempotent-Replayed` whenever a key was sent.
   */
  async answer<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: string,
    body: unknown,
    execute: () => Promise<T>,
  ): Promise<T | string> {
    const key = optionalKey(request);
    if (key === undefined) return execute();
    const scoped = `${scope}\u0000${key}`;
    const hash = payloadHash(body ?? null);
    for (let pending = this.inflight.get(scoped); pending; pending = this.inflight.get(scoped)) {
      await pending.catch(() => undefined);
    }
    this.prune();
    const earlier = this.kept.get(scoped);
    if (earlier) {
      // the operations declare no 409: a reused key with another body is a bad request
      if (earlier.hash !== hash) invalid(['Idempotency-Key'], 'reused with a different body');
      reply.header('Idempotent-Replayed', 'true').type('application/json; charset=utf-8');
      return earlier.body;
    }
    const task = execute();
    this.inflight.set(scoped, task);
    try {
      const result = await task;
      this.keep(scoped, { hash, body: JSON.stringify(result), at: this.now() });
      reply.header('Idempotent-Replayed', 'false');
      return result;
    } finally {
      this.inflight.delete(scoped);
    }
  }

  /** How many keys are kept (for tests and metrics). */
  get size(): number {
    return this.kept.size;
  }

  private keep(scoped: string, entry: Kept): void {
    this.kept.set(scoped, entry);
    this.bytes += entry.body.length;
    while (this.bytes > this.maxBytes && this.kept.size > 1) this.dropOldest();
  }

  private prune(): void {
    const cutoff = this.now() - REPLAY_RETENTION_MS;
    for (const k of this.kept.values()) {
      if (k.at >= cutoff) break; // insertion order = age order
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const oldest = this.kept.entries().next();
    if (oldest.done) return;
    this.kept.delete(oldest.value[0]);
    this.bytes -= oldest.value[1].body.length;
  }
}

// The live board of one exercise: the planning hub's SubscribeExercise returns it, then `exerciseChange` messages keep
// it current. A message whose previousVersion is not the version held means this connection missed one: subscribe
// again (the board comes back whole). Reconnects subscribe again too. docs/exercises.md, Live.
import { HubConnectionState } from '@microsoft/signalr';
import { get } from '../api';
import { HubLink, isRefusal } from '../live/hub';
import { store } from '../store';
import { applyExerciseChange, normalizeBoard } from './applyExerciseChange';
import type { Board, ExerciseChange } from './types';

/** How long something that arrived live stays highlighted. */
export const arrivalMs = 6000;

export class ExerciseSession extends HubLink {
  readonly board = store<Board | null>(null);
  /** Server time minus client time, from the board's serverTime, so the clock ticks as the server's does. */
  readonly serverOffsetMs = store<number>(0);
  /** Ids (injects released, decisions, responses, plan items) that arrived live a moment ago. */
  readonly arrivals = store<ReadonlySet<string>>(new Set());

  private buffer: ExerciseChange[] = [];
  private subscribing: Promise<void> | null = null;
  private resyncPending = false;
  private readonly waiters = new Set<{ version: number; resolve: () => void }>();

  constructor(readonly exerciseId: string) {
    super();
    this.connection.on('exerciseChange', (change: ExerciseChange) => this.onChange(change));
    // The caller's part in the exercise changed (another audience, or none): the board comes again, or a refusal.
    this.connection.on('exerciseResync', (message: { exerciseId: string }) => {
      if (message.exerciseId === this.exerciseId) void this.resync();
    });
  }

  async start(): Promise<void> {
    await this.connect();
  }

  override async stop(): Promise<void> {
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
    await super.stop();
  }

  protected async unsubscribe(): Promise<void> {
    await this.connection.invoke('UnsubscribeExercise', this.exerciseId);
  }

  /**
   * After one's own command: resolves once the board has reached the command's exercise version, from the hub; if the
   * hub is slow or away, the board is read over HTTP instead.
   */
  async caughtUp(version: number, waitMs = 2500): Promise<void> {
    if ((this.board.value?.version ?? 0) >= version) return;
    const reached = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiters.delete(waiter);
        resolve(false);
      }, waitMs);
      const waiter = {
        version,
        resolve: () => {
          clearTimeout(timer);
          this.timers.delete(timer);
          resolve(true);
        },
      };
      this.timers.add(timer);
      this.waiters.add(waiter);
    });
    if (await reached) return;
    this.adopt(await get<Board>(`/api/exercises/${this.exerciseId}`));
  }


  /** Subscribes (again): the board comes back whole at its version; buffered messages after it are applied. */
  protected subscribe(): Promise<void> {
    this.subscribing ??= (async () => {
      // What came before this call is in the board it returns; only what comes while it is under way may follow it.
      this.buffer = [];
      try {
        const board = await this.connection.invoke<Board>('SubscribeExercise', this.exerciseId);
        this.subscribed = true;
        this.link.set('live');
        this.failure.set(null);
        this.adopt(board);
      } finally {
        this.subscribing = null;
      }
      this.drain();
    })();
    return this.subscribing;
  }

  private onChange(change: ExerciseChange): void {
    if (change.exerciseId !== this.exerciseId) return;
    const board = this.board.value;
    if (this.subscribing || !board) {
      this.buffer.push(change);
      return;
    }
    if (change.version <= board.version) return; // already held (a board read after one's own command)
    if (change.previousVersion !== board.version) {
      this.buffer.push(change);
      void this.resync();
      return;
    }
    this.apply(change);
    this.drain();
  }

  private apply(change: ExerciseChange): void {
    const before = this.board.value!;
    const after = applyExerciseChange(before, change);
    this.board.set(after);
    this.markArrivals(before, after, change);
    for (const waiter of [...this.waiters]) {
      if (after.version >= waiter.version) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Applies buffered messages that follow on from the board held; drops those it already has. */
  private drain(): void {
    this.buffer.sort((a, b) => a.version - b.version);
    while (this.buffer.length > 0 && this.board.value) {
      const held = this.board.value.version;
      const next = this.buffer[0];
      if (next.version <= held) this.buffer.shift();
      else if (next.previousVersion === held) this.apply(this.buffer.shift()!);
      else break;
    }
    if (this.buffer.length > 0 && !this.stopped && !this.resyncPending) {
      this.resyncPending = true;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.resyncPending = false;
        void this.resync();
      }, 1000);
      this.timers.add(timer);
    }
  }

  /** Missed a message: subscribe again. */
  private async resync(): Promise<void> {
    if (this.subscribing || this.connection.state !== HubConnectionState.Connected) return;
    try {
      await this.subscribe();
    } catch (error) {
      if (isRefusal(error)) this.board.set(null); // no longer a participant
      this.failure.set(error);
    }
  }

  /** Takes a board (subscribed or read) unless it is older than the one held. */
  private adopt(raw: Board): void {
    const held = this.board.value;
    const next = normalizeBoard(raw);
    if (held && next.version < held.version) return;
    const serverTime = Date.parse(next.serverTime);
    if (!Number.isNaN(serverTime)) this.serverOffsetMs.set(serverTime - Date.now());
    this.board.set(next);
    if (held) this.markArrivals(held, next, null);
    for (const waiter of [...this.waiters]) {
      if (next.version >= waiter.version) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Highlights injects newly released, and decisions and responses new since the board before. */
  private markArrivals(before: Board, after: Board, change: ExerciseChange | null): void {
    const ids: string[] = [];
    const released = new Set(before.injects.filter((i) => i.status === 'Released').map((i) => i.id));
    for (const inject of after.injects) if (inject.status === 'Released' && !released.has(inject.id)) ids.push(inject.id);
    const known = new Set([...before.decisions.map((d) => d.id), ...before.responses.map((r) => r.id)]);
    for (const entry of [...after.decisions, ...after.responses]) if (!known.has(entry.id)) ids.push(entry.id);
    for (const planChange of change?.plan ?? []) if (planChange.id && planChange.op !== 'removed') ids.push(planChange.id);
    if (ids.length === 0) return;
    this.arrivals.set(new Set([...this.arrivals.value, ...ids]));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const left = new Set(this.arrivals.value);
      for (const id of ids) left.delete(id);
      this.arrivals.set(left);
    }, arrivalMs);
    this.timers.add(timer);
  }
}

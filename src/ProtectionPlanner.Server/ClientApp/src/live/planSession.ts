// The live plan view of one strategy: fetched once, then kept current by the planning hub's `change` messages applied
// in view-version order; refetched on a gap or a `resync`. Also presence (who views, who edits what) and the brief
// highlight of what others changed. docs/live.md.
import { HubConnectionState } from '@microsoft/signalr';
import { getAtLeast } from '../api';
import { session } from '../session';
import { HubLink } from './hub';
import { store } from '../store';
import { stampBy, type PlanView, type PresenceState, type ViewChange } from '../types';
import { applyChange, stampedItems, touchedItems } from './applyChange';

export type { LinkState } from './hub';

export interface Highlight {
  by: string;
  /** The reason they gave for the change, if any. */
  reason: string | null;
  until: number;
}

/** How long an item changed by someone else stays highlighted. */
export const highlightMs = 4000;

export class PlanSession extends HubLink {
  readonly view = store<PlanView | null>(null);
  readonly presence = store<PresenceState | null>(null);
  readonly highlights = store<ReadonlyMap<string, Highlight>>(new Map());

  private readonly me: string;
  private buffer: ViewChange[] = [];
  private resyncing: Promise<void> | null = null;
  private editingItem: string | null = null;

  constructor(readonly strategyId: string) {
    super();
    this.me = session.value?.userName ?? '';
    this.connection.on('change', (change: ViewChange) => this.onChange(change));
    this.connection.on('presence', (presence: PresenceState) => {
      if (presence.strategyId === this.strategyId) this.presence.set(presence);
    });
    this.connection.on('resync', (message: { strategyId: string }) => {
      if (message.strategyId === this.strategyId) void this.resync();
    });
  }

  /** Loads the view, then connects to the hub and subscribes from the view's version. */
  async start(): Promise<void> {
    try {
      this.adopt(await this.fetchView(null));
    } catch (error) {
      this.failure.set(error);
      return;
    }
    await this.connect();
  }


  protected async unsubscribe(): Promise<void> {
    await this.connection.invoke('Unsubscribe', this.strategyId);
  }

  /** After one's own command: read the view at least at the command's stream version, so it never shows stale. */
  async refresh(minStreamVersion: number | null): Promise<void> {
    this.adopt(await this.fetchView(minStreamVersion));
  }

  /** Tells the others which item this user has open for editing (null: none). */
  editing(itemId: string | null): void {
    this.editingItem = itemId;
    if (this.subscribed) this.connection.invoke('Editing', this.strategyId, itemId).catch(() => undefined);
  }

  private async fetchView(minStreamVersion: number | null): Promise<PlanView> {
    return getAtLeast<PlanView>(`/api/strategies/${this.strategyId}/view`, minStreamVersion);
  }


  /** Subscribes from the last view version held; the server first sends every change after it. */
  protected async subscribe(): Promise<void> {
    const lastSeen = this.view.value?.viewVersion ?? 0;
    await this.connection.invoke('Subscribe', this.strategyId, lastSeen);
    this.subscribed = true;
    this.link.set('live');
    if (this.editingItem) this.connection.invoke('Editing', this.strategyId, this.editingItem).catch(() => undefined);
  }

  private onChange(change: ViewChange): void {
    if (change.strategyId !== this.strategyId) return;
    const view = this.view.value;
    if (this.resyncing || !view) {
      this.buffer.push(change);
      return;
    }
    if (change.viewVersion <= view.viewVersion) return; // already holds it (own write read back, or a replay)
    if (change.viewVersion > view.viewVersion + 1) {
      this.buffer.push(change);
      void this.resync();
      return;
    }
    this.apply(change);
    this.drain();
  }

  private apply(change: ViewChange): void {
    this.view.set(applyChange(this.view.value!, change));
    if (change.actor !== this.me) this.highlight(touchedItems(change, this.strategyId), change.actor, change.reason);
  }

  /** Applies buffered changes that follow on from the view held; drops the ones it already has. */
  private drain(): void {
    this.buffer.sort((a, b) => a.viewVersion - b.viewVersion);
    while (this.buffer.length > 0) {
      const view = this.view.value!;
      const next = this.buffer[0];
      if (next.viewVersion <= view.viewVersion) this.buffer.shift();
      else if (next.viewVersion === view.viewVersion + 1) this.apply(this.buffer.shift()!);
      else break;
    }
  }

  /** A gap or a `resync`: refetch the view, then subscribe again from its version. */
  private resync(): Promise<void> {
    this.resyncing ??= (async () => {
      try {
        this.adopt(await this.fetchView(null), false);
        if (this.connection.state === HubConnectionState.Connected) await this.subscribe();
      } catch (error) {
        this.failure.set(error);
      } finally {
        this.resyncing = null;
        if (this.view.value) this.drain();
        if (this.buffer.length > 0 && !this.stopped) this.timers.add(setTimeout(() => void this.resync(), 1000));
      }
    })();
    return this.resyncing;
  }

  /** Takes a fetched view unless it is older than the one held; highlights items others changed in between. */
  private adopt(next: PlanView, drain = true): void {
    const held = this.view.value;
    if (held && next.viewVersion < held.viewVersion) return;
    if (held) {
      const before = new Map<string, number>();
      for (const item of stampedItems(held, this.strategyId)) before.set(item.id, item.stamp.version);
      for (const item of stampedItems(next, this.strategyId)) {
        const by = stampBy(item.stamp);
        const previous = before.get(item.id);
        const changedByOther = by && by !== this.me && previous !== undefined && previous !== item.stamp.version;
        if (changedByOther) this.highlight([item.id], by, null);
      }
    }
    this.view.set(next);
    if (drain && !this.resyncing) this.drain();
  }

  private highlight(ids: string[], by: string, reason: string | null): void {
    if (ids.length === 0) return;
    const until = Date.now() + highlightMs;
    const next = new Map(this.highlights.value);
    for (const id of ids) next.set(id, { by, reason, until });
    this.highlights.set(next);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const now = Date.now();
      const left = new Map([...this.highlights.value].filter(([, h]) => h.until > now));
      this.highlights.set(left);
    }, highlightMs + 50);
    this.timers.add(timer);
  }
}

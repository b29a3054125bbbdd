// A mission page kept current: it subscribes to the mission's changes (`SubscribeMission`, docs/live.md) from the
// version it read and, for each `missionChange` another planner made, reads the dashboard again at least at that
// version (capacity moves the workload too, so the page takes the server's whole picture rather than patching it).
import { HubLink } from './hub';
import { session } from '../session';
import { store } from '../store';

import type { MissionChange } from '../generated/api';

export class MissionSession extends HubLink {
  /** The last change someone else made, for the page's "changed by" note. */
  readonly lastChange = store<MissionChange | null>(null);

  private readonly me: string;

  constructor(
    readonly missionId: string,
    /** The mission version the page shows now. */
    private readonly version: () => number,
    /** Reads the page again, at least at a mission version. */
    private readonly reload: (minVersion: number | null) => Promise<void>,
  ) {
    super();
    this.me = session.value?.userName ?? '';
    this.connection.on('missionChange', (change: MissionChange) => {
      if (change.missionId !== this.missionId || change.version <= this.version()) return;
      if (change.actor !== this.me) this.lastChange.set(change);
      void this.reload(change.version).catch(() => undefined);
    });
    this.connection.on('missionResync', (message: { missionId: string; version: number }) => {
      if (message.missionId === this.missionId) void this.reload(message.version).catch(() => undefined);
    });
  }

  protected async subscribe(): Promise<void> {
    await this.connection.invoke('SubscribeMission', this.missionId, this.version());
    this.subscribed = true;
    this.link.set('live');
  }

  protected async unsubscribe(): Promise<void> {
    await this.connection.invoke('UnsubscribeMission', this.missionId);
  }

  start(): Promise<void> {
    return this.connect();
  }
}

// The one way to reach the planning hub, and the life of a subscription on it. The connection uses WebSockets only,
// without the negotiate round trip, so that any app node behind a round-robin proxy can take it (a negotiated
// connection id is known only to the node that issued it); the access token goes in the query string, as browsers
// cannot set headers on a WebSocket.
import {
  HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel,
} from '@microsoft/signalr';
import { session } from '../session';
import { store } from '../store';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'offline';

const retryDelays = [0, 2000, 5000, 10000, 10000, 30000];

function hubConnection(): HubConnection {
  return new HubConnectionBuilder()
    .withUrl('/hubs/planning', {
      accessTokenFactory: () => session.value?.token ?? '',
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
    })
    .configureLogging(LogLevel.Warning)
    .build();
}

/**
 * A hub connection that keeps one subscription alive: it connects and subscribes, and after any drop connects and
 * subscribes again, backing off; a refusal (forbidden, not found) ends it with the failure shown. This is the one
 * reconnect policy: SignalR's automatic reconnect covers neither the first connection nor subscribing again.
 */
export abstract class HubLink {
  readonly link = store<LinkState>('connecting');
  readonly failure = store<unknown>(null);

  protected readonly connection = hubConnection();
  protected stopped = false;
  protected subscribed = false;
  protected readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private connecting = false;

  constructor() {
    this.connection.onclose(() => {
      this.subscribed = false;
      // A drop while connecting is the running attempt's to retry.
      if (!this.stopped && !this.connecting) void this.connect('reconnecting');
    });
  }

  /** Subscribes (again) on the connection; sets `subscribed` and the link live. */
  protected abstract subscribe(): Promise<void>;

  /** Tells the hub this client leaves. */
  protected abstract unsubscribe(): Promise<void>;

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    try {
      if (this.connection.state === HubConnectionState.Connected && this.subscribed) await this.unsubscribe();
    } catch {
      // leaving anyway
    }
    await this.connection.stop();
  }

  /** Connects (when disconnected) and subscribes, retrying with backoff until it is subscribed, refused or stopped. */
  protected async connect(first: LinkState = 'connecting'): Promise<void> {
    this.connecting = true;
    try {
      for (let attempt = 0; !this.stopped; attempt++) {
        await this.wait(retryDelays[Math.min(attempt, retryDelays.length - 1)]);
        if (this.stopped) return;
        this.link.set(attempt === 0 ? first : 'reconnecting');
        try {
          if (this.connection.state === HubConnectionState.Disconnected) await this.connection.start();
          await this.subscribe();
          return;
        } catch (error) {
          this.link.set('offline');
          if (isRefusal(error)) {
            this.failure.set(error);
            return;
          }
        }
      }
    } finally {
      this.connecting = false;
    }
  }

  protected wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** The hub refused: the user may not, or the thing does not exist. Retrying will not help. */
export function isRefusal(error: unknown): boolean {
  return /forbidden|not found/i.test(String((error as Error)?.message));
}

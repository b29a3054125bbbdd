// The one way to reach the planning hub: WebSockets only, without the negotiate round trip, so that any app node
// behind a round-robin proxy can take the connection (a negotiated connection id is known only to the node that
// issued it). The access token goes in the query string, as browsers cannot set headers on a WebSocket.
import { HttpTransportType, HubConnection, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { session } from '../session';

export function hubConnection(): HubConnection {
  return new HubConnectionBuilder()
    .withUrl('/hubs/planning', {
      accessTokenFactory: () => session.value?.token ?? '',
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
    })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(1000 * 2 ** context.previousRetryCount, 10000) })
    .configureLogging(LogLevel.Warning)
    .build();
}

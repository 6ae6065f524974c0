/**
 * The mobile signal of a browser test, as a forward HTTP proxy the browser goes through: it
 * carries every request (the service worker's too, which `setOffline` and `page.route` do not
 * reliably cut), and the test takes it down, or lets everything through but the saving of
 * drafts.
 */
import * as http from 'node:http';
import type { Socket } from 'node:net';

export type SignalState = 'up' | 'down' | 'no-saves';

export class FieldSignal {
  private state: SignalState = 'up';
  private readonly sockets = new Set<Socket>();
  private server!: http.Server;
  port = 0;

  static async start(): Promise<FieldSignal> {
    const s = new FieldSignal();
    s.server = http.createServer((req, res) => s.carry(req, res));
    s.server.on('connection', (socket) => {
      s.sockets.add(socket);
      socket.on('close', () => s.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.port = (s.server.address() as { port: number }).port;
    return s;
  }

  /** The browser's proxy arguments. */
  chromiumArgs(): string[] {
    // Chromium sends loopback addresses past a proxy unless told not to.
    return [`--proxy-server=http://127.0.0.1:${this.port}`, '--proxy-bypass-list=<-loopback>'];
  }

  set(state: SignalState): void {
    this.state = state;
    if (state === 'down') {
      // Connections kept open (and the live feed) drop too.
      for (const socket of this.sockets) socket.destroy();
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private carry(req: http.IncomingMessage, res: http.ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (this.state === 'down' || (this.state === 'no-saves' && url.pathname === '/api/forms/save')) {
      req.socket.destroy();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: url.pathname + url.search, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }
}

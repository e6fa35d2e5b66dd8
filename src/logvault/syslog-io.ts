import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { decodeLine, FrameDecoder } from './framing.js';

/**
 * Syslog listeners: UDP (RFC 5426, one message a datagram), TCP (RFC 6587,
 * LF or octet-counted frames) and TLS (RFC 5425), each on its own port, off
 * unless given one. Lines go to the sink in batches (`batchSize` lines or
 * every `flushMs`); the sink stores them (the vault's append, which resolves
 * after fsync).
 *
 * What they promise. Neither protocol acknowledges an event: a line is
 * stored once the batch it is in has been written and fsynced. On a crash,
 * TCP and TLS lose at most the batch being gathered and what the kernel
 * held unread; UDP loses that too, and datagrams dropped under load
 * (`dropped` counts those dropped here). For events that must not be lost,
 * shippers use the HTTP endpoint, which answers after fsync. While the sink
 * is behind (more than `maxPending` lines waiting), TCP and TLS sockets are
 * paused, so a fast sender is slowed, not dropped; UDP cannot be slowed and
 * is dropped past it.
 */
export interface ReceivedLine {
  line: string;
  receivedAt: Date;
  /** The sender's address (the source is registered by it and by the line's hostname). */
  peer: string;
  transport: 'udp' | 'tcp' | 'tls';
}

export interface SyslogOptions {
  host?: string;
  udpPort?: number | undefined;
  tcpPort?: number | undefined;
  tlsPort?: number | undefined;
  tls?: { key: string | Buffer; cert: string | Buffer } | undefined;
  maxLine?: number;
  batchSize?: number;
  flushMs?: number;
  maxPending?: number;
  /** Batches being stored at once (default 4). */
  maxInFlight?: number;
  /** "Now" (a test passes its clock). */
  now?: () => Date;
}

export interface SyslogStats {
  received: number;
  stored: number;
  dropped: number;
  truncated: number;
  failedBatches: number;
  connections: number;
}

export class SyslogListener {
  private udp: dgram.Socket | null = null;
  private tcp: net.Server | null = null;
  private tlsServer: tls.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly paused = new Set<net.Socket>();
  private batch: ReceivedLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pending = 0;
  readonly stats: SyslogStats = {
    received: 0,
    stored: 0,
    dropped: 0,
    truncated: 0,
    failedBatches: 0,
    connections: 0,
  };
  private readonly o: Required<Omit<SyslogOptions, 'udpPort' | 'tcpPort' | 'tlsPort' | 'tls'>> &
    Pick<SyslogOptions, 'udpPort' | 'tcpPort' | 'tlsPort' | 'tls'>;

  constructor(
    private readonly sink: (lines: ReceivedLine[]) => Promise<void>,
    options: SyslogOptions,
    /** Told when a batch could not be stored (disk full, a write error): its lines are lost, and counted. */
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.o = {
      host: '127.0.0.1',
      maxLine: 64 * 1024,
      batchSize: 1000,
      flushMs: 50,
      maxPending: 20_000,
      maxInFlight: 4,
      now: () => new Date(),
      ...options,
    };
  }

  /** Starts the listeners that have a port; answers the ports bound (port 0 picks one). */
  async start(): Promise<{ udp?: number; tcp?: number; tls?: number }> {
    const ports: { udp?: number; tcp?: number; tls?: number } = {};
    if (this.o.udpPort !== undefined) {
      const udp = dgram.createSocket({ type: this.o.host.includes(':') ? 'udp6' : 'udp4' });
      udp.on('message', (msg, rinfo) => {
        if (this.pending >= this.o.maxPending) {
          this.stats.dropped++;
          return;
        }
        let end = msg.length;
        while (end > 0 && (msg[end - 1] === 0x0a || msg[end - 1] === 0x0d || msg[end - 1] === 0)) end--;
        if (end === 0) return;
        if (end > this.o.maxLine) {
          end = this.o.maxLine;
          this.stats.truncated++;
        }
        this.take(decodeLine(msg.subarray(0, end)), rinfo.address, 'udp');
      });
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(this.o.udpPort, this.o.host, () => resolve());
      });
      this.udp = udp;
      ports.udp = udp.address().port;
    }
    if (this.o.tcpPort !== undefined) {
      this.tcp = net.createServer((s) => this.stream(s, 'tcp'));
      ports.tcp = await listen(this.tcp, this.o.tcpPort, this.o.host);
    }
    if (this.o.tlsPort !== undefined) {
      if (!this.o.tls) throw new Error('syslog over TLS needs a key and a certificate');
      this.tlsServer = tls.createServer({ key: this.o.tls.key, cert: this.o.tls.cert }, (s) =>
        this.stream(s, 'tls'),
      );
      ports.tls = await listen(this.tlsServer, this.o.tlsPort, this.o.host);
    }
    return ports;
  }

  private stream(socket: net.Socket, transport: 'tcp' | 'tls'): void {
    this.stats.connections++;
    this.sockets.add(socket);
    const peer = socket.remoteAddress ?? '';
    const frames = new FrameDecoder({ maxLine: this.o.maxLine });
    const counted = () => {
      this.stats.truncated += frames.truncated;
      frames.truncated = 0;
    };
    socket.on('data', (chunk: Buffer) => {
      for (const line of frames.push(chunk)) this.take(line, peer, transport);
      counted();
      if (this.pending >= this.o.maxPending && !this.paused.has(socket)) {
        socket.pause();
        this.paused.add(socket);
      }
    });
    socket.on('end', () => {
      for (const line of frames.end()) this.take(line, peer, transport);
      counted();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.paused.delete(socket);
    });
  }

  private take(line: string, peer: string, transport: ReceivedLine['transport']): void {
    this.stats.received++;
    this.pending++;
    this.batch.push({ line, receivedAt: this.o.now(), peer, transport });
    if (this.batch.length >= this.o.batchSize) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.o.flushMs);
  }

  /**
   * Hands the lines gathered so far to the sink. Up to `maxInFlight` batches
   * are stored at once (the vault puts batches that arrive while one is
   * written in one block and one fsync); the sink is called in the order the
   * lines came, so a sink that queues in call order (the vault does) keeps it.
   */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.batch.length > 0) {
      const lines = this.batch;
      this.batch = [];
      this.waiting.push(lines);
      this.pump();
    }
    return this.idle();
  }

  private readonly waiting: ReceivedLine[][] = [];
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  private idle(): Promise<void> {
    if (this.inFlight === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    while (this.inFlight < this.o.maxInFlight && this.waiting.length > 0) {
      const lines = this.waiting.shift()!;
      this.inFlight++;
      let stored: Promise<void>;
      try {
        stored = this.sink(lines);
      } catch (err) {
        stored = Promise.reject(err);
      }
      stored
        .then(
          () => {
            this.stats.stored += lines.length;
          },
          (err: unknown) => {
            this.stats.failedBatches++;
            this.stats.dropped += lines.length;
            this.onError(err);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.pending -= lines.length;
          if (this.pending < this.o.maxPending / 2)
            for (const s of this.paused) {
              s.resume();
              this.paused.delete(s);
            }
          this.pump();
          if (this.inFlight === 0 && this.waiting.length === 0) {
            const w = this.idleWaiters;
            this.idleWaiters = [];
            for (const r of w) r();
          }
        });
    }
  }

  /** Stops listening, reads what the open connections still send until they close (at most `graceMs`), stores it. */
  async stop(graceMs = 2000): Promise<void> {
    this.udp?.close();
    this.udp = null;
    const closing = [this.tcp, this.tlsServer]
      .filter((s): s is net.Server => s !== null)
      .map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    const deadline = setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, graceMs);
    for (const s of this.sockets) s.end();
    await Promise.all(closing);
    clearTimeout(deadline);
    this.tcp = null;
    this.tlsServer = null;
    await this.flush();
  }
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}

import fs from 'node:fs';
import { AppError } from '../platform/errors.js';
import type { ListenAddress, ListenSettings } from './settings.js';
import { SyslogListener, type ReceivedLine } from './syslog-io.js';

export type Transport = 'udp' | 'tcp' | 'tls';
export const transports: readonly Transport[] = ['udp', 'tcp', 'tls'];

export interface ListenerStatus {
  transport: Transport;
  /** host:port it listens on (the port bound), null when off. */
  address: string | null;
  received: number;
  dropped: number;
}

const variableOf: Record<Transport, string> = {
  udp: 'WANGAN_LOGVAULT_UDP',
  tcp: 'WANGAN_LOGVAULT_TCP',
  tls: 'WANGAN_LOGVAULT_TLS',
};

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function readPem(name: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new AppError(
      'validation_failed',
      {
        zh: `无法读取 ${name} 指定的文件 ${file}（${(err as NodeJS.ErrnoException).code ?? '读取失败'}）。`,
        en: `Cannot read ${file}, the file ${name} names (${(err as NodeJS.ErrnoException).code ?? 'read failed'}).`,
      },
      { field: name },
      name,
    );
  }
}

/**
 * The vault's syslog listeners, one SyslogListener per enabled transport
 * (each binds its own host and port). Started with the server, stopped
 * before the vault closes: stopping reads what open connections still send
 * and stores it.
 */
export class VaultListeners {
  private readonly running = new Map<Transport, { listener: SyslogListener; address: string }>();

  constructor(
    private readonly settings: ListenSettings,
    private readonly sink: (lines: ReceivedLine[]) => Promise<void>,
    private readonly now: () => Date,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Binds every enabled listener; a port in use (or not allowed) is a clear error naming its variable. */
  async start(): Promise<void> {
    for (const transport of transports) {
      const at: ListenAddress | null = this.settings[transport];
      if (!at) continue;
      const tlsFiles = transport === 'tls' ? this.settings.tls : null;
      const listener = new SyslogListener(
        this.sink,
        {
          host: at.host,
          ...(transport === 'udp' ? { udpPort: at.port } : {}),
          ...(transport === 'tcp' ? { tcpPort: at.port } : {}),
          ...(tlsFiles
            ? {
                tlsPort: at.port,
                tls: {
                  cert: readPem('WANGAN_LOGVAULT_TLS_CERT', tlsFiles.certFile),
                  key: readPem('WANGAN_LOGVAULT_TLS_KEY', tlsFiles.keyFile),
                },
              }
            : {}),
          now: this.now,
        },
        this.onError,
      );
      let port: number | undefined;
      try {
        port = (await listener.start())[transport];
      } catch (err) {
        // None left half started: the server does not come up with some of its ports.
        await listener.stop(0).catch(() => undefined);
        await this.stop().catch(() => undefined);
        throw bindError(transport, at, err);
      }
      this.running.set(transport, { listener, address: hostPort(at.host, port ?? at.port) });
    }
  }

  status(): ListenerStatus[] {
    return transports.map((transport) => {
      const r = this.running.get(transport);
      return {
        transport,
        address: r?.address ?? null,
        received: r?.listener.stats.received ?? 0,
        dropped: r?.listener.stats.dropped ?? 0,
      };
    });
  }

  /** Stops listening and stores what was received (waits for the batches being written). */
  async stop(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((r) => r.listener.stop()));
  }
}

function bindError(transport: Transport, at: ListenAddress, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const name = variableOf[transport];
  const where = hostPort(at.host, at.port);
  if (code === 'EADDRINUSE')
    return new AppError(
      'validation_failed',
      {
        zh: `日志接收端口 ${where}（${name}）已被占用，无法启动 ${transport.toUpperCase()} 日志接收；请换用其他端口或停止占用该端口的程序。`,
        en: `The syslog ${transport.toUpperCase()} port ${where} (${name}) is in use: choose another port or stop the program holding it.`,
      },
      { field: name, code },
      name,
    );
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL')
    return new AppError(
      'validation_failed',
      {
        zh: `无法在 ${where}（${name}）上启动 ${transport.toUpperCase()} 日志接收：${code === 'EACCES' ? '无权使用该端口（1024 以下的端口须有相应权限）' : '本机没有该地址'}。`,
        en: `Cannot listen for syslog over ${transport.toUpperCase()} on ${where} (${name}): ${code === 'EACCES' ? 'not allowed to use the port (ports below 1024 need the privilege)' : 'no such address on this machine'}.`,
      },
      { field: name, code },
      name,
    );
  return err instanceof Error ? err : new Error(String(err));
}

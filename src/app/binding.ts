import net from 'node:net';
import type { Config } from './config.ts';

/** Whether a bind address is reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && mapped[1]!.startsWith('127.');
}

/**
 * Refuses to serve without authentication where others can connect: on loopback PAS_AUTH may stay off (the
 * README's commands), anywhere else the API would be open to everyone who reaches the port.
 */
export function assertSafeBinding(config: Pick<Config, 'host' | 'auth'>): void {
  if (config.auth === 'off' && !isLoopback(config.host)) {
    throw new Error(
      `configuration: refusing to listen on ${config.host || 'every interface'} with PAS_AUTH=off: anyone who can reach the ` +
        'port could read and write every portfolio. Set PAS_AUTH=required and create keys with `pas keys create` ' +
        '(see docs/security.md), or bind to 127.0.0.1',
    );
  }
}

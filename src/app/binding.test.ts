import { describe, expect, it } from 'vitest';
import { assertSafeBinding, isLoopback } from './binding.ts';
import { loadConfig } from './config.ts';

describe('binding and auth configuration', () => {
  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '', '10.0.0.5', '192.168.1.2', 'example.com', '::ffff:10.0.0.1'])
      expect(isLoopback(host), host).toBe(false);
  });

  it('refuses auth off beyond loopback only', () => {
    expect(() => assertSafeBinding({ host: '0.0.0.0', auth: 'off' })).toThrow(
      /refusing to listen on 0\.0\.0\.0/,
    );
    expect(() => assertSafeBinding({ host: '0.0.0.0', auth: 'required' })).not.toThrow();
    expect(() => assertSafeBinding({ host: '127.0.0.1', auth: 'off' })).not.toThrow();
  });

  it('reads PAS_AUTH, PAS_AUTH_PUBLIC and the limits, refusing what it does not know', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      auth: 'off',
      authPublic: [],
      rateLimitMax: 6000,
      rateLimitWindowS: 60,
      maxBodyBytes: 32 * 1024 * 1024,
      maxUploadBytes: 64 * 1024 * 1024,
      trustProxy: false,
    });
    expect(loadConfig({ PAS_AUTH: 'Required', PAS_AUTH_PUBLIC: 'metrics, docs' })).toMatchObject({
      auth: 'required',
      authPublic: ['metrics', 'docs'],
    });
    expect(() => loadConfig({ PAS_AUTH: 'yes' })).toThrow(/PAS_AUTH must be "required" or "off"/);
    expect(() => loadConfig({ PAS_AUTH_PUBLIC: 'portfolios' })).toThrow(/PAS_AUTH_PUBLIC/);
    expect(() => loadConfig({ PAS_RATE_LIMIT_WINDOW_S: '0' })).toThrow(/at least 1/);
    expect(loadConfig({ PAS_TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toBe('10.0.0.1, 10.0.0.2');
  });
});

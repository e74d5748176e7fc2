import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './address-guard.js';
import { parseWebhookUrl } from './webhook-url.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0',
    '100.64.0.1', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fd00::1', 'fc12:3456::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '64:ff9b::a9fe:a9fe', 'ff02::1',
    'not-an-ip',
  ])('refuses %s', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '100.128.0.1'])('allows %s', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false));
});

describe('parseWebhookUrl', () => {
  it('takes http and https URLs', () => {
    expect(parseWebhookUrl('https://hooks.example.com/x?y=1').hostname).toBe('hooks.example.com');
    expect(parseWebhookUrl('http://hooks.example.com:8080/').port).toBe('8080');
  });

  it('refuses other schemes, credentials and garbage with a clear message', () => {
    expect(() => parseWebhookUrl('file:///etc/passwd')).toThrow(/only http and https/);
    expect(() => parseWebhookUrl('gopher://x')).toThrow(/only http and https/);
    expect(() => parseWebhookUrl('https://u:p@example.com/')).toThrow(/user name or password/);
    expect(() => parseWebhookUrl('not a url')).toThrow(/is not a URL/);
  });
});

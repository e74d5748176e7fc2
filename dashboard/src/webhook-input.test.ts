import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, webhookInput } from './webhook-input.js';

describe('webhookInput', () => {
  it('takes an http(s) URL and known events', () => {
    expect(webhookInput(' https://example.com/hook ', ['video.completed', 'nonsense'])).toEqual({ ok: true, value: { url: 'https://example.com/hook', events: ['video.completed'] } });
  });

  it('says what is wrong', () => {
    expect(webhookInput('ftp://example.com', ['video.failed'])).toMatchObject({ ok: false, message: expect.stringMatching(/only http and https/) });
    expect(webhookInput('https://example.com', [])).toEqual({ ok: false, message: 'choose at least one event' });
  });
});

describe('newWebhookSecret', () => {
  it('makes a secret the Standard Webhooks library accepts, different each time', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => new Webhook(secret)).not.toThrow();
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

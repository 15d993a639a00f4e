import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, redactWebhookUrl, type WebhookUrlProblem } from '../../../shared/alerts';

const problemOf = (url: string): WebhookUrlProblem | 'ok' => {
  const r = checkWebhookUrl(url);
  return r.ok ? 'ok' : r.problem;
};

describe('checkWebhookUrl', () => {
  it('refuses URLs that are not https', () => {
    for (const url of [
      'http://hooks.example.com/x',
      'http://localhost:8787/hook',
      'ftp://hooks.example.com/x',
      'file:///etc/passwd',
      'gopher://hooks.example.com/',
      'javascript:alert(1)',
    ]) {
      expect({ url, problem: problemOf(url) }).toEqual({ url, problem: 'NOT_HTTPS' });
    }
  });

  it('refuses what is not an absolute URL', () => {
    for (const url of [
      '',
      'not a url',
      '/relative/hook',
      'https://',
      'https://1.2.3.4.5/',
      'https://[::1/',
    ]) {
      expect({ url, problem: problemOf(url) }).toEqual({ url, problem: 'INVALID_URL' });
    }
  });

  it('refuses a user name or password in the URL', () => {
    for (const url of [
      'https://user:secret@hooks.example.com/x',
      'https://user@hooks.example.com/x',
      'https://:secret@hooks.example.com/x',
    ]) {
      expect({ url, problem: problemOf(url) }).toEqual({ url, problem: 'CREDENTIALS' });
    }
  });

  it('refuses localhost, *.localhost and other local names, however spelt', () => {
    for (const url of [
      'https://localhost/hook',
      'https://LOCALHOST:8443/hook',
      'https://localhost./hook',
      'https://localhost%2e/hook',
      'https://ⓛocalhost/hook',
      'https://api.localhost/hook',
      'https://printer.local/hook',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://nas.home.arpa/hook',
      'https://intranet/hook',
    ]) {
      expect({ url, problem: problemOf(url) }).toEqual({ url, problem: 'LOCAL_HOST' });
    }
  });

  it('refuses loopback, private, link-local, CGNAT and reserved IPv4 in every spelling the parser normalises', () => {
    for (const url of [
      'https://127.0.0.1/hook',
      'https://127.0.0.1./hook',
      'https://127.1/hook', // shorthand
      'https://0x7f000001/hook', // hex
      'https://0x7f.0.0.1/hook',
      'https://2130706433/hook', // decimal
      'https://0177.0.0.1/hook', // octal
      'https://017700000001/hook',
      'https://0/hook', // 0.0.0.0
      'https://10.1.2.3/',
      'https://172.16.0.1/',
      'https://172.31.255.255/',
      'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data/', // cloud metadata
      'https://100.64.0.1/', // CGNAT
      'https://100.127.255.255/',
      'https://198.18.0.1/',
      'https://192.0.2.1/',
      'https://224.0.0.1/',
      'https://255.255.255.255/',
    ]) {
      expect({ url, problem: problemOf(url) }).toEqual({ url, problem: 'PRIVATE_ADDRESS' });
    }
  });

  it('refuses IPv6 loopback, link-local, unique-local and IPv4-mapped or -compatible forms', () => {
    for (const url of [
      'https://[::1]/hook',
      'https://[0:0:0:0:0:0:0:1]/hook',
      'https://[::]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[::ffff:7f00:1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[::ffff:8.8.8.8]/hook', // mapped at all: use the IPv4 or the name
      'https://[0:0:0:0:0:ffff:a00:1]/hook',
      'https://[::127.0.0.1]/hook', // IPv4-compatible
      'https://[64:ff9b::7f00:1]/hook', // NAT64
      'https://[fe80::1]/hook',
      'https://[febf::1]/hook',
      'https://[fc00::1]/hook',
      'https://[fd12:3456:789a::1]/hook',
      'https://[ff02::1]/hook',
      'https://[2001:db8::1]/hook',
      'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook', // Teredo
      'https://[2002:7f00:1::1]/hook', // 6to4 of 127.0.0.1
      'https://[2002:c0a8:101::1]/hook', // 6to4 of 192.168.1.1
    ]) {
      expect({ url, problem: problemOf(url) }).toEqual({ url, problem: 'PRIVATE_ADDRESS' });
    }
    // http:// is refused before the host is looked at.
    expect(problemOf('http://[::ffff:127.0.0.1]/hook')).toBe('NOT_HTTPS');
  });

  it('accepts public https targets and returns the normalised URL that will be fetched', () => {
    expect(checkWebhookUrl('https://hooks.slack.com/services/T0/B0/xyz')).toEqual({
      ok: true,
      url: 'https://hooks.slack.com/services/T0/B0/xyz',
    });
    expect(checkWebhookUrl('https://Hooks.Example.COM:8443')).toEqual({
      ok: true,
      url: 'https://hooks.example.com:8443/',
    });
    expect(checkWebhookUrl('https://8.8.8.8/hook')).toEqual({ ok: true, url: 'https://8.8.8.8/hook' });
    expect(checkWebhookUrl('https://0x08080808/hook')).toEqual({ ok: true, url: 'https://8.8.8.8/hook' });
    expect(checkWebhookUrl('https://172.32.0.1/')).toMatchObject({ ok: true });
    expect(checkWebhookUrl('https://100.128.0.1/')).toMatchObject({ ok: true });
    expect(checkWebhookUrl('https://[2606:4700:4700::1111]/hook')).toEqual({
      ok: true,
      url: 'https://[2606:4700:4700::1111]/hook',
    });
    expect(checkWebhookUrl('https://[2002:808:808::1]/')).toMatchObject({ ok: true });
  });

  it('judges every spelling of an IPv4 address as that address (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const dotted = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
        const verdict = problemOf(`https://${dotted}/`);
        expect(problemOf(`https://${n}/`)).toBe(verdict);
        expect(problemOf(`https://0x${n.toString(16)}/`)).toBe(verdict);
        expect(problemOf(`https://0${n.toString(8)}/`)).toBe(verdict);
        // Any IPv4-mapped IPv6 form is refused, whatever it maps.
        expect(problemOf(`https://[::ffff:${dotted}]/`)).toBe('PRIVATE_ADDRESS');
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every address of the 127/8, 10/8, 169.254/16 and 100.64/10 ranges (property)', () => {
    const inRange = (base: number, bits: number) =>
      fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset) => (base + offset) >>> 0);
    fc.assert(
      fc.property(
        fc.oneof(
          inRange(0x7f000000, 8),
          inRange(0x0a000000, 8),
          inRange(0xa9fe0000, 16),
          inRange(0x64400000, 10),
        ),
        (n) => {
          expect(problemOf(`https://${n}/x`)).toBe('PRIVATE_ADDRESS');
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('redactWebhookUrl', () => {
  it('keeps scheme, host and port, never the path or query that carry the secret', () => {
    expect(redactWebhookUrl('https://hooks.slack.com/services/T0/B0/xyz')).toBe('https://hooks.slack.com/…');
    expect(redactWebhookUrl('https://hooks.example.com:8443/?token=s3cret')).toBe(
      'https://hooks.example.com:8443/…',
    );
    expect(redactWebhookUrl('https://hooks.example.com/')).toBe('https://hooks.example.com/');
    expect(redactWebhookUrl('https://user:pw@hooks.example.com/x')).toBe('https://hooks.example.com/…');
    expect(redactWebhookUrl('not a url')).toBe('(not a URL)');
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs, progressLine, runReplay } from '../../../scripts/replay.mjs';

// `npm run replay`: its arguments, and the errors it prints when the API refuses.

describe('npm run replay: arguments', () => {
  it('reads the days, source, URL and token, with defaults from the environment', () => {
    expect(parseArgs(['--from', '2026-05-01', '--to', '2026-05-31'])).toEqual({
      from: '2026-05-01',
      to: '2026-05-31',
      url: 'http://localhost:8787',
      interval: 2,
    });
    expect(
      parseArgs(
        [
          '--from=2026-05-01',
          '--to',
          '2026-05-01',
          '--source',
          'src-1',
          '--url',
          'https://kw.example.com/',
          '--token',
          't',
        ],
        { ADMIN_TOKEN: 'ignored' },
      ),
    ).toEqual({
      from: '2026-05-01',
      to: '2026-05-01',
      sourceId: 'src-1',
      url: 'https://kw.example.com',
      token: 't',
      interval: 2,
    });
    expect(
      parseArgs(['--from', '2026-05-01', '--to', '2026-05-02'], {
        KEEPWELL_HOST: 'http://127.0.0.1:9999',
        ADMIN_TOKEN: 'from-env',
      }),
    ).toMatchObject({ url: 'http://127.0.0.1:9999', token: 'from-env' });
  });

  it.each([
    [[], '--from is required'],
    [['--from', '2026-05-01'], '--to is required'],
    [['--from', '2026-02-30', '--to', '2026-03-01'], '--from must be a day as YYYY-MM-DD'],
    [['--from', '2026-5-1', '--to', '2026-05-02'], '--from must be a day as YYYY-MM-DD'],
    [['--from', '2026-05-02', '--to', '2026-05-01'], '--from must not be after --to'],
    [['--from', '2026-05-01', '--to'], '--to needs a value'],
    [['--from', '--to', '2026-05-01'], '--from needs a value'],
    [['--from', '2026-05-01', '--to', '2026-05-01', '--days', '3'], 'unknown argument --days'],
    [['--from', '2026-05-01', '--to', '2026-05-01', '--url', 'localhost'], '--url must be an http(s) URL'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseArgs(argv as string[])).toThrow(message);
  });

  it('prints one progress line per change', () => {
    expect(
      progressLine({
        id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        from: '2026-05-01',
        to: '2026-05-02',
        status: 'running',
        phase: 'archive',
        liveEvents: 10,
        archivedEvents: 250,
        partitions: 3,
        error: null,
      }),
    ).toBe('replay 7c9e6679 running (archive): 10 live + 250 archived events, 3 partitions');
  });
});

describe('npm run replay: refusals', () => {
  // A real HTTP server answering as the API does when it refuses (the envelope of worker/common/errors.ts).
  let server: Server;
  const url = new Promise<string>((resolve) => {
    server = createServer((req, res) => {
      const conflict = req.url === '/api/ingest/replays' && req.method === 'POST';
      res.writeHead(conflict ? 409 : 404, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            code: conflict ? 'CONFLICT' : 'NOT_FOUND',
            message: 'a running replay overlaps these days',
            requestId: 'r',
          },
        }),
      );
    }).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('says why the API refused, and when it cannot be reached', async () => {
    const args = parseArgs([
      '--from',
      '2026-05-01',
      '--to',
      '2026-05-02',
      '--url',
      await url,
      '--token',
      't',
    ]);
    await expect(runReplay(args, { log: () => {} })).rejects.toThrow(
      'the replay was not started: 409 CONFLICT: a running replay overlaps these days',
    );
    const down = parseArgs([
      '--from',
      '2026-05-01',
      '--to',
      '2026-05-02',
      '--url',
      'http://127.0.0.1:9',
      '--token',
      't',
    ]);
    await expect(runReplay(down, { log: () => {} })).rejects.toThrow('cannot reach http://127.0.0.1:9');
  });
});

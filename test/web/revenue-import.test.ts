import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  contractInput,
  IMPORT_KINDS,
  type ImportResult,
  leadInput,
  MAX_IMPORT_BYTES,
  ticketInput,
} from '../../shared/contracts/revenue';
import ImportTab from '../../web/src/components/settings/ImportTab.vue';
import {
  IMPORT_FIELDS,
  IMPORT_KIND_LIST,
  prefillMapping,
  MAX_IMPORT_BYTES as SPA_MAX_IMPORT_BYTES,
} from '../../web/src/composables/import-fields';
import { i18n } from '../../web/src/i18n';
import { fakeApi, type SentRequest } from './fetch';

const CSV = [
  'Account_External_ID,external id,Period Start,periodEnd,Amount,currency,interval',
  'acme,c-1,2026-01-01,2026-12-31,1200000,USD,year',
  'globex,c-2,2026-01-01,2026-12-31,600000,EUR,year',
  'initech,c-3,2026-03-01,2026-02-01,100000,USD,year',
].join('\n');

function result(overrides: Partial<ImportResult>): ImportResult {
  return {
    kind: 'contracts',
    rows: 3,
    committed: false,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    headers: [],
    ...overrides,
  };
}

async function mountImport(reply: (req: SentRequest) => ImportResult) {
  const server = fakeApi({ 'POST /api/imports/contracts': (req) => ({ body: reply(req) }) });
  vi.stubGlobal('fetch', server.fetch);
  const wrapper = mount(ImportTab, { global: { plugins: [i18n] }, attachTo: document.body });
  return { wrapper, requests: server.requests };
}

async function chooseFile(wrapper: VueWrapper, file: File) {
  const input = wrapper.find('[data-testid="import-file"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
  await flushPromises();
}

const select = (wrapper: VueWrapper, field: string) =>
  wrapper.find(`[data-testid="import-map-${field}"]`).element as HTMLSelectElement;
const commitDisabled = (wrapper: VueWrapper) =>
  wrapper.find('[data-testid="import-commit"]').attributes('disabled') !== undefined;

async function click(wrapper: VueWrapper, testId: string) {
  await wrapper.find(`[data-testid="${testId}"]`).trigger('click');
  await flushPromises();
}

describe('CSV import', () => {
  it('reads the headers locally and prefills the mapping by name, ignoring case, _ and spaces', async () => {
    const { wrapper, requests } = await mountImport(() => result({}));
    await chooseFile(wrapper, new File([`\ufeff${CSV}`], 'contracts.csv', { type: 'text/csv' }));
    expect(wrapper.findAll('[data-testid="import-headers"] li').map((li) => li.text())).toEqual([
      'Account_External_ID',
      'external id',
      'Period Start',
      'periodEnd',
      'Amount',
      'currency',
      'interval',
    ]);
    expect(select(wrapper, 'accountExternalId').value).toBe('Account_External_ID');
    expect(select(wrapper, 'externalId').value).toBe('external id');
    expect(select(wrapper, 'periodStart').value).toBe('Period Start');
    expect(select(wrapper, 'amountMinor').value).toBe('');
    expect(wrapper.find('[data-testid="import-map-items"]').exists()).toBe(false);
    expect(requests).toHaveLength(0);
    expect(commitDisabled(wrapper)).toBe(true);
    wrapper.unmount();
  });

  it('lists every row error of a dry run with its line and field; import stays off until a clean dry run', async () => {
    const replies: ImportResult[] = [
      result({
        errors: [
          { line: 4, field: 'periodEnd', message: 'ends before periodStart' },
          { line: 2, field: 'amountMinor', message: 'Required' },
        ],
      }),
      result({ errors: [] }),
      result({ committed: true, created: 3 }),
      result({ errors: [] }),
      result({ committed: true, unchanged: 3 }),
    ];
    const { wrapper, requests } = await mountImport(() => replies.shift()!);
    await chooseFile(wrapper, new File([CSV], 'contracts.csv', { type: 'text/csv' }));

    await click(wrapper, 'import-dry-run');
    expect(requests[0]!.body).toEqual({
      csv: CSV,
      dryRun: true,
      mapping: {
        accountExternalId: 'Account_External_ID',
        externalId: 'external id',
        periodStart: 'Period Start',
        periodEnd: 'periodEnd',
        currency: 'currency',
        interval: 'interval',
      },
    });
    const errors = wrapper.findAll('[data-testid="import-error"]');
    expect(errors.map((e) => [e.attributes('data-line'), e.attributes('data-field')])).toEqual([
      ['4', 'periodEnd'],
      ['2', 'amountMinor'],
    ]);
    expect(errors[0]!.text()).toContain('Line 4');
    expect(errors[0]!.text()).toContain('ends before periodStart');
    expect(wrapper.find('[data-testid="import-result"]').text()).toContain('2 problems in 3 rows');
    expect(commitDisabled(wrapper)).toBe(true);

    await wrapper.find('[data-testid="import-map-amountMinor"]').setValue('Amount');
    await click(wrapper, 'import-dry-run');
    expect((requests[1]!.body as { mapping: Record<string, string> }).mapping.amountMinor).toBe('Amount');
    expect(wrapper.find('[data-testid="import-errors"]').exists()).toBe(false);
    expect(commitDisabled(wrapper)).toBe(false);

    // Another mapping than the one checked needs its own dry run.
    await wrapper.find('[data-testid="import-map-currency"]').setValue('');
    expect(commitDisabled(wrapper)).toBe(true);
    await wrapper.find('[data-testid="import-map-currency"]').setValue('currency');
    expect(commitDisabled(wrapper)).toBe(false);

    await click(wrapper, 'import-commit');
    expect(requests[2]!.body).toMatchObject({ dryRun: false, mapping: { amountMinor: 'Amount' } });
    expect(wrapper.find('[data-testid="import-result"]').text()).toBe(
      'Imported 3 rows: 3 created, 0 updated, 0 unchanged.',
    );
    expect(commitDisabled(wrapper)).toBe(true);

    // The same file again: a dry run, then an import that changes nothing.
    await click(wrapper, 'import-dry-run');
    await click(wrapper, 'import-commit');
    expect(wrapper.find('[data-testid="import-result"]').text()).toBe(
      'Imported 3 rows: 0 created, 0 updated, 3 unchanged.',
    );
    expect(requests.map((r) => (r.body as { dryRun: boolean }).dryRun)).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    wrapper.unmount();
  });

  it('shows the errors of an import the API refused, and asks for a new dry run', async () => {
    const replies = [
      result({}),
      result({ errors: [{ line: 3, field: null, message: 'duplicate externalId' }] }),
    ];
    const { wrapper } = await mountImport(() => replies.shift()!);
    await chooseFile(wrapper, new File([CSV], 'contracts.csv'));
    await click(wrapper, 'import-dry-run');
    await click(wrapper, 'import-commit');
    expect(wrapper.find('[data-testid="import-result"]').text()).toBe('Nothing was imported: 1 problem.');
    expect(wrapper.find('[data-testid="import-error"]').text()).toContain('Line 3');
    expect(commitDisabled(wrapper)).toBe(true);
    wrapper.unmount();
  });

  it('refuses a file over 2 MB before reading or sending it', async () => {
    const { wrapper, requests } = await mountImport(() => result({}));
    const big = new File(['a'.repeat(MAX_IMPORT_BYTES + 1)], 'big.csv', { type: 'text/csv' });
    const text = vi.spyOn(big, 'text');
    await chooseFile(wrapper, big);
    expect(wrapper.find('[data-testid="import-file-error"]').text()).toBe(
      'big.csv is 2 MB; the largest file accepted is 2 MB.',
    );
    expect(text).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid="import-dry-run"]').exists()).toBe(false);
    expect(requests).toHaveLength(0);
    wrapper.unmount();
  });

  it('offers each kind’s fields, as the API contracts define them', () => {
    expect(IMPORT_KIND_LIST).toEqual(IMPORT_KINDS);
    expect(SPA_MAX_IMPORT_BYTES).toBe(MAX_IMPORT_BYTES);
    expect(IMPORT_FIELDS.contracts).toEqual(Object.keys(contractInput.shape).filter((k) => k !== 'items'));
    expect(IMPORT_FIELDS.tickets).toEqual(Object.keys(ticketInput.shape));
    expect(IMPORT_FIELDS.leads).toEqual(Object.keys(leadInput.shape));
    expect(prefillMapping(['Opened At', 'CHANNEL', 'notes'], ['openedAt', 'channel', 'resolvedAt'])).toEqual({
      openedAt: 'Opened At',
      channel: 'CHANNEL',
      resolvedAt: '',
    });
  });
});

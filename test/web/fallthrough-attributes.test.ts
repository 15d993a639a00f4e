import { mount } from '@vue/test-utils';
import { NButton, NCheckbox } from 'naive-ui';
import { describe, expect, it, vi } from 'vitest';
import LinkButton from '../../web/src/components/LinkButton.vue';
import ScrollRegion from '../../web/src/components/ScrollRegion.vue';

// The template type checks (web/tsconfig.json, web/src/fallthrough-attributes.d.ts) accept these attributes because
// they reach a real element at run time; these tests hold the components to that.

describe('attributes given to Naive UI components', () => {
  it('put WAI-ARIA and data-* attributes on the button element', () => {
    const wrapper = mount(NButton, {
      attrs: { 'aria-label': 'Close', 'aria-expanded': 'false', 'data-testid': 'close' },
    });
    const button = wrapper.find('button');
    expect(button.attributes('aria-label')).toBe('Close');
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(button.attributes('data-testid')).toBe('close');
  });

  it('name a checkbox on its checkbox element', () => {
    const wrapper = mount(NCheckbox, { props: { checked: true }, attrs: { 'aria-label': 'Core feature' } });
    expect(wrapper.find('[role="checkbox"]').attributes('aria-label')).toBe('Core feature');
  });
});

describe('LinkButton', () => {
  it('is a link with the button look, and a download keeps the server file name', () => {
    const wrapper = mount(LinkButton, {
      props: { href: '/api/accounts/export.csv', download: true },
      attrs: { secondary: true, 'data-testid': 'export-csv' },
      slots: { default: 'Export CSV' },
    });
    const link = wrapper.find('a');
    expect(link.attributes('href')).toBe('/api/accounts/export.csv');
    expect(link.attributes('download')).toBe('');
    expect(link.attributes('data-testid')).toBe('export-csv');
    expect(link.classes()).toContain('n-button');
    expect(link.classes()).toContain('n-button--secondary');
    expect(link.text()).toBe('Export CSV');
  });

  it('navigates without a download attribute and passes clicks and NButton props on', async () => {
    const onClick = vi.fn();
    const wrapper = mount(LinkButton, {
      props: { href: '/accounts' },
      attrs: { type: 'primary', onClick },
      slots: { default: 'Add an account' },
    });
    const link = wrapper.find('a');
    expect(link.attributes('download')).toBeUndefined();
    expect(link.classes()).toContain('n-button--primary-type');
    await link.trigger('click');
    expect(onClick).toHaveBeenCalledOnce();
  });
});

describe('ScrollRegion', () => {
  it('is a region named by its aria-label, reachable with Tab, keeping the classes it is given', () => {
    const wrapper = mount(ScrollRegion, {
      attrs: { 'aria-label': 'Members', class: 'is-stale', 'data-testid': 'members' },
      slots: { default: '<table class="data-table"></table>' },
    });
    const region = wrapper.find('section');
    expect(region.attributes('aria-label')).toBe('Members');
    expect(region.attributes('tabindex')).toBe('0');
    expect(region.classes()).toEqual(['table-scroll', 'is-stale']);
    expect(region.attributes('data-testid')).toBe('members');
    expect(region.find('table.data-table').exists()).toBe(true);
  });
});

import { computed, type Ref, ref } from 'vue';
import { type AccountActivity, getActivity } from '../api/account';
import type { ApiClient } from '../api/client';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/** Windows the activity panel offers, days; the first is the default. */
export const ACTIVITY_WINDOWS = [30, 90, 180] as const;

/**
 * Seat activation: activated users ÷ purchased seats, rate 0..1 (capped at 1); null without seats.
 * @example seatActivation({ seats: 20, users: { total: 30, activated: 15 } }) // 0.75
 */
export function seatActivation(activity: Pick<AccountActivity, 'seats' | 'users'>): number | null {
  if (!activity.seats) return null;
  return Math.min(1, activity.users.activated / activity.seats);
}

/**
 * Totals over the window: events, and the most active users on any one day.
 * @example activityTotals([{ day: 'd1', activeUsers: 3, events: 10, activeMinutes: 5 }]) // { events: 10, peakUsers: 3, activeDays: 1 }
 */
export function activityTotals(days: AccountActivity['days']) {
  return {
    events: days.reduce((sum, d) => sum + d.events, 0),
    peakUsers: days.reduce((max, d) => Math.max(max, d.activeUsers), 0),
    activeDays: days.filter((d) => d.activeUsers > 0).length,
  };
}

/**
 * Usage of an account over `days` days: daily active users and events, seats, by module and by feature.
 * @example const { data, state, days, activation, totals } = useAccountActivity(toRef(props, 'externalId'))
 */
export function useAccountActivity(externalId: Ref<string>, options: { api?: ApiClient } = {}) {
  const api = options.api ?? useApi();
  const days = ref<number>(ACTIVITY_WINDOWS[1]);
  const loader = useLoader((signal) => getActivity(api, externalId.value, days.value, signal), {
    watch: [externalId, days],
  });
  return {
    ...loader,
    days,
    activation: computed(() => (loader.data.value ? seatActivation(loader.data.value) : null)),
    totals: computed(() => activityTotals(loader.data.value?.days ?? [])),
  };
}

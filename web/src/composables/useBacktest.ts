import { computed, type Ref, ref, shallowRef, watch } from 'vue';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/client';
import { type Backtest, backtestModel, type Calibration, calibrateModel } from '../api/studio-models';
import { useApi } from './useApi';
import { useLoader } from './useLoader';
import { useSubmit } from './useSubmit';

/** The lead the backtest starts with, days before each renewal's due date (the API's default). */
export const DEFAULT_LEAD_DAYS = 90;

/**
 * Backtest and calibration of one model on past renewals. `backtest.reload()` runs the backtest with `leadDays`;
 * `tooFew` is the 422 TOO_FEW_OUTCOMES (its message has the counts). `calibrate()` fits weights, which the API saves
 * as the model's draft: `onCalibrated` reloads the model so the editor shows that draft. Both clear when the model
 * changes.
 * @example const { leadDays, backtest, calibrate, calibration } = useBacktest(modelId, editor.model.reload)
 */
export function useBacktest(
  modelId: Ref<string | null>,
  onCalibrated: () => Promise<void>,
  api: ApiClient = useApi(),
) {
  const leadDays = ref<number>(DEFAULT_LEAD_DAYS);
  const validLead = computed(
    () => Number.isInteger(leadDays.value) && leadDays.value >= 0 && leadDays.value <= 365,
  );

  const backtest = useLoader<Backtest | null>(
    (signal) =>
      modelId.value
        ? backtestModel(api, modelId.value, { leadDays: leadDays.value }, signal)
        : Promise.resolve(null),
    { immediate: false },
  );
  const tooFew = computed(() => refusal(backtest.error.value));

  const calibration = shallowRef<Calibration | null>(null);
  const calibrate = useSubmit(async () => {
    if (!modelId.value) return;
    calibration.value = null;
    calibration.value = await calibrateModel(api, modelId.value, { leadDays: leadDays.value });
    await onCalibrated();
  });
  const calibrateTooFew = computed(() => refusal(calibrate.error.value));

  watch(modelId, () => {
    backtest.data.value = null;
    backtest.error.value = null;
    backtest.state.value = 'idle';
    calibration.value = null;
  });

  return { leadDays, validLead, backtest, tooFew, calibration, calibrate, calibrateTooFew };
}

/** The 422 refusal (too few or one-sided outcomes), or null. */
function refusal(error: Error | null): ApiError | null {
  return error instanceof ApiError && error.status === 422 ? error : null;
}

/**
 * Version reported in `context.library.version` of every message.
 * Kept in step with the root package.json by hand, because the SDK is tested from source where no build step can inject it.
 *
 * @example
 * console.log(`keepwell-sdk ${SDK_VERSION}`);
 */
export const SDK_VERSION = '0.1.0';

import { createApp } from 'vue';
import SurveyPage from './SurveyPage.vue';
import { initialLocale, tokenFromPath } from './useSurveyPage';
import './survey.css';

// The public survey page (/s/<token>): plain Vue and this folder only. See ../main.ts for why it is separate.

const locale = initialLocale(window.location.search, navigator.languages ?? [navigator.language]);
// `?lang=` counts only when it is a valid tag (initialLocale then returns it).
const fromLink = new URLSearchParams(window.location.search).get('lang') === locale;
document.documentElement.lang = locale;

createApp(SurveyPage, {
  token: tokenFromPath(window.location.pathname),
  locale,
  fromLink,
}).mount('#app');

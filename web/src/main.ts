// The entry is only a switch, so each page downloads only its own code: the public survey page (/s/<token>) is
// plain Vue and a few KB (no router, Naive UI, vue-i18n or charts; budget checked by vite.config.ts), and the
// admin SPA never loads the survey page. Neither module imports the other.
if (window.location.pathname.startsWith('/s/')) void import('./survey/main');
else void import('./admin/main');

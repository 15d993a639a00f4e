// Shell, navigation and pieces shared by every screen. Messages use vue-i18n syntax: `{name}` interpolates, `|`
// separates plural forms, and a literal @ { } | must be written {'@'}.
export default {
  appName: 'Keepwell',
  skipToContent: 'Skip to content',
  nav: {
    label: 'Main',
    dashboard: 'Dashboard',
    accounts: 'Accounts',
    metrics: 'Metrics',
    alerts: 'Alerts',
    settings: 'Settings',
    collapse: 'Collapse menu',
    expand: 'Expand menu',
  },
  user: {
    menu: 'Account menu for {name}',
    password: 'Change password',
    signOut: 'Sign out',
    role: 'Role: {role}',
  },
  locale: {
    label: 'Language',
  },
  roles: {
    admin: 'Admin',
    csm: 'CSM',
    viewer: 'Viewer',
  },
  actions: {
    retry: 'Try again',
    save: 'Save',
    cancel: 'Cancel',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Could not copy; select the text and copy it yourself.',
    create: 'Create',
    delete: 'Delete',
    revoke: 'Revoke',
    edit: 'Edit',
    close: 'Close',
    confirm: 'Confirm',
    back: 'Back',
  },
  status: {
    loading: 'Loading…',
    saving: 'Saving…',
    saved: 'Saved',
  },
  error: {
    title: 'Something went wrong',
    requestId: 'Request ID',
    requestIdHint: 'quote it when reporting this problem.',
    chunk: 'This page failed to load. Reload to try again.',
    sessionExpired: 'Your session has ended. Sign in again.',
  },
  notSet: 'not set',
  never: 'Never',
  tier: {
    unscored: 'Unscored',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is nothing at {path}.',
    home: 'Go to the start page',
  },
  forbidden: {
    title: 'Not available to your role',
    body: 'Ask an admin if you need access to this page.',
  },
  title: '{page} · Keepwell',
};

// Sending events: the snippets of the empty dashboard and Settings → Sources.
export default {
  snippets: {
    label: 'Ways to send events',
    source: 'Source',
    tabs: {
      curl: 'curl',
      segmentNode: 'Segment (Node)',
      segmentBrowser: 'Segment (browser)',
      rudderNode: 'RudderStack (Node)',
      rudderBrowser: 'RudderStack (browser)',
      sdk: 'Keepwell SDK',
      pixel: 'Pixel',
    },
    hints: {
      curl: 'One request with a group, an identify and a track call: the quickest test.',
      segmentNode: 'Already on @segment/analytics-node? Keep your calls and point host at Keepwell.',
      segmentBrowser:
        'Already on Analytics.js (@segment/analytics-next)? Keep your calls and point the Segment.io destination at Keepwell.',
      rudderNode: 'Already on RudderStack? Keep your calls and set dataPlaneUrl to Keepwell.',
      rudderBrowser: 'The RudderStack JavaScript SDK with Keepwell as its data plane.',
      sdk: 'Nothing to install: this Keepwell serves its own SDK (under 5 KB). Paste it into your pages.',
      pixel: 'No JavaScript (emails, locked-down pages): an image that records one activity.',
    },
    placeholder: 'Replace YOUR_WRITE_KEY with the source’s write key: only admins can see write keys.',
    notKept:
      'This source’s write key was created before Keepwell kept keys and cannot be shown again: use the key you saved, or create a new source.',
    loadFailed: 'Could not load the write key',
  },
};

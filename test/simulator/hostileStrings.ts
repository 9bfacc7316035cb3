// Strings that break careless rendering: HTML/script injection, quotes, right-to-left text
// (including U+202E, which reverses what follows), emoji and a 300-character name.

export const LONG_300 = 'A very long name that keeps going '.repeat(10).slice(0, 299) + 'Z';

export const HOSTILE_USERS = [
  { id: '450901', first_name: '<script>alert(1)</script>', last_name: '<img src=x onerror=alert(1)>', email: 'script.tester@acme.example' },
  { id: '450902', first_name: `"O'Brien" & co`, last_name: `Quote'"&`, email: 'obrien@acme.example' },
  { id: '450903', first_name: 'مريم', last_name: 'الحسن', email: 'maryam@acme.example' },
  { id: '450904', first_name: 'דוד', last_name: 'כהן', email: 'david.cohen@acme.example' },
  { id: '450905', first_name: '\u202Etxt.exe', last_name: 'Override', email: 'rlo@acme.example' },
  { id: '450906', first_name: '🐝 Bea', last_name: 'Buzz 🍯', email: 'bea@acme.example' },
  { id: '450907', first_name: LONG_300, last_name: 'Long', email: 'long.name@acme.example' },
];

export const HOSTILE_TAG_NAMES = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  `"O'Brien" & co`,
  'عاجل',
  'דחוף',
  '\u202Edeggat',
  '🔥 Hot',
  LONG_300,
];

export const HOSTILE_INBOX_NAME = `<img src=x onerror=alert(1)> Partners "O'Brien" & co 🤝 <script>alert(1)</script>`;

/** What a payload that ran would set, in whichever frame it ran. The UI test reads it in each frame. */
export const CANARY_GLOBAL = '__hiverCanary';

/** 10,000 characters without a space: what long text does to layout when nothing truncates it. */
export const LONG_10K = ('Long' + 'x'.repeat(96)).repeat(100);

/**
 * The hostile dataset's payloads, put in every string field in turn. `canaryUrl` is the
 * simulator's /__sim/canary: an image or link that loads it is logged there, so rendering
 * that fetched something shows up even when no script ran.
 */
export function hostilePayloads(canaryUrl: string): string[] {
  return [
    `<img src=x onerror="window.top.${CANARY_GLOBAL}=1;parent.${CANARY_GLOBAL}=1;window.${CANARY_GLOBAL}=1">`,
    `<script>window.${CANARY_GLOBAL}=1;parent.${CANARY_GLOBAL}=1</script>`,
    `javascript:window.${CANARY_GLOBAL}=1`,
    '[Open settings](command:workbench.action.toggleZenMode)',
    '$(alert) $(zap) Urgent $(loading~spin)',
    '\u202Etxt.exe\u202C and \u2067isolated\u2069',
    'zero\u200Bwidth\u200D\uFEFFjoiners',
    `![canary](${canaryUrl}/markdown-image)`,
    `<img src="${canaryUrl}/html-image">`,
    '<a href="command:workbench.action.toggleZenMode">click me</a>',
    '&#x202E;entity &lt;b&gt;bold&lt;/b&gt;',
    '🐝🔥 👩‍👩‍👧‍👦 emoji',
    LONG_10K,
  ];
}

/** Permalinks that must never be opened or rendered as links (one real Hiver link among them). */
export function hostileUrls(canaryUrl: string): string[] {
  return [
    `javascript:window.${CANARY_GLOBAL}=1`,
    'command:workbench.action.toggleZenMode',
    `${canaryUrl}/permalink`,
    'https://v2.hiverhq.com.evil.example/permalinks/pvt/1',
    `data:text/html,<script>parent.${CANARY_GLOBAL}=1</script>`,
    'https://v2.hiverhq.com/permalinks/pvt/5e1f00d5',
  ];
}

/**
 * Ids that would collide with the tree's own rows if ids were joined naively: a tag `~loadMore`
 * beside the Load more row, a user `x/users`, ids with slashes and what encodeURIComponent keeps.
 */
export const COLLIDING_IDS = ['~loadMore', 'x/users', '~error', 'a/b/c', "!*'()~", '%2F'];

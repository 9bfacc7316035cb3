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

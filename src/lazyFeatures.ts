// The code that only a panel, a triage command or a search picker runs (features.ts) loads the
// first time one of them needs it: activation parses less. The production and development
// builds bundle it apart, as dist/features.js (esbuild.mjs); elsewhere this is a plain require.
import type * as Features from './features';

let loaded: typeof Features | undefined;

export function features(): typeof Features {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./features') as typeof Features);
}

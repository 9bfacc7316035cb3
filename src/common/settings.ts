import * as vscode from 'vscode';
import { TransportSettings } from '../hiver/transportTypes';
import { clampLimit } from '../hiver/pageLimit';
import { withoutTrailingSlashes } from '../hiver/baseUrl';
import { logger } from './logger';
import { userOnlyValue } from './userOnly';

/** The `hiver.*` settings, read in one place. */
export interface HiverSettings {
  apiBaseUrl: string;
  pageSize: number;
  dailyRequestLimit: number;
  requestIntervalMs: number;
  /** Data from the disk cache older than this is re-read in the background when shown. */
  cacheMaxAgeMinutes: number;
}

export const SETTINGS_SECTION = 'hiver';

const DEFAULTS: HiverSettings = {
  apiBaseUrl: 'https://api2.hiverhq.com/v1',
  pageSize: 100,
  dailyRequestLimit: 5000,
  requestIntervalMs: 1000,
  cacheMaxAgeMinutes: 30,
};

const log = logger('settings');

/** Settings a workspace set that were ignored and logged: once per window is enough. */
const reported = new Set<string>();

/**
 * Every hiver setting decides where the key goes (apiBaseUrl) or how fast or how many
 * requests are sent (the interval, the daily limit, the page size, which sets how many
 * requests Load all spends, and the cache's age, which sets how often cached data is re-read).
 * So all are read from user settings only (see userOnly.ts).
 */
export function readSettings(): HiverSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const read = <K extends keyof HiverSettings>(name: K): HiverSettings[K] => {
    const { value, ignoredFromWorkspace } = userOnlyValue(config.inspect(name), DEFAULTS[name]);
    if (ignoredFromWorkspace && !reported.has(name)) {
      reported.add(name);
      log.warn(`ignored ${SETTINGS_SECTION}.${name} from the workspace or folder settings: only your user settings can set it`);
    }
    return value;
  };
  return {
    apiBaseUrl: withoutTrailingSlashes(read('apiBaseUrl').trim()),
    pageSize: clampLimit(read('pageSize')),
    dailyRequestLimit: Math.max(1, read('dailyRequestLimit')),
    requestIntervalMs: Math.max(50, read('requestIntervalMs')),
    cacheMaxAgeMinutes: Math.max(0, read('cacheMaxAgeMinutes')),
  };
}

export function transportSettings(settings: HiverSettings): Partial<TransportSettings> & { baseUrl: string } {
  return { baseUrl: settings.apiBaseUrl, dailyLimit: settings.dailyRequestLimit, minGapMs: settings.requestIntervalMs };
}

export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SETTINGS_SECTION)) listener();
  });
}

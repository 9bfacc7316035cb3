import * as vscode from 'vscode';
import { TransportSettings } from '../hiver/transport';
import { clampLimit } from '../hiver/pageLimit';

/** The `hiver.*` settings, read in one place. */
export interface HiverSettings {
  apiBaseUrl: string;
  pageSize: number;
  dailyRequestLimit: number;
  requestIntervalMs: number;
}

export const SETTINGS_SECTION = 'hiver';

export function readSettings(): HiverSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    apiBaseUrl: config.get<string>('apiBaseUrl', 'https://api2.hiverhq.com/v1').replace(/\/+$/, ''),
    pageSize: clampLimit(config.get<number>('pageSize', 100)),
    dailyRequestLimit: Math.max(1, config.get<number>('dailyRequestLimit', 5000)),
    requestIntervalMs: Math.max(50, config.get<number>('requestIntervalMs', 1000)),
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

// The hiver.watch.* settings, read from user settings only (userOnly.ts): the share spends the
// account's requests, and what a notification says or when is the user's own choice.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../common/settings';
import { userOnlyValue } from '../common/userOnly';

export type NotifyChoice = 'off' | 'assigned' | 'all';

export interface WatchSettings {
  dailyShare: number;
  /** The Hiver user id of "me"; '' when not chosen. */
  me: string;
  notify: NotifyChoice;
  notifyWhenUnfocused: boolean;
}

const NOTIFY: NotifyChoice[] = ['off', 'assigned', 'all'];

export function readWatchSettings(): WatchSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const read = <T extends string | number | boolean>(name: string, fallback: T): T => userOnlyValue(config.inspect(name), fallback).value;
  const share = read('watch.dailyShare', 0.2);
  const notify = read('watch.notify', 'all');
  return {
    dailyShare: Math.min(0.9, Math.max(0, share)),
    me: read('watch.me', '').trim(),
    notify: NOTIFY.includes(notify as NotifyChoice) ? (notify as NotifyChoice) : 'all',
    notifyWhenUnfocused: read('watch.notifyWhenUnfocused', false),
  };
}

/** Written to the user's settings (never a workspace's). */
export function writeWatchSetting(name: 'me' | 'notify', value: string): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).update(`watch.${name}`, value, vscode.ConfigurationTarget.Global);
}
